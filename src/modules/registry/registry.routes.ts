import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from '../../http/auth.ts';
import { getInstitution, getPerson, listInstitutions, listPersons } from './registry.service.ts';

const OFFICIALS = ['province_admin', 'city_officer'] as const;

export function registryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/persons', {
    config: { access: [...OFFICIALS, 'institution_staff'] },
    schema: { tags: ['registry'], summary: '实名人员 / persons (scoped, masked)', querystring: z.object({ q: z.string().max(64).optional(), city: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) },
  }, async (req) => listPersons(ctx.db, ctx.vault, actorOf(req), req.query));
  r.get('/api/persons/:key', {
    config: { access: [...OFFICIALS, 'institution_staff', 'worker'] },
    schema: { tags: ['registry'], summary: '人员详情与变更记录 / a person with history', params: z.object({ key: z.string() }) },
  }, async (req) => getPerson(ctx.db, ctx.vault, actorOf(req), req.params.key));
  r.get('/api/institutions', {
    config: { access: 'public' },
    schema: { tags: ['registry'], summary: '机构目录（公开）/ institution directory', querystring: z.object({ city: z.string().optional(), role: z.enum(['training', 'evaluation']).optional(), q: z.string().max(64).optional() }) },
  }, async (req) => listInstitutions(ctx.db, req.query));
  r.get('/api/institutions/:code', {
    config: { access: [...OFFICIALS, 'institution_staff', 'department_officer'] },
    schema: { tags: ['registry'], summary: '机构详情与变更记录 / an institution with history', params: z.object({ code: z.string() }) },
  }, async (req) => getInstitution(ctx.db, actorOf(req), req.params.code));
}
