import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { ReplicaBehind } from '../db/read-routing.ts';
import type { AppContext } from '../kernel/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The database of a route that declared `reads: 'standby'` (null on every other route). */
    readDb: Db | null;
  }
  interface FastifyContextConfig {
    /** `'standby'`: this read-only route may be served by the hot standby (docs/operations.md § Read routing). */
    reads?: 'standby';
  }
}

/** Where a session's last write is kept (the accounts module, given by the composition root). */
export interface SessionWrites {
  noteSessionWrite(db: Db, token: string): Promise<void>;
  sessionWroteLsn(db: Db, token: string): Promise<string | null>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Chooses, per request, where a routed read goes (ctx.readDb) and records, after each write by a
 * signed-in session, how far the primary's WAL had got, so that session's next routed read shows
 * nothing older. `X-Jineng-Read: standby|primary` says which one answered a routed read. Without
 * a standby nothing is recorded or asked.
 */
export function readRouting(app: FastifyInstance, ctx: AppContext, sessions: SessionWrites) {
  app.decorateRequest('readDb', null);
  app.addHook('preHandler', async (req) => {
    if ((req.routeOptions.config as { reads?: string } | undefined)?.reads !== 'standby') return;
    const wrote =
      ctx.readDb.standby && req.sessionToken ? await sessions.sessionWroteLsn(ctx.db, req.sessionToken) : null;
    req.readDb = await ctx.readDb.dbFor(wrote);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.readDb) reply.header('x-jineng-read', req.readDb === ctx.db ? 'primary' : 'standby');
    // Before the answer leaves: the caller's next request must find the position recorded.
    if (ctx.readDb.standby && req.sessionToken && WRITES.has(req.method))
      await sessions.noteSessionWrite(ctx.db, req.sessionToken);
    return payload;
  });
}

/**
 * Runs a routed read on the database chosen for the request; when the standby's KPI rollup is
 * behind its records (a standby cannot refresh it), once more on the primary.
 */
export async function onReadDb<T>(req: FastifyRequest, ctx: AppContext, read: (db: Db) => Promise<T>): Promise<T> {
  const db = req.readDb ?? ctx.db;
  try {
    return await read(db);
  } catch (e) {
    if (!(e instanceof ReplicaBehind) || db === ctx.db) throw e;
    req.readDb = ctx.db;
    return read(ctx.db);
  }
}
