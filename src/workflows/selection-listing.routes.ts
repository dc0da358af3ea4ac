import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { listSelectedApplication } from './list-selected-institution.ts';

/** 列入目录: the province lists an institution whose application passed notice (docs/selection.md § Listing). */
export function selectionListingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/selection/applications/:id/list',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['selection'],
        summary: '公示期满无异议，列入机构目录（省级）/ list the institution after its notice period (province)',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            creditCode: z.string(),
            roles: z.array(z.string()),
            listedFrom: z.string(),
            listedUntil: z.string(),
            reviewDueOn: z.string(),
          }),
        },
      },
    },
    async (req) => listSelectedApplication(ctx.db, actorOf(req), req.params.id),
  );
}
