import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../kernel/context.ts';
import type { Access, Actor, Device } from '../kernel/auth.ts';
import { Forbidden, Unauthenticated } from '../kernel/errors.ts';

export const SESSION_COOKIE = 'jn_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    device: Device | null;
  }
  interface FastifyContextConfig {
    /** Who may call this route. Every /api route must declare it (see routeGuard). */
    access?: Access;
  }
}

/**
 * Refuses at start-up any API route that does not declare who may call it. Routes outside /api
 * are the documentation and the web app's static files, public by nature.
 */
export function routeGuard(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access && route.url.startsWith('/api')) {
      throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    }
  });
}

/** How a session token and a device's credentials are resolved (the accounts and training modules, given by the composition root). */
export interface Authenticators {
  resolveSession(db: AppContext['db'], token: string): Promise<Actor | null>;
  authenticateDevice(db: AppContext['db'], authorization: string | undefined): Promise<Device>;
}

/** Resolves the caller and enforces the route's declared access before its handler runs. */
export function authenticate(
  app: FastifyInstance,
  ctx: AppContext,
  { resolveSession, authenticateDevice }: Authenticators,
) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('device', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7) : null;
    const token = bearer ?? req.cookies?.[SESSION_COOKIE] ?? null;
    if (token) {
      req.actor = await resolveSession(ctx.db, token);
      req.sessionToken = req.actor ? token : null;
      if (req.actor && !bearer) assertSameOrigin(req, ctx.config.publicOrigin);
    }
    const access = (req.routeOptions.config as { access?: Access } | undefined)?.access;
    if (!access || access === 'public') return;
    if (access === 'device') {
      req.device = await authenticateDevice(ctx.db, req.headers.authorization);
      return;
    }
    if (access === 'metrics') {
      if (isScrapeToken(ctx.config.metricsToken, header)) return;
      if (!req.actor) throw new Unauthenticated();
      if (req.actor.role !== 'province_admin') throw new Forbidden();
      return;
    }
    if (!req.actor) throw new Unauthenticated();
    if (access !== 'authenticated' && !access.includes(req.actor.role)) throw new Forbidden();
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A write carried by the session cookie must come from the platform's own pages: a browser sends
 * the cookie along with a form or script on any other site, but names that site in `Origin` (or,
 * failing that, `Referer`). Own origin: the `Host` the request was sent to, or JINENG_PUBLIC_URL.
 * Requests without either header (non-browser clients) pass; bearer tokens and devices are not
 * sent by browsers on their own and are not checked.
 */
function assertSameOrigin(req: FastifyRequest, publicOrigin: string | null): void {
  if (!UNSAFE_METHODS.has(req.method)) return;
  const claimed = req.headers.origin ?? req.headers.referer;
  if (!claimed) return;
  let origin: URL | null = null;
  try {
    origin = new URL(claimed);
  } catch {
    origin = null;
  }
  const own =
    origin !== null && origin.origin !== 'null' && (origin.host === req.headers.host || origin.origin === publicOrigin);
  if (!own)
    throw new Forbidden(
      'BAD_ORIGIN',
      '请求来自其他网站，已拒绝（跨站请求）',
      'the request comes from another site (cross-site request refused)',
    );
}

/** `Authorization: Bearer <JINENG_METRICS_TOKEN>`, compared in constant time; never matches when no token is set. */
function isScrapeToken(expected: string | null, header: string | undefined): boolean {
  if (!expected || !header?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(header.slice(7)).digest();
  return timingSafeEqual(a, createHash('sha256').update(expected).digest());
}

/** The signed-in actor of a route that declared non-public access. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Unauthenticated();
  return req.actor;
}
