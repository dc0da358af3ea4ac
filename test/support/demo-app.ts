import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../../src/app/demo.ts';
import { testContext } from './context.ts';

export interface DemoApp {
  ctx: Awaited<ReturnType<typeof testContext>>;
  app: FastifyInstance;
  /** A request as one of the signed-in demo users ('' = anonymous), through the real app. */
  call: (user: string, method: 'GET' | 'POST', url: string, payload?: object) => Promise<LightMyRequestResponse>;
  /** The signed-in users' bearer tokens, for requests `call` does not cover. */
  tokens: Record<string, string>;
  close: () => Promise<void>;
}

/** A fresh database with the demo province, the app over it, and the named demo users signed in. */
export async function demoApp(users: string[]): Promise<DemoApp> {
  const ctx = await testContext();
  await loadDemo(ctx);
  const app = await buildApp(ctx);
  const tokens: Record<string, string> = {};
  for (const u of users) tokens[u] = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: DEMO_PASSWORD } })).json().token;
  return {
    ctx, app, tokens,
    call: (user, method, url, payload) => app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} }),
    close: async () => { await app.close(); await ctx.drop(); },
  };
}
