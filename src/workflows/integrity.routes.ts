import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { decideCase } from './decide-case.ts';
import { ZCaseDecision } from './integrity.schema.ts';

/**
 * Integrity routes that reach beyond the integrity module: deciding a case claws back subsidies
 * (subsidy). The integrity module's own routes are in modules/integrity/integrity.routes.ts.
 */
export function integrityWorkflowRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/integrity/cases/:id',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['integrity'],
        summary: '确认或排除（须填结论；确认触发追回）/ confirm or dismiss a case',
        params: z.object({ id: z.coerce.number().int() }),
        body: z.object({ status: z.enum(['confirmed', 'dismissed']), finding: z.string().min(2).max(1000) }),
        response: { 200: ZCaseDecision },
      },
    },
    async (req) => decideCase(ctx.db, actorOf(req), req.params.id, req.body.status, req.body.finding),
  );
}
