import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorName } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { CATALOGS, listCatalog } from './catalog.service.ts';
import {
  createOccupation,
  evaluationResourcesAdded,
  listCatalogChanges,
  updateOccupation,
} from './occupation-admin.ts';
import { assertMayEditCatalog } from './catalog.policy.ts';
import {
  ZCatalog,
  ZCatalogChange,
  ZEvaluationResources,
  ZOccupationEdit,
  ZOccupationEdited,
  ZOccupationNew,
} from './catalog.schema.ts';

export function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/catalogs/:name',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '公开目录 / a published reference catalog',
        params: z.object({ name: z.enum(CATALOGS) }),
        response: { 200: ZCatalog },
      },
    },
    async (req) => listCatalog(ctx.db, req.params.name),
  );
  r.patch(
    '/api/catalogs/occupations/:code',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['catalog'],
        summary: '修改职业目录 / edit an occupation (versioned, audited)',
        params: z.object({ code: z.string() }),
        body: ZOccupationEdit,
        response: { 200: ZOccupationEdited },
      },
    },
    async (req) => {
      assertMayEditCatalog(actorOf(req));
      return updateOccupation(ctx.db, actorName(req.actor), req.params.code, req.body);
    },
  );
  r.post(
    '/api/catalogs/occupations',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['catalog'],
        summary: '新增职业 / add an occupation (versioned, audited)',
        body: ZOccupationNew,
        response: { 201: ZOccupationEdited },
      },
    },
    async (req, reply) => {
      assertMayEditCatalog(actorOf(req));
      reply.code(201);
      return createOccupation(ctx.db, actorName(req.actor), req.body);
    },
  );
  r.get(
    '/api/catalog-changes',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['catalog'],
        summary: '职业目录变更记录 / occupation catalog history',
        querystring: z.object({ code: z.string().optional() }),
        response: { 200: z.array(ZCatalogChange) },
      },
    },
    async (req) => listCatalogChanges(ctx.db, req.query.code),
  );
  r.get(
    '/api/catalogs/evaluation-resources',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '当年新增评价资源（专项职业能力）与规划 40 个 / new evaluation resources this year vs plan',
        querystring: z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() }),
        response: { 200: ZEvaluationResources },
      },
    },
    async (req) => evaluationResourcesAdded(ctx.db, req.query.year ?? new Date().getFullYear()),
  );
}
