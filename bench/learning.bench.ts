/**
 * 在线学习 heartbeat API benchmark (docs/online-learning.md): 5,000 learners each sending a
 * heartbeat every 30 s, sustained, against one real server process on PostgreSQL (this process is
 * only the load generator). Measured in the same run: the closed-loop capacity of the bare health
 * endpoint and of the heartbeat endpoint (their ratio), and the open-loop run at the target rate
 * (on time, latency, errors). Afterwards every learner's valid time is computed twice — by the
 * platform's own code from the stored rows, and by an independent SQL recomputation — and must be
 * identical, learner by learner.
 *   DATABASE_URL=postgres://… npx tsx bench/learning.bench.ts [learners=5000] [seconds=120] [intervalSeconds=30]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb } from '../src/db/client.ts';
import { DEFAULT_LEARNING_PARAMS, personValidTime, signSession } from '../src/modules/learning/index.ts';
import { freshDatabase, machine, percentile, record } from './support.ts';

const learners = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 120);
const interval = Number(process.argv[4] ?? 30);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL (PostgreSQL) is required: the heartbeat load is measured on PostgreSQL');
const url = await freshDatabase(base, 'jineng_bench_learning');
const SECRET = 'bench-learning-session-secret-0123456789abcdef';
const port = 3900 + Math.floor(Math.random() * 90);
const server = spawn(process.execPath, ['bin/jineng.js', 'serve', '--demo', '--port', String(port)], {
  cwd: path.resolve(import.meta.dirname, '..'),
  env: {
    ...process.env,
    NODE_ENV: 'test',
    JINENG_LOG_LEVEL: 'warn',
    JINENG_JOBS: 'off',
    JINENG_DEMO_SCALE: 'example',
    JINENG_SESSION_SECRET: SECRET,
    JINENG_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-learning-')),
    DATABASE_URL: url,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const origin = `http://127.0.0.1:${port}`;
for (
  let i = 0;
  !(await fetch(`${origin}/api/health`).then(
    (r) => r.ok,
    () => false,
  ));
  i++
) {
  if (i > 900) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 200));
}

// One public course module and a learner session per learner, written straight into the database
// (the sessions' re-checks are due after the run: this measures heartbeats, not SMS).
const db = new pg.Client({ connectionString: url });
await db.connect();
const courseId = randomUUID();
const moduleId = randomUUID();
await db.query(
  `INSERT INTO learning_courses (id, title, owner_kind, access, occupation_code, created_by, created_at)
   VALUES ($1, '压测课程', 'province', 'public', (SELECT code FROM occupations LIMIT 1), 'bench', now())`,
  [courseId],
);
await db.query(
  `INSERT INTO learning_modules (id, course_id, n, kind, title, occupation_code, duration_seconds)
   VALUES ($1, $2, 1, 'video', '压测模块', (SELECT code FROM occupations LIMIT 1), 3600)`,
  [moduleId, courseId],
);
const rules = { ...DEFAULT_LEARNING_PARAMS, heartbeatSeconds: interval };
const sessions = Array.from({ length: learners }, (_, i) => ({
  id: randomUUID(),
  person: `bench-learner-${i}`,
  seq: 0,
  position: 0,
}));
for (let i = 0; i < sessions.length; i += 1000) {
  const chunk = sessions.slice(i, i + 1000);
  await db.query(
    `INSERT INTO learning_sessions (id, person_key, module_id, enrolment, started_at, rules, next_check_at)
     SELECT unnest($1::uuid[]), unnest($2::text[]), $3, 'public', now(), $4, now() + interval '1 day'`,
    [chunk.map((s) => s.id), chunk.map((s) => s.person), moduleId, JSON.stringify(rules)],
  );
}
const tokens = sessions.map((s) => signSession(SECRET, { s: s.id, p: s.person, m: moduleId, e: 'public' }));

/** Closed loop: `concurrency` callers back to back for `ms`; requests/s and latencies. */
async function closedLoop(call: () => Promise<Response>, ms: number, concurrency = 32) {
  const until = Date.now() + ms;
  const lat: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        const r = await call().catch(() => null);
        lat.push(performance.now() - t);
        if (!r?.ok) errors++;
        await r?.arrayBuffer();
      }
    }),
  );
  return { rps: lat.length / (ms / 1000), p50: percentile(lat, 50), p95: percentile(lat, 95), errors };
}

/** A learner's next heartbeat: mostly visible at 1×; now and then hidden, paused or at 2× (so every rule is exercised). */
function nextBeat(i: number) {
  const s = sessions[i]!;
  const roll = (s.seq * 7919 + i * 104729) % 100;
  const body = {
    token: tokens[i],
    seq: s.seq++,
    positionSeconds: s.position,
    rate: roll < 5 ? 2 : 1,
    visible: roll < 90 || roll >= 95,
    focused: true,
    playing: roll < 97,
    clientAt: Date.now(),
  };
  s.position += interval * body.rate;
  return body;
}
const postBeat = (body: unknown) =>
  fetch(`${origin}/api/learning/heartbeats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

// Capacity, back to back, in the same run: the health endpoint, then heartbeats.
await closedLoop(() => fetch(`${origin}/api/health`), 3000); // warm-up
const health = await closedLoop(() => fetch(`${origin}/api/health`), 15_000);
let rr = 0;
const capacity = await closedLoop(() => postBeat(nextBeat(rr++ % learners)), 15_000);

// Sustained: every learner beats every `interval` s, start times spread over the first interval.
const target = learners / interval;
const lat: number[] = [];
let errors = 0;
let late = 0;
let replayed = 0;
const t0 = Date.now();
const inflight: Promise<void>[] = [];
await new Promise<void>((done) => {
  const due = sessions.map((_, i) => t0 + (i * interval * 1000) / learners);
  let next = 0;
  const tick = setInterval(() => {
    const now = Date.now();
    if (now - t0 >= seconds * 1000) {
      clearInterval(tick);
      done();
      return;
    }
    // Send every heartbeat that is due; each learner's next is one interval later.
    for (let k = 0; k < learners && due[next]! <= now; k++) {
      const i = next;
      if (now - due[i]! > 1000) late++;
      due[i] = due[i]! + interval * 1000;
      next = (next + 1) % learners;
      const body = nextBeat(i);
      const t = performance.now();
      inflight.push(
        postBeat(body)
          .then(async (r) => {
            lat.push(performance.now() - t);
            if (!r.ok) errors++;
            await r.arrayBuffer();
            // 1 % of heartbeats are sent twice (a phone's retry): stored once.
            if (i % 100 === 0) {
              replayed++;
              const again = await postBeat(body);
              if (!again.ok) errors++;
              await again.arrayBuffer();
            }
          })
          .catch(() => {
            errors++;
          }),
      );
    }
  }, 20);
});
await Promise.all(inflight);
const sent = lat.length;
const achieved = sent / seconds;

// Valid time, twice: the platform's code over the stored rows, and SQL written apart from it.
const platform = await openDb({ databaseUrl: url });
const sql = await db.query<{ person_key: string; valid_ms: string }>(
  `WITH b AS (
     SELECT h.person_key, h.received_at, h.position_seconds, h.rate, h.visible, h.playing,
            lag(h.received_at) OVER w AS prev_at, lag(h.position_seconds) OVER w AS prev_pos,
            lag(h.rate) OVER w AS prev_rate, lag(h.visible) OVER w AS prev_visible, lag(h.playing) OVER w AS prev_playing
       FROM learning_heartbeats h WINDOW w AS (PARTITION BY h.session_id ORDER BY h.received_at, h.seq))
   SELECT person_key, COALESCE(sum(CASE
       WHEN prev_at IS NULL OR NOT prev_visible OR NOT prev_playing OR prev_rate > $1 THEN 0
       WHEN extract(epoch FROM received_at - prev_at) * 1000 > $2 THEN 0
       ELSE LEAST(floor(extract(epoch FROM received_at - prev_at) * 1000), GREATEST(0, floor((position_seconds - prev_pos) * 1000)))
     END), 0)::bigint AS valid_ms
     FROM b GROUP BY person_key`,
  [DEFAULT_LEARNING_PARAMS.maxRate, (interval + DEFAULT_LEARNING_PARAMS.graceSeconds) * 1000],
);
let mismatches = 0;
let totalValidMs = 0;
for (const row of sql.rows) {
  const vt = await personValidTime(
    platform,
    row.person_key,
    { ...DEFAULT_LEARNING_PARAMS, dailyCapMinutes: 24 * 60 },
    new Date(),
  );
  totalValidMs += vt.validMs;
  if (vt.validMs !== Number(row.valid_ms)) mismatches++;
}
const [{ n: stored }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM learning_heartbeats')).rows;

record(
  `learning heartbeats (postgres): ${learners} learners × 1/${interval}s = target ${target.toFixed(1)}/s for ${seconds}s → ` +
    `sent ${sent} (${achieved.toFixed(1)}/s, ${(achieved / target).toFixed(3)} of target), late >1s ${late}, errors ${errors}, ` +
    `p50 ${percentile(lat, 50).toFixed(1)} ms p95 ${percentile(lat, 95).toFixed(1)} ms p99 ${percentile(lat, 99).toFixed(1)} ms; ` +
    `capacity heartbeats ${capacity.rps.toFixed(0)}/s (p95 ${capacity.p95.toFixed(1)} ms) vs health ${health.rps.toFixed(0)}/s ` +
    `(p95 ${health.p95.toFixed(1)} ms) = ratio ${(capacity.rps / health.rps).toFixed(3)}; target ÷ capacity ${(target / capacity.rps).toFixed(3)}; ` +
    `replayed ${replayed}, stored ${stored}; valid time recomputed for ${sql.rows.length} learners: ${mismatches} mismatches ` +
    `(total ${(totalValidMs / 3600_000).toFixed(1)} h); ${machine()}`,
);
await platform.close();
await db.end();
server.kill('SIGTERM');
process.exit(mismatches || errors ? 1 : 0);
