/**
 * Dashboard latency: p50/p95 of every KPI and report endpoint over real HTTP on a settled generated
 * province, against the same server's bare health endpoint in the same run.
 *   [DATABASE_URL=postgres://…] npx tsx bench/dashboard.bench.ts [small|city|province] [runs=30]
 * Dashboards read persons, certificates, decisions and projects, not attendance, so the import
 * leaves attendance out (it is the bulk of a bundle). JINENG_BENCH_REUSE=1 reuses the database.
 * JINENG_BENCH_ONLY=<name part> times only those endpoints.
 * JINENG_BENCH_STANDBY=1 (PostgreSQL, as root): then starts a real hot standby of that server
 * (test/support/standby.ts) and times the routed endpoints again on a server with DATABASE_READ_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { buildApp } from '../src/composition/app.ts';
import { createUser, type NewUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { settleApplications } from '../src/modules/subsidy/index.ts';
import { refreshKpiRollup } from '../src/modules/reporting/index.ts';
import type { ScaleName } from '../src/synthetic/generate-province.ts';
import { bundleFor, freshDatabase, machine, OUT, percentile, record } from './support.ts';
import { openDb } from '../src/db/client.ts';
import { readRouter } from '../src/db/read-routing.ts';
import { startStandby } from '../test/support/standby.ts';

const scale = (process.argv[2] ?? 'city') as ScaleName;
const runs = Number(process.argv[3] ?? 30);
const base = process.env.DATABASE_URL;
const reuse = process.env.JINENG_BENCH_REUSE === '1';
/** Keeps one engineer's database apart from another's on a shared server (JINENG_BENCH_SUFFIX=_mine). */
const suffix = process.env.JINENG_BENCH_SUFFIX ?? '';
const url = base
  ? reuse
    ? Object.assign(new URL(base), { pathname: `/jineng_bench_dash_${scale}${suffix}` }).toString()
    : await freshDatabase(base, `jineng_bench_dash_${scale}${suffix}`)
  : undefined;
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }),
  url ? {} : { memory: true },
);
if (!reuse) {
  const full = await bundleFor(scale);
  const dir = path.join(OUT, `${path.basename(full)}-no-attendance`);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(full))
    if (f.endsWith('.csv') && f !== 'attendance.csv' && !fs.existsSync(path.join(dir, f)))
      fs.symlinkSync(path.join(full, f), path.join(dir, f));
  let t = Date.now();
  console.error('importing (without attendance) …');
  await importBundle(ctx.db, dir, { actor: 'bench', vault: ctx.vault });
  console.error(`imported in ${((Date.now() - t) / 1000).toFixed(0)} s; settling …`);
  t = Date.now();
  await settleApplications(ctx.db, { asOf: '2027-12-31', actor: 'bench' });
  console.error(`settled in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const users: NewUser[] = [
    { username: 'b-province', displayName: 'p', role: 'province_admin', password: 'Bench@2025' },
    { username: 'b-nanjing', displayName: 'c', role: 'city_officer', cityCode: '320100', password: 'Bench@2025' },
    {
      username: 'b-dept',
      displayName: 'd',
      role: 'department_officer',
      sectors: ['manufacturing'],
      keyTasks: [1],
      password: 'Bench@2025',
    },
  ];
  // The officer who answers for every N holder: a department officer of all sectors (sees every holder's pace).
  const [{ all }] = await ctx.db.query<{ all: string[] }>('SELECT array_agg(code ORDER BY code) AS all FROM sectors');
  users.push({
    username: 'b-holders',
    displayName: 'n',
    role: 'department_officer',
    sectors: all,
    keyTasks: [1],
    password: 'Bench@2025',
  });
  for (const u of users) await createUser(ctx.db, 'bench', u);
  await tagProvince();
}

/**
 * Programmes, carriers and N holders at the province's size (issue 21), written straight to the
 * tables: five carriers a city (with members), a third of the projects tagged with a programme of
 * their key task, a fifth with a carrier of their city; a department holder per sector and a chain
 * leader per city with a target for each indicator in 2026.
 */
async function tagProvince(): Promise<void> {
  const t = Date.now();
  await ctx.db.exec(`
    INSERT INTO carriers (id, kind, name, city_code, owner, created_by)
      SELECT gen_random_uuid(), (ARRAY['high_skill_base','master_studio','model_worker_studio','micro_major','chain_ecosystem'])[k], c.name || '载体' || k, c.code, 'bench', 'bench'
      FROM cities c, generate_series(1, 5) k;
    INSERT INTO carrier_members (carrier_id, enterprise_key, enterprise_name)
      SELECT id, name || '成员' || m, name || '成员' || m FROM carriers, generate_series(1, 8) m;
    INSERT INTO project_programmes (project_code, programme_code, tagged_by)
      SELECT p.project_code, g.code, 'bench' FROM projects p
      JOIN LATERAL (SELECT code FROM programmes g WHERE g.key_task = p.key_task ORDER BY code LIMIT 1) g ON true
      WHERE hashtext(p.project_code) % 3 = 0;
    INSERT INTO project_carriers (project_code, carrier_id, tagged_by)
      SELECT p.project_code, c.id, 'bench' FROM projects p
      JOIN LATERAL (SELECT id FROM carriers c WHERE c.city_code = p.city_code ORDER BY id LIMIT 1 OFFSET abs(hashtext(p.project_code) % 5)) c ON true
      WHERE hashtext(p.project_code) % 5 = 0;
    INSERT INTO target_holders (id, kind, name, sector, carrier_id, created_by)
      SELECT gen_random_uuid(), 'department', name || '主管部门', code, NULL, 'bench' FROM sectors;
    INSERT INTO target_holders (id, kind, name, sector, carrier_id, created_by)
      SELECT gen_random_uuid(), 'chain_leader', c.name || '链主', 'manufacturing', c.id, 'bench' FROM carriers c WHERE c.kind = 'chain_ecosystem';
    INSERT INTO targets (indicator, dimension, key, period_from, period_to, value)
      SELECT i, 'holder', h.id::text, '2026-01-01', '2026-12-31', 1000
      FROM target_holders h, unnest(ARRAY['subsidized_trainings','new_certificates','new_high_skill']) i;
    ANALYZE carriers; ANALYZE project_programmes; ANALYZE project_carriers; ANALYZE target_holders;
  `);
  console.error(`programmes, carriers and holders tagged in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
const [{ tagged }] = await ctx.db.query<{ tagged: number }>(
  'SELECT count(DISTINCT project_code)::int AS tagged FROM project_programmes',
);
const [{ decisions, certificates }] = await ctx.db.query<{ decisions: number; certificates: number }>(
  'SELECT (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM certificates) AS certificates',
);
const app = await buildApp(ctx);
let origin = await app.listen({ port: 0, host: '127.0.0.1' });
const token = async (u: string) =>
  `Bearer ${(await (await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'Bench@2025', bearer: true }) })).json()).token}`;
const prov = await token('b-province');
const city = await token('b-nanjing');
const dept = await token('b-dept');
const holders = await token('b-holders');
const ENDPOINTS: [string, string, string][] = [
  ['dashboard (province)', prov, '/api/dashboard'],
  ['dashboard (city)', city, '/api/dashboard'],
  ['kpi (province)', prov, '/api/kpi'],
  ['kpi 2026 (city)', city, '/api/kpi?from=2026-01-01&to=2026-12-31'],
  ['reminders', prov, '/api/reminders'],
  ['targets by sector', dept, '/api/targets/progress?dimension=sector'],
  ['monthly report', prov, '/api/reports/monthly?month=2026-06'],
  ['labour market', prov, '/api/labour-market'],
  ['programmes board (province)', prov, '/api/programmes/board?asOf=2026-11-30'],
  ['programmes board (city)', city, '/api/programmes/board?asOf=2026-11-30'],
  ['programmes board (department)', dept, '/api/programmes/board?asOf=2026-11-30'],
  ['programmes board (N holders: every sector)', holders, '/api/programmes/board?asOf=2026-11-30'],
];
/** Which database answered the timed requests (X-Jineng-Read of routed endpoints). */
const readFrom = new Map<string, number>();
async function time(auth: string, p: string): Promise<number[]> {
  for (let i = 0; i < 3; i++) await (await fetch(`${origin}${p}`, { headers: { authorization: auth } })).text();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await fetch(`${origin}${p}`, { headers: { authorization: auth } });
    await r.text();
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    xs.push(performance.now() - t);
    const from = r.headers.get('x-jineng-read') ?? 'unrouted';
    readFrom.set(from, (readFrom.get(from) ?? 0) + 1);
  }
  return xs;
}
/**
 * Cold: right after a change to the data, ten times. The change is real — one certificate is
 * written again (as a correction would), so the cache's version moves and its day is recounted
 * (kpi_daily and kpi_tag_daily, migration 0051) by the reader: a change the API did not make (psql, a
 * trigger). "Pre-rolled" below: the same change as the API makes it (the writer refreshes).
 */
const [touched] = await ctx.db.query<{ certificate_no: string }>(
  'SELECT certificate_no FROM certificates ORDER BY certificate_no LIMIT 1',
);
const correctCertificate = () =>
  ctx.db.query('UPDATE certificates SET revoke_reason = revoke_reason WHERE certificate_no = $1', [
    touched.certificate_no,
  ]);
/**
 * A real retag of a tagged project, as the project page writes it (delete the programme it loses,
 * insert the one it gains, one transaction): its programme swapped for another, the next call back.
 * Both programmes' numbers move on every day of the project's facts (migration 0064: a delta of its
 * facts; before, those days recounted for every tagged project).
 */
const [retagged] = await ctx.db.query<{ project_code: string; programme_code: string; other: string }>(
  `SELECT t.project_code, t.programme_code,
     (SELECT code FROM programmes g WHERE g.code <> t.programme_code ORDER BY code LIMIT 1) AS other
   FROM project_programmes t ORDER BY t.project_code LIMIT 1`,
);
let swapped = false;
const retag = () => {
  const [from, to] = swapped ? [retagged.other, retagged.programme_code] : [retagged.programme_code, retagged.other];
  swapped = !swapped;
  return ctx.db.transaction(async (tx) => {
    await tx.query('DELETE FROM project_programmes WHERE project_code = $1 AND programme_code = $2', [
      retagged.project_code,
      from,
    ]);
    await tx.query(
      `INSERT INTO project_programmes (project_code, programme_code, tagged_by) VALUES ($1, $2, 'bench') ON CONFLICT DO NOTHING`,
      [retagged.project_code, to],
    );
  });
};
const [{ retagDays }] = await ctx.db.query<{ retagDays: number }>(
  `SELECT count(*)::int AS "retagDays" FROM (SELECT applied_on FROM decisions WHERE project_code = $1
     UNION SELECT issued_on FROM certificates WHERE project_code = $1) x`,
  [retagged.project_code],
);
async function cold(auth: string, p: string, change: () => Promise<unknown> = correctCertificate): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < 10; i++) {
    await change();
    const t = performance.now();
    await (await fetch(`${origin}${p}`, { headers: { authorization: auth } })).text();
    xs.push(performance.now() - t);
  }
  return xs;
}
/**
 * The same change made as the API makes it (rollups-after-writes.ts): the writer refreshes the days
 * it marked before it answers, then the read is timed. Returns the reads' and the writer's refreshes' times.
 */
async function prerolled(
  auth: string,
  p: string,
  change: () => Promise<unknown> = correctCertificate,
): Promise<{ read: number[]; write: number[] }> {
  const read: number[] = [];
  const write: number[] = [];
  for (let i = 0; i < 10; i++) {
    await change();
    let t = performance.now();
    await refreshKpiRollup(ctx.db);
    write.push(performance.now() - t);
    t = performance.now();
    await (await fetch(`${origin}${p}`, { headers: { authorization: auth } })).text();
    read.push(performance.now() - t);
  }
  return { read, write };
}
const p5095 = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms p95 ${percentile(xs, 95).toFixed(0)} ms`;
function prerolledLine(r: { read: number[]; write: number[] }): string {
  return `read ${p5095(r.read)} (writer's refresh ${p5095(r.write)})`;
}
/** The board's figures also move when a project is retagged. */
async function afterRetag(auth: string, p: string): Promise<string> {
  if (!p.startsWith('/api/programmes/board')) return '';
  const c = await cold(auth, p, retag);
  return `, after a retag ${p5095(c)}, pre-rolled ${prerolledLine(await prerolled(auth, p, retag))}`;
}
const health = await time('', '/api/health');
const lines: string[] = [];
/** JINENG_BENCH_ONLY=programmes: only the endpoints whose name contains it (a shorter run). */
const only = process.env.JINENG_BENCH_ONLY;
for (const [name, auth, p] of ENDPOINTS.filter(([n]) => !only || n.includes(only))) {
  const xs = await time(auth, p);
  const c = await cold(auth, p);
  lines.push(
    `${name} p50 ${percentile(xs, 50).toFixed(0)} ms p95 ${percentile(xs, 95).toFixed(0)} ms (${(percentile(xs, 50) / percentile(health, 50)).toFixed(0)}× health), after a change p50 ${percentile(c, 50).toFixed(0)} ms p95 ${percentile(c, 95).toFixed(0)} ms, pre-rolled ${prerolledLine(await prerolled(auth, p))}${await afterRetag(auth, p)}`,
  );
}
await app.close();
const [{ tagRows }] = await ctx.db.query<{ tagRows: number }>('SELECT count(*)::int AS "tagRows" FROM kpi_tag_daily');
if (url && process.env.JINENG_BENCH_STANDBY === '1') {
  // The same routed endpoints, warm, on a server whose routed reads go to a real standby.
  const standby = await startStandby(url);
  try {
    await standby.catchUp(url);
    const readDb = readRouter(ctx.db, await openDb({ databaseUrl: standby.urlFor(url), replica: true }), {
      maxLagBytes: ctx.config.readMaxLagBytes,
    });
    const onStandby = await buildApp({ ...ctx, readDb });
    origin = await onStandby.listen({ port: 0, host: '127.0.0.1' });
    const standbyHealth = await time('', '/api/health');
    readFrom.clear();
    const routed: string[] = [];
    for (const [name, auth, p] of ENDPOINTS.filter(([, , p]) => p !== '/api/labour-market')) {
      const xs = await time(auth, p);
      routed.push(`${name} p50 ${percentile(xs, 50).toFixed(0)} ms p95 ${percentile(xs, 95).toFixed(0)} ms`);
    }
    await onStandby.close();
    await readDb.close();
    record(
      `dashboards ${scale} read on a hot standby (DATABASE_READ_URL; answered by ${[...readFrom].map(([k, n]) => `${k} ${n}`).join(', ')}; health p50 ${percentile(standbyHealth, 50).toFixed(1)} ms): ${routed.join('; ')} | ${machine()}`,
    );
  } finally {
    await standby.stop();
  }
}
await ctx.db.close();
record(
  `dashboards ${scale} on ${url ? 'PostgreSQL' : 'PGlite'} (${decisions} decisions, ${certificates} certificates, ${tagged} projects tagged with a programme, ${tagRows} kpi_tag_daily rows; the retagged project's facts on ${retagDays} days; ${runs} runs each; health p50 ${percentile(health, 50).toFixed(1)} ms): ${lines.join('; ')} | ${machine()}`,
);
