/**
 * Load test: concurrent users of every role against one real server process (loopback only,
 * bounded), with classroom devices posting attendance at the same time. Passes when no request
 * fails and every accepted event is in the database exactly once ("no lost events").
 *   [DATABASE_URL=postgres://…] npx tsx bench/load.bench.ts [seconds=60] [usersPerRole=3]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchClass, benchEvent, freshDatabase, machine, percentile, record } from './support.ts';

const seconds = Number(process.argv[2] ?? 60);
const perRole = Number(process.argv[3] ?? 3);
const base = process.env.DATABASE_URL;
const url = base ? await freshDatabase(base, 'jineng_bench_load') : undefined;
const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-load-'));
const server = spawn(process.execPath, ['bin/jineng.js', 'serve', '--demo', '--port', String(port)], {
  cwd: path.resolve(import.meta.dirname, '..'),
  env: {
    ...process.env,
    NODE_ENV: 'test',
    JINENG_LOG_LEVEL: 'warn',
    JINENG_JOBS: 'off',
    JINENG_DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url } : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const origin = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${origin}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 600) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const call = async (method: string, p: string, token: string, body?: unknown) => {
  const r = await fetch(`${origin}${p}`, {
    method,
    headers: { authorization: token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
};
const login = async (u: string) =>
  `Bearer ${(await call('POST', '/api/auth/login', '', { username: u, password: 'Jineng@2025', bearer: true })).json.token}`;

// What each role does, in a loop: the pages they would open.
const tokens = Object.fromEntries(
  await Promise.all(
    ['province', 'nanjing', 'wuxi', 'gongxin', 'jigou', 'qiye', 'xielei'].map(async (u) => [u, await login(u)]),
  ),
);
const orders = (await call('GET', '/api/job-orders', tokens.qiye)).json as { order_id: string }[];
const ROLES: Record<string, { user: string; paths: string[] }> = {
  province: {
    user: 'province',
    paths: [
      '/api/dashboard',
      '/api/kpi',
      '/api/institutions-ratings',
      '/api/labour-market',
      '/api/directories/training_institutions',
      '/api/reports/monthly?month=2025-12',
    ],
  },
  city: {
    user: 'nanjing',
    paths: [
      '/api/persons?limit=50',
      '/api/projects',
      '/api/decisions?limit=100',
      '/api/reviews',
      '/api/inbox',
      '/api/dashboard',
    ],
  },
  city2: {
    user: 'wuxi',
    paths: ['/api/persons?limit=50', '/api/projects', '/api/decisions?limit=100', '/api/integrity/cases'],
  },
  department: {
    user: 'gongxin',
    paths: ['/api/targets/progress?dimension=sector', '/api/kpi', '/api/demand', '/api/projects'],
  },
  institution: {
    user: 'jigou',
    paths: ['/api/projects', '/api/projects/P000001/roster', '/api/projects/P000001/sessions/1/live', '/api/quality'],
  },
  enterprise: {
    user: 'qiye',
    paths: ['/api/job-orders', ...(orders[0] ? [`/api/job-orders/${orders[0].order_id}/candidates`] : [])],
  },
  worker: {
    user: 'xielei',
    paths: [
      '/api/me/applications',
      '/api/me/training',
      '/api/me/jobs',
      '/api/me/confirmations',
      '/api/me/certificates',
    ],
  },
};

// Devices: one classroom terminal per virtual device user, registered by the city at the site of a
// class running now; each event unique, each device on its own minutes (benchEvent).
const cls = await benchClass(
  async (p, body, token) => (await call('POST', p, token, body)).json,
  ['320311199409187319', '320211198811034548'],
  Array.from({ length: perRole }, (_, u) => ({ deviceId: `LOAD-FACE-${u}`, kind: 'face_terminal' })),
);
const latencies: Record<string, number[]> = {};
const errors: Record<string, number> = {};
let sent = 0;
let accepted = 0;
const until = Date.now() + seconds * 1000;
const timed = async <T extends { status: number }>(role: string, f: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await f();
  latencies[role] = [...(latencies[role] ?? []), performance.now() - t];
  if (r.status >= 400) errors[role] = (errors[role] ?? 0) + 1;
  return r;
};
const users: Promise<void>[] = [];
for (const [role, spec] of Object.entries(ROLES)) {
  for (let u = 0; u < perRole; u++) {
    users.push(
      (async () => {
        for (let i = u; Date.now() < until; i++)
          await timed(role, () => call('GET', spec.paths[i % spec.paths.length], tokens[spec.user]));
      })(),
    );
  }
}
for (let u = 0; u < perRole; u++) {
  const dev = cls.devices[u];
  const auth = `Device ${dev.deviceId}:${dev.secret}`;
  let eventSeq = 0;
  users.push(
    (async () => {
      while (Date.now() < until) {
        const events = Array.from({ length: 100 }, () => ({
          ...benchEvent(cls, eventSeq++, u, perRole),
          method: 'face_terminal',
          face_score: 0.9,
        }));
        sent += events.length;
        const r = await timed('device', () => call('POST', '/api/attendance/events', auth, { events }));
        accepted += r.json?.accepted ?? 0;
      }
    })(),
  );
}
// A few writes from people too: enterprises post orders while everyone reads.
users.push(
  (async () => {
    for (let i = 0; Date.now() < until; i++) {
      await timed('enterprise-write', () =>
        call('POST', '/api/job-orders', tokens.qiye, {
          occupationCode: '6-18-02-04',
          headcount: 1 + (i % 5),
          payMin: '5000',
          payMax: '7000',
          deadline: '2027-06-30',
        }),
      );
      await new Promise((r) => setTimeout(r, 250));
    }
  })(),
);
await Promise.all(users);

// No lost events: what the server accepted is what the database holds, once each.
let stored: number;
if (url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  stored = Number((await c.query(`SELECT count(*) AS n FROM attendance WHERE device_id LIKE 'LOAD-FACE-%'`)).rows[0].n);
  await c.end();
} else {
  stored = -1; // PGlite is held by the server process; its count comes from the API below.
}
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const lines = Object.entries(latencies).map(
  ([role, xs]) =>
    `${role} ${xs.length} req p50 ${percentile(xs, 50).toFixed(0)} ms p95 ${percentile(xs, 95).toFixed(0)} ms errors ${errors[role] ?? 0}`,
);
const totalReq = Object.values(latencies).reduce((s, xs) => s + xs.length, 0);
const totalErr = Object.values(errors).reduce((s, n) => s + n, 0);
record(
  `load on ${url ? 'PostgreSQL' : 'PGlite'}: ${Object.keys(ROLES).length * perRole + perRole + 1} users for ${seconds} s, ${totalReq} requests (${Math.round(totalReq / seconds)}/s), ${totalErr} errors; ` +
    `events sent ${sent}, accepted ${accepted}, stored ${stored >= 0 ? stored : 'n/a'}${stored >= 0 ? (stored === accepted && accepted === sent ? ' (none lost)' : ' (MISMATCH)') : ''}; ${lines.join('; ')} | ${machine()}`,
);
fs.rmSync(dataDir, { recursive: true, force: true });
if (totalErr > 0 || (stored >= 0 && stored !== accepted)) process.exitCode = 1;
