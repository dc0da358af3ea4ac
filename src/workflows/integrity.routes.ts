import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/context.ts';
import { actorOf } from '../http/auth.ts';
import { applySanction, detectorPrecision, institutionRatings, listCases, runDetectors } from '../modules/integrity/index.ts';
import { decideCase } from './decide-case.ts';

export function integrityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/integrity/detect', { config: { access: ['province_admin'] }, schema: { tags: ['integrity'], summary: '运行交互比对检测 / run the integrity detectors' } }, async () => runDetectors(ctx.db));
  r.get('/api/integrity/cases', {
    config: { access: ['province_admin', 'city_officer'] },
    schema: { tags: ['integrity'], summary: '疑点案件与证据 / integrity cases with evidence', querystring: z.object({ status: z.enum(['open', 'confirmed', 'dismissed']).optional() }) },
  }, async (req) => listCases(ctx.db, actorOf(req), req.query.status ?? null));
  r.post('/api/integrity/cases/:id', {
    config: { access: ['province_admin', 'city_officer'] },
    schema: { tags: ['integrity'], summary: '确认或排除（须填结论；确认触发追回）/ confirm or dismiss a case', params: z.object({ id: z.coerce.number().int() }), body: z.object({ status: z.enum(['confirmed', 'dismissed']), finding: z.string().min(2).max(1000) }) },
  }, async (req) => decideCase(ctx.db, actorOf(req), req.params.id, req.body.status, req.body.finding));
  r.get('/api/institutions-ratings', { config: { access: ['province_admin', 'city_officer', 'department_officer'] }, schema: { tags: ['integrity'], summary: '机构信用分与星级（公式见文档）/ institution credit and star rating' } }, async (req) => institutionRatings(ctx.db, actorOf(req)));
  r.post('/api/institutions/:code/sanction', {
    config: { access: ['province_admin'] },
    schema: { tags: ['integrity'], summary: '处理：警示、整改、暂停、移出目录、黑名单 / apply a sanction', params: z.object({ code: z.string() }), body: z.object({ sanction: z.enum(['warning', 'rectification', 'suspension', 'removal', 'blacklist']), reason: z.string().min(2).max(1000) }) },
  }, async (req) => applySanction(ctx.db, actorOf(req), req.params.code, req.body.sanction, req.body.reason));
  r.get('/api/integrity/precision', { config: { access: ['province_admin'] }, schema: { tags: ['integrity'], summary: '各检测器精确率 / precision per detector from findings' } }, async () => detectorPrecision(ctx.db));
}
