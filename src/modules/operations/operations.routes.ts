import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { createMetrics } from './metrics.ts';

/**
 * `GET /api/metrics` for Prometheus (scrape token or a province administrator), and the hook that
 * counts every request by its route template.
 */
export function operationsRoutes(app: FastifyInstance, ctx: AppContext) {
  const metrics = createMetrics(ctx.db);
  app.addHook('onResponse', async (req, reply) => {
    metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/api/metrics', { config: { access: 'metrics' }, schema: { tags: ['system'], summary: '运行指标（Prometheus 格式）/ metrics in the Prometheus text format' } }, async (_req, reply) => {
    reply.type(metrics.contentType);
    return metrics.render();
  });
}
