import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../kernel/context.ts';
import { createMetrics } from './metrics.ts';
import { operationsStatus } from './status.ts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { metricsResponse, ZOperationsStatus, ZQueuedJob } from './operations.schema.ts';
import { visibleQueuedJob } from './queued-jobs.ts';

/**
 * `GET /api/metrics` for Prometheus (scrape token or a province administrator), the hook that
 * counts every request by its route template, and the operations page's status for administrators.
 */
export function operationsRoutes(app: FastifyInstance, ctx: AppContext) {
  const metrics = createMetrics(ctx.db);
  app.addHook('onResponse', async (req, reply) => {
    metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get(
    '/api/metrics',
    {
      config: { access: 'metrics' },
      schema: {
        tags: ['system'],
        summary: '运行指标（Prometheus 格式）/ metrics in the Prometheus text format',
        response: { 200: metricsResponse },
      },
    },
    async (_req, reply) => {
      reply.type(metrics.contentType);
      return metrics.render();
    },
  );
  app.get(
    '/api/operations/status',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['system'],
        summary: '运行状态：定时任务、支付、台账 / operations: scheduled jobs, payments, the ledger',
        response: { 200: ZOperationsStatus },
      },
    },
    async () => operationsStatus(ctx.db),
  );
  app.get(
    '/api/jobs/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['system'],
        summary: '后台任务进度与结果 / a queued job: status, progress, output',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZQueuedJob },
      },
    },
    async (req) => visibleQueuedJob(ctx.db, actorOf(req), (req.params as { id: string }).id),
  );
}
