import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from './support/context.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/jineng.js');
const JOBS = 1000;

/** A `jineng worker` process on the test database, with the cheap probe job registered. */
function startWorker(dbUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, DATABASE_URL: dbUrl, JINENG_QUEUE_PROBE: '1', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b) => {
      out += String(b);
      if (out.includes('worker running')) resolve();
    });
    child.stderr!.on('data', (b) => {
      out += String(b);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${out}`)));
  });
  return { child, ready };
}

const stopped = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

describe.skipIf(!process.env.DATABASE_URL)('queued jobs on worker processes (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    ctx = await testContext();
    await ctx.db.query('CREATE TABLE queue_probe_hits (key text NOT NULL, worker text NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopped));
    await ctx.queue.stop();
    await ctx.drop();
  }, 60_000);

  it('two worker processes drain 1,000 queued jobs, each done exactly once', async () => {
    // Both start at once (pg-boss queue creation is serialised: createQueueOnce).
    const started = [startWorker(ctx.dbUrl!), startWorker(ctx.dbUrl!)];
    workers.push(...started.map((w) => w.child));
    await Promise.all(started.map((w) => w.ready));
    // Queued ten at a time while the workers already drain them.
    for (let i = 0; i < JOBS; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => ctx.queue.enqueue('queue-probe', { key: `k${i + j}` }, { actor: 'test' })),
      );
    for (let t = 0; t < 600; t++) {
      const [{ n }] = await ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM queued_jobs WHERE kind = 'queue-probe' AND status = 'done'`,
      );
      if (n === JOBS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const [hits] = await ctx.db.query<{ rows: number; keys: number; workers: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT key)::int AS keys, count(DISTINCT worker)::int AS workers FROM queue_probe_hits',
    );
    expect(hits.keys).toBe(JOBS);
    expect(hits.rows).toBe(JOBS); // no key twice
    // Both processes took a share (each fetches up to 20 at a time, so neither can take all 1,000 alone in one go).
    expect(hits.workers).toBe(2);
    const [{ attempts }] = await ctx.db.query<{ attempts: number }>(
      `SELECT max(attempts)::int AS attempts FROM queued_jobs WHERE kind = 'queue-probe'`,
    );
    expect(attempts).toBe(1);
  }, 180_000);
});
