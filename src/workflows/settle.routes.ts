import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.ts';
import type { AppContext } from '../kernel/context.ts';
import { ZDate } from '../kernel/schemas.ts';
import { startSettlementNow } from './settle-now.ts';

export function settleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/operations/settle',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['operations'],
        summary:
          '立即结算：按政策决定截至某日（默认今天）提交的全部申请，后台运行，见运行状态 / settle now, in the background (see operations)',
        body: z.object({ asOf: ZDate.optional() }),
        response: { 202: z.object({ asOf: z.string(), started: z.literal(true) }) },
      },
    },
    async (req, reply) => reply.status(202).send(await startSettlementNow(ctx, actorOf(req), req.body)),
  );
}
