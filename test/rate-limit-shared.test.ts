import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { sharedRateLimitStore } from '../src/modules/operations/index.ts';
import { testContext } from './support/context.ts';

const LIMIT = 6;

/**
 * Rate limits hold across API processes: two servers on one database (as two processes behind a load
 * balancer) share the count of a client address on a limited route, where each process's memory
 * allowed the limit once per process.
 */
describe('rate limits shared through the database', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let apps: FastifyInstance[];

  beforeAll(async () => {
    process.env.JINENG_VERIFY_PER_MINUTE = String(LIMIT); // read when the routes are registered
    ctx = await testContext();
    apps = [await buildApp(ctx), await buildApp(ctx)];
  });
  afterAll(async () => {
    for (const a of apps ?? []) await a.close();
    await ctx?.drop();
  });

  it('two servers on one database allow the limit once between them, then both answer 429 in words', async () => {
    const codes: number[] = [];
    let refused: Record<string, unknown> = {};
    for (let i = 0; i < LIMIT + 4; i++) {
      const res = await apps[i % 2]!.inject({ method: 'GET', url: '/api/verify/public-key' });
      codes.push(res.statusCode);
      if (res.statusCode === 429) refused = res.json();
    }
    // Each server alone saw only half the requests: with counts in memory all 10 would pass.
    expect(codes).toEqual([...Array(LIMIT).fill(200), 429, 429, 429, 429]);
    expect(refused).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
    // Another route keeps its own count (the key names the route).
    const other = await apps[0]!.inject({ method: 'GET', url: '/api/verify?token=x' });
    expect(other.statusCode).not.toBe(429);
  });

  it('counts in fixed windows: a new window starts from one; concurrent hits are each counted once', async () => {
    const Store = sharedRateLimitStore(ctx.db);
    const store = new Store().child({ routeInfo: { method: 'GET', url: '/test' } });
    const hit = (key: string, windowMs: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr(key, (e, r) => (e ? reject(e) : resolve(r!)), windowMs, LIMIT),
      );
    expect((await hit('10.0.0.1', 60_000)).current).toBe(1);
    const second = await hit('10.0.0.1', 60_000);
    expect(second.current).toBe(2);
    expect(second.ttl).toBeGreaterThan(55_000);
    expect(second.ttl).toBeLessThanOrEqual(60_000);
    // A window of 300 ms, then a hit after it: counted as the first of a new window.
    await hit('10.0.0.2', 300);
    await hit('10.0.0.2', 300);
    await new Promise((r) => setTimeout(r, 400));
    expect((await hit('10.0.0.2', 300)).current).toBe(1);
    // 20 at once: every count from 1 to 20 given exactly once.
    const counts = await Promise.all(Array.from({ length: 20 }, () => hit('10.0.0.3', 60_000)));
    expect(counts.map((c) => c.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('a route marked perProcess (heartbeats) counts in memory: no row, each process its own count', async () => {
    const Store = sharedRateLimitStore(ctx.db);
    const route = { routeInfo: { method: 'POST', url: '/hb' }, perProcess: true };
    const [a, b] = [new Store().child(route), new Store().child(route)];
    const hit = (s: typeof a) =>
      new Promise<number>((resolve, reject) =>
        s.incr('token', (e, r) => (e ? reject(e) : resolve(r!.current)), 60_000, LIMIT),
      );
    expect([await hit(a), await hit(a), await hit(b)]).toEqual([1, 2, 1]);
    const [{ n }] = await ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM rate_limit_hits WHERE key LIKE '%/hb%'",
    );
    expect(n).toBe(0);
  });
});
