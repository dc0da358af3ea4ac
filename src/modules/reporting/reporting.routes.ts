import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { cityScope } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { computeKpi } from './kpi.ts';
import { dashboard } from './dashboard.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function reportingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/dashboard', {
    config: { access: ['province_admin', 'city_officer', 'department_officer'] },
    schema: { tags: ['reporting'], summary: '目标进度看板 / progress against (pro-rata) targets, by city, with trend', querystring: z.object({ asOf: ZDate.optional() }) },
  }, async (req) => dashboard(ctx.db, req.query.asOf ?? chinaDate(new Date()), cityScope(actorOf(req))));
  r.get('/api/reminders', {
    config: { access: ['province_admin', 'city_officer'] },
    schema: { tags: ['reporting'], summary: '督促提醒：按当前进度无法按期完成目标的城市 / cities behind pace', querystring: z.object({ asOf: ZDate.optional() }) },
  }, async (req) => (await dashboard(ctx.db, req.query.asOf ?? chinaDate(new Date()), cityScope(actorOf(req)))).cities.filter((c) => c.behind));
  r.get('/api/kpi.xlsx', {
    config: { access: ['province_admin', 'city_officer', 'department_officer'] },
    schema: { tags: ['reporting'], summary: '指标 XLSX / the KPI table as XLSX', querystring: z.object({ from: ZDate.optional(), to: ZDate.optional(), city: z.string().optional() }) },
  }, async (req, reply) => {
    const scope = cityScope(actorOf(req)) ?? req.query.city ?? null;
    const rows = await computeKpi(ctx.db, req.query, scope);
    return sendXlsx(reply, `kpi${scope ? `-${scope}` : ''}.xlsx`, await toXlsx('指标', [['指标 Indicator', 'indicator'], ['维度 Dimension', 'dimension'], ['键 Key', 'key'], ['数值 Value', 'value']], rows as unknown as Record<string, unknown>[]));
  });
  r.get('/api/kpi', {
    config: { access: ['province_admin', 'city_officer', 'department_officer'] },
    schema: { tags: ['reporting'], summary: '三项指标 / the three KPIs by dimension (city officers: own city)', querystring: z.object({ from: ZDate.optional(), to: ZDate.optional(), city: z.string().optional() }) },
  }, async (req) => computeKpi(ctx.db, req.query, cityScope(actorOf(req)) ?? req.query.city ?? null));
}
