import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { buildLabels, ZLabels } from './labels.ts';

export function labelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/labels',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          '代码名称（状态、类别、群体、领域、等级、原因、角色等）/ the names of every code, in Chinese and English',
        response: { 200: ZLabels },
      },
    },
    async (_req, reply) => {
      // Names change only when a catalog is edited: browsers may keep them a few minutes.
      reply.header('cache-control', 'public, max-age=300');
      return buildLabels(ctx.db);
    },
  );
}
