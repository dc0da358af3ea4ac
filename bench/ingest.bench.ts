/**
 * Attendance ingestion API benchmark: events/s posted in batches of 500 over real HTTP (loopback)
 * against requests/s of the same server's bare health endpoint, in the same run. On PostgreSQL the
 * server is its own process (`jineng serve --demo`), as in production, and this process is only the
 * load generator; on PGlite (one process by design) both share this process.
 *   DATABASE_URL=postgres://… npx tsx bench/ingest.bench.ts [batches=200] [concurrency=4]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { benchClass, benchEvent, freshDatabase, machine, record } from './support.ts';

const batches = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 4);
const base = process.env.DATABASE_URL;
const url = base ? await freshDatabase(base, 'jineng_bench_ingest') : undefined;
let address: string;
let stopServer: () => Promise<unknown>;
if (url) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, ['bin/jineng.js', 'serve', '--demo', '--port', String(port)], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      JINENG_LOG_LEVEL: 'warn',
      JINENG_JOBS: 'off',
      JINENG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-ingest-')),
      DATABASE_URL: url,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  address = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${address}/api/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  stopServer = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  };
}
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }),
  url ? {} : { memory: true },
);
if (!url) {
  await loadDemo(ctx);
  const app = await buildApp(ctx);
  address = await app.listen({ port: 0, host: '127.0.0.1' });
  stopServer = () => app.close();
}
const post = (path: string, body: unknown, auth: string) =>
  fetch(`${address!}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify(body),
  });
// A class running now (devices report a session while it runs or soon after), two trainees, one
// card reader registered by the city; distinct events: every second of the sessions' windows.
const cls = await benchClass(
  async (p, body, auth) => (await post(p, body, auth)).json(),
  ['320311199409187319', '320211198811034548'],
  [{ deviceId: 'BENCH-CARD-1', kind: 'card' }],
);
const auth = `Device ${cls.devices[0].deviceId}:${cls.devices[0].secret}`;
let seq = 0;
const batch = () => Array.from({ length: 500 }, () => ({ ...benchEvent(cls, seq++), method: 'card' }));

async function run(n: number, one: () => Promise<void>): Promise<number> {
  const t = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await one();
    }),
  );
  return (Date.now() - t) / 1000;
}
let accepted = 0;
let errors = 0;
const ingestS = await run(batches, async () => {
  const r = await post('/api/attendance/events', { events: batch() }, auth);
  if (!r.ok) errors++;
  accepted += (await r.json()).accepted ?? 0;
});
const healthN = batches * 5;
const healthS = await run(healthN, async () => {
  await (await fetch(`${address!}/api/health`)).text();
});
const [{ stored }] = await ctx.db.query<{ stored: number }>(
  `SELECT count(*)::int AS stored FROM attendance WHERE device_id = 'BENCH-CARD-1'`,
);
await stopServer!();
await ctx.db.close();
const eventsPerS = (batches * 500) / ingestS;
record(
  `ingest on ${url ? 'PostgreSQL' : 'PGlite'}: ${batches} batches × 500 = ${batches * 500} events in ${ingestS.toFixed(1)} s = ${Math.round(eventsPerS)} events/s (goal ≥ 20,000), accepted ${accepted}, stored ${stored}, errors ${errors}; server ${url ? 'in its own process' : 'in the client process'}; ` +
    `health ${Math.round(healthN / healthS)} req/s → ${(batches / ingestS / (healthN / healthS)).toFixed(3)} batch requests per health request; concurrency ${concurrency} | ${machine()}`,
);
