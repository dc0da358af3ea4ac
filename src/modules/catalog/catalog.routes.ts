import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorName } from '../../kernel/auth.ts';
import { CATALOGS, listCatalog, updateOccupation } from './catalog.service.ts';
import { ZCatalog, ZOccupationEdit, ZOccupationEdited } from './catalog.schema.ts';

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
    async (req) => updateOccupation(ctx.db, actorName(req.actor), req.params.code, req.body),
  );
}
