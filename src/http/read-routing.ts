import { createHash } from 'node:crypto';
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

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sessions are remembered by a hash of their token, never the token. */
const sessionKey = (req: FastifyRequest) =>
  req.sessionToken ? createHash('sha256').update(req.sessionToken).digest('base64url') : null;

/**
 * Chooses, per request, where a routed read goes (ctx.readDb) and remembers, after each write by a
 * signed-in session, how far the primary's WAL had got, so that session's next routed read waits
 * for nothing stale. `X-Jineng-Read: standby|primary` says which one answered a routed read.
 */
export function readRouting(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('readDb', null);
  app.addHook('preHandler', async (req) => {
    if ((req.routeOptions.config as { reads?: string } | undefined)?.reads !== 'standby') return;
    req.readDb = await ctx.readDb.dbFor(sessionKey(req));
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.readDb) reply.header('x-jineng-read', req.readDb === ctx.db ? 'primary' : 'standby');
    const session = sessionKey(req);
    // Before the answer leaves: the caller's next request must find the position recorded.
    if (ctx.readDb.standby && session && WRITES.has(req.method)) await ctx.readDb.noteWrite(session);
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
