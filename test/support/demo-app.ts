import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/composition/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../../src/composition/demo.ts';
import { testContext } from './context.ts';

export interface DemoApp {
  ctx: Awaited<ReturnType<typeof testContext>>;
  app: FastifyInstance;
  /** A request as one of the signed-in demo users ('' = anonymous), through the real app. */
  call: (
    user: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => Promise<LightMyRequestResponse>;
  /** The signed-in users' bearer tokens, for requests `call` does not cover. */
  tokens: Record<string, string>;
  /** The bearer token of a signed-in demo user. */
  token: (user: string) => string;
  /** The access a route declared (`config.access`), by method and Fastify URL (`/api/projects/:code`). */
  accessOf: (method: string, url: string) => unknown;
  close: () => Promise<void>;
}

/** A fresh database with the demo province, the app over it, and the named demo users signed in. */
export async function demoApp(
  users: string[],
  opts: Pick<AppOptions, 'onRoute'> & { env?: NodeJS.ProcessEnv } = {},
): Promise<DemoApp> {
  const ctx = await testContext(opts.env);
  await loadDemo(ctx);
  const access = new Map<string, unknown>();
  const app = await buildApp(ctx, {
    onRoute: (r) => {
      for (const m of [r.method].flat()) access.set(`${m} ${r.url}`, r.access);
      opts.onRoute?.(r);
    },
  });
  const tokens: Record<string, string> = {};
  for (const u of users) tokens[u] = await bearerToken(app, u);
  return {
    ctx,
    app,
    tokens,
    call: (user, method, url, payload) =>
      app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} }),
    token: (user) => tokens[user],
    accessOf: (method, url) => access.get(`${method} ${url}`),
    close: async () => {
      await app.close();
      await ctx.drop();
    },
  };
}

/** Signs in as an API client (asking for the bearer token, which the login answer omits by default). */
export async function bearerToken(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, bearer: true },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.body}`);
  return res.json().token;
}

/** Polls a queued job (`GET /api/jobs/:id`) as `user` until it is done or failed; its last state. */
export async function jobOutcome<O = unknown>(d: DemoApp, user: string, jobId: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await d.call(user, 'GET', `/api/jobs/${jobId}`);
    if (res.statusCode !== 200) throw new Error(`GET /api/jobs/${jobId}: ${res.statusCode} ${res.body}`);
    const job = res.json() as {
      status: string;
      attempts: number;
      progress: { done: number; total: number; unit: string } | null;
      output: O;
      error: string | null;
    };
    if (job.status === 'done' || job.status === 'failed' || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}
