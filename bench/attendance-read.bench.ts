/**
 * The attendance read of settlement alone, as a named prepared statement (planned once per
 * connection) against the same statement planned per run, alternating on the same batches of
 * 1,000 (person, project) pairs of an imported bundle (bench/RESULTS.md, session 13).
 *   DATABASE_URL=postgres://…/jineng_bench_settle_x npx tsx bench/attendance-read.bench.ts [batches]
 */
import { openDb, type Db } from '../src/db/client.ts';
import { attendanceThatCanCount, SessionCache } from '../src/modules/training/index.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (an imported bench database) is required');
const batches = Number(process.argv[2] ?? 12);
const db = await openDb({ databaseUrl: url });
// The same Db, but every statement unnamed: what the read was before (planned on every run).
const unnamed: Db = { ...db, query: (text, params) => db.query(text, params) };
const pairs = await db.query<{ person_key: string; project_code: string }>(
  `SELECT DISTINCT person_key, project_code FROM applications WHERE project_code IS NOT NULL ORDER BY person_key, project_code LIMIT $1`,
  [batches * 1000],
);
const times = { named: [] as number[], unnamed: [] as number[] };
const rows = { named: 0, unnamed: 0 };
for (let b = 0; b < batches; b++) {
  const batch = pairs
    .slice(b * 1000, (b + 1) * 1000)
    .map((p) => ({ personKey: p.person_key, projectCode: p.project_code }));
  const sessions = await new SessionCache().of(db, [...new Set(batch.map((p) => p.projectCode))]);
  for (const [kind, d] of (b % 2
    ? [
        ['unnamed', unnamed],
        ['named', db],
      ]
    : [
        ['named', db],
        ['unnamed', unnamed],
      ]) as ['named' | 'unnamed', Db][]) {
    const t = performance.now();
    const r = await attendanceThatCanCount(d, batch, sessions, 15);
    times[kind].push(performance.now() - t);
    rows[kind] += r.length;
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0).toFixed(0);
console.log(
  `attendance read, ${batches} batches of 1,000 pairs: named median ${med(times.named)} ms (sum ${sum(times.named)}), ` +
    `unnamed median ${med(times.unnamed)} ms (sum ${sum(times.unnamed)}); rows ${rows.named} / ${rows.unnamed}`,
);
await db.close();
