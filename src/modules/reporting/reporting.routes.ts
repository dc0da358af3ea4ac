import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { cityScope } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { computeKpi } from './kpi.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function reportingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/kpi', {
    config: { access: ['province_admin', 'city_officer', 'department_officer'] },
    schema: { tags: ['reporting'], summary: '三项指标 / the three KPIs by dimension (city officers: own city)', querystring: z.object({ from: ZDate.optional(), to: ZDate.optional() }) },
  }, async (req) => computeKpi(ctx.db, req.query, cityScope(actorOf(req))));
}
