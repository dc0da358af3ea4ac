import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { AppContext } from '../kernel/context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: a high-rate write that can never mark a KPI fact (a learning heartbeat, a live-class
     * event, a device's attendance events, a notice marked read, sign-in and sign-out) answers without
     * the pre-roll check. Only the tables behind the KPIs mark days (decisions, certificates, persons,
     * projects, catalog levels and occupations, project tags: migrations 0019, 0051).
     */
    rollups?: false;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Pre-rolls the KPI rollups after every successful write, before the answer leaves: the days the
 * write's triggers marked (kpi_dirty) are recounted by the writer, not by the next reader, so a
 * dashboard or board read right after a change sums an up-to-date rollup and recounts nothing.
 * `refresh` is the reporting module's refreshKpiRollup (given by the composition root); when
 * nothing is marked it costs one EXISTS. Registered before readRouting, whose onSend records the
 * session's WAL position after this refresh, so a standby that replayed the write has replayed its
 * rollup too. A failed refresh does not fail the committed write: the next reader recounts.
 * A route that declares `config: { rollups: false }` is skipped (its writes mark nothing; a mark
 * another writer left stays for the next reader or writer).
 */
export function rollupsAfterWrites(app: FastifyInstance, ctx: AppContext, refresh: (db: Db) => Promise<unknown>) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!WRITES.has(req.method) || reply.statusCode >= 400) return payload;
    if ((req.routeOptions.config as { rollups?: false } | undefined)?.rollups === false) return payload;
    await refresh(ctx.db).catch((e) => req.log.warn({ err: e }, 'KPI rollup refresh after a write failed'));
    return payload;
  });
}
