/**
 * Settlement benchmark: applications/s through `jineng settle` (flags + decisions) against one SQL
 * pass that joins the same tables, in the same run.
 *   DATABASE_URL=postgres://… npx tsx bench/settle.bench.ts [small|city|province]
 * Imports the generated bundle first (into a fresh database) unless JINENG_BENCH_REUSE=1.
 */
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { detectBaselineFlags } from '../src/modules/integrity/index.ts';
import { settleApplications, type PhaseTimings } from '../src/modules/subsidy/index.ts';
import type { ScaleName } from '../src/synthetic/generate-province.ts';
import { bundleFor, freshDatabase, machine, record, rssSampler } from './support.ts';

const scale = (process.argv[2] ?? 'city') as ScaleName;
const base = process.env.DATABASE_URL;
const reuse = process.env.JINENG_BENCH_REUSE === '1';
/** Keeps one engineer's database apart from another's on a shared server (JINENG_BENCH_SUFFIX=_mine). */
const dbName = `jineng_bench_settle${process.env.JINENG_BENCH_SUFFIX ?? ''}`;
const url = base
  ? reuse
    ? Object.assign(new URL(base), { pathname: `/${dbName}` }).toString()
    : await freshDatabase(base, dbName)
  : undefined;
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }),
  url ? {} : { memory: true },
);
if (!reuse) {
  const dir = await bundleFor(scale);
  console.error('importing …');
  await importBundle(ctx.db, dir, { actor: 'bench', vault: ctx.vault });
}
await ctx.db.exec('TRUNCATE decisions, flags, settlement_runs');
// What an earlier run set in motion, so a rerun (JINENG_BENCH_REUSE=1) does the same work as the first.
await ctx.db.exec(`
  TRUNCATE public_notices;
  DELETE FROM ledger_entries WHERE memo = 'commit: approved';
  DELETE FROM sms_deliveries WHERE template IN ('subsidy_decided', 'publicity_started');
  DELETE FROM notices WHERE kind IN ('subsidy_decided', 'publicity_started');`);
// Without this each rerun writes into tables and unique indexes full of the dead rows of the last
// (350,000 dead notices after three runs), and a later run is slower for that alone.
await ctx.db.exec(
  'VACUUM ANALYZE decisions, flags, settlement_runs, public_notices, ledger_entries, sms_deliveries, notices',
);

const rss = rssSampler();
let t = Date.now();
const flags = await detectBaselineFlags(ctx.db);
const flagMs = Date.now() - t;
t = Date.now();
const timings: PhaseTimings = {};
const r = await settleApplications(ctx.db, { asOf: '2027-12-31', actor: 'bench', timings });
const settleMs = Date.now() - t;
const peak = rss.stop();
// The decisions in one digest: a change that should only be faster must leave it as it was.
const [{ digest }] = await ctx.db.query<{ digest: string }>(
  `SELECT md5(string_agg(concat_ws('|', application_id, decision, amount_fen, array_to_string(reasons, ','), policy_version, city_code),
     ',' ORDER BY application_id COLLATE "C")) AS digest FROM decisions`,
);

// Baseline: one pass over the same joins the rules read (no rules, no writes).
t = Date.now();
await ctx.db.query(`
  SELECT count(*), sum(length(coalesce(c.level, '')) + coalesce(att.n, 0) + coalesce(e.x, 0) + coalesce(d.n, 0))
  FROM applications a
  JOIN persons p ON p.person_key = a.person_key
  LEFT JOIN certificates c ON c.certificate_no = a.certificate_no
  LEFT JOIN occupations o ON o.code = c.occupation_code
  LEFT JOIN institutions ev ON ev.credit_code = c.evaluator_code
  LEFT JOIN projects pr ON pr.project_code = a.project_code
  LEFT JOIN institutions i ON i.credit_code = pr.institution_code
  LEFT JOIN LATERAL (SELECT 1 AS x FROM enrolments en WHERE en.project_code = a.project_code AND en.person_key = a.person_key) e ON true
  LEFT JOIN LATERAL (SELECT count(*) AS n FROM attendance at WHERE at.project_code = a.project_code AND at.person_key = a.person_key) att ON true
  LEFT JOIN LATERAL (SELECT count(*) AS n FROM decisions dd WHERE dd.person_key = a.person_key) d ON true`);
const sqlMs = Date.now() - t;
await ctx.db.close();
const ours = r.decided / (settleMs / 1000);
const sql = r.decided / (sqlMs / 1000);
record(
  `settle ${scale} on ${url ? 'PostgreSQL' : 'PGlite'}: ${r.decided} applications in ${(settleMs / 1000).toFixed(1)} s = ${Math.round(ours)}/s ` +
    `(approved ${r.approved}, rejected ${r.rejected}, review ${r.review}); baseline SQL pass ${(sqlMs / 1000).toFixed(1)} s = ${Math.round(sql)}/s; ratio ${(ours / sql).toFixed(3)}; ` +
    `flags ${flags.proxyDevice + flags.impossiblePresence} in ${(flagMs / 1000).toFixed(1)} s; projected 1,000,000 in ${(1e6 / ours / 60).toFixed(1)} min (goal ≤ 10); peak RSS ${peak} MB; decisions digest ${digest} | ${machine()}`,
);
// Where the time went (summed over batches; 'rules' includes indexing the facts in memory).
console.log(
  `phases (s): ${Object.entries(timings)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
    .join(', ')}`,
);
