import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { AppContext } from '../kernel/context.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Pre-rolls the KPI rollups after every successful write, before the answer leaves: the days the
 * write's triggers marked (kpi_dirty) are recounted by the writer, not by the next reader, so a
 * dashboard or board read right after a change sums an up-to-date rollup and recounts nothing.
 * `refresh` is the reporting module's refreshKpiRollup (given by the composition root); when
 * nothing is marked it costs one EXISTS. Registered before readRouting, whose onSend records the
 * session's WAL position after this refresh, so a standby that replayed the write has replayed its
 * rollup too. A failed refresh does not fail the committed write: the next reader recounts.
 */
export function rollupsAfterWrites(app: FastifyInstance, ctx: AppContext, refresh: (db: Db) => Promise<unknown>) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!WRITES.has(req.method) || reply.statusCode >= 400) return payload;
    await refresh(ctx.db).catch((e) => req.log.warn({ err: e }, 'KPI rollup refresh after a write failed'));
    return payload;
  });
}
