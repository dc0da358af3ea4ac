/**
 * Import benchmark: attendance rows/s through `importBundle` against a plain COPY of the same file
 * into a bare table, in the same run, and the importer's peak RSS. A second baseline shows what
 * PostgreSQL alone needs to keep the rows the way the platform must (indexed, de-duplicated).
 *   DATABASE_URL=postgres://… NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=8" npx tsx bench/import.bench.ts [small|city|province]
 *   (the heap flags are the ones `jineng import` runs itself with: the RSS goal is for that process)
 *   (without DATABASE_URL: embedded PGlite on a temporary data directory)
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { importThreads, threadTimes } from '../src/modules/interchange/import-threads.ts';
import type { ScaleName } from '../src/synthetic/generate-province.ts';
import { bundleFor, freshDatabase, machine, record, rssSampler } from './support.ts';

const scale = (process.argv[2] ?? 'city') as ScaleName;
const dir = await bundleFor(scale);
const base = process.env.DATABASE_URL;
const url = base ? await freshDatabase(base, `jineng_bench_import${process.env.JINENG_BENCH_SUFFIX ?? ''}`) : undefined;
// Embedded mode as it runs: PGlite on a data directory (in memory, the database itself would count in the RSS).
const dataDir = url ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-import-bench-'));
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, JINENG_DATA_DIR: dataDir }),
);

const rss = rssSampler();
let attCpu = process.cpuUsage();
let mainElu = performance.eventLoopUtilization();
const times = new Map<string, number>();
const filePeak = new Map<string, number>();
let current = '';
let since = Date.now();
const t0 = Date.now();
const result = await importBundle(ctx.db, dir, {
  actor: 'bench',
  vault: ctx.vault,
  onProgress: (p) => {
    // Where the peak is: each file's highest RSS as its progress is reported.
    filePeak.set(p.file, Math.max(filePeak.get(p.file) ?? 0, process.memoryUsage().rss));
    if (p.file === current) return;
    if (current) times.set(current, Date.now() - since);
    if (current === 'attendance.csv') {
      attCpu = process.cpuUsage(attCpu);
      mainElu = performance.eventLoopUtilization(mainElu);
    }
    if (p.file === 'attendance.csv') {
      attCpu = process.cpuUsage();
      mainElu = performance.eventLoopUtilization();
    }
    current = p.file;
    since = Date.now();
  },
});
times.set(current, Date.now() - since);
if (current === 'attendance.csv') {
  attCpu = process.cpuUsage(attCpu);
  mainElu = performance.eventLoopUtilization(mainElu);
}
const peak = rss.stop();
const total = Date.now() - t0;
const att = result.files.find((f) => f.file === 'attendance.csv')!;
const attMs = times.get('attendance.csv')!;
const ours = att.rows / (attMs / 1000);

let copyRate = NaN;
let floorRate = NaN;
if (url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE bare_attendance (project_code text, session_no int, id_number text, check_in_at timestamptz, check_out_at timestamptz,
                 method text, face_score float8, lat float8, lon float8, device_id text)`);
  let t = Date.now();
  await pipeline(
    fs.createReadStream(path.join(dir, 'attendance.csv')),
    c.query(copyFrom('COPY bare_attendance FROM STDIN (FORMAT csv, HEADER true)')),
  );
  copyRate = att.rows / ((Date.now() - t) / 1000);
  // The floor of any importer: the rows as stored (person key, not ID number) COPYed back into
  // the platform's own attendance table, with its partitions, primary key, dedupe key and person index.
  const stored = path.join(os.tmpdir(), `jineng-import-bench-${process.pid}.csv`);
  const columns =
    'project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id';
  await pipeline(
    c.query(copyTo(`COPY (SELECT ${columns} FROM attendance) TO STDOUT (FORMAT csv)`)),
    fs.createWriteStream(stored),
  );
  await c.query('TRUNCATE attendance');
  await c.query('CHECKPOINT');
  t = Date.now();
  await pipeline(
    fs.createReadStream(stored),
    c.query(copyFrom(`COPY attendance (${columns}) FROM STDIN (FORMAT csv)`)),
  );
  floorRate = att.rows / ((Date.now() - t) / 1000);
  fs.rmSync(stored, { force: true });
  await c.end();
}
await ctx.db.close();
/** Bytes under a directory (the PGlite data directory, and its WAL apart). */
const bytesUnder = (dir: string): number =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce(
      (n, e) => n + (e.isDirectory() ? bytesUnder(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size),
      0,
    );
const onDisk = dataDir
  ? `; data directory ${Math.round(bytesUnder(dataDir) / 1e6)} MB, of which WAL ${Math.round(bytesUnder(path.join(dataDir, 'pg_wal')) / 1e6)} MB`
  : '';
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
record(
  `import ${scale} on ${url ? 'PostgreSQL' : 'PGlite'}: attendance ${att.rows} rows in ${(attMs / 1000).toFixed(1)} s = ${Math.round(ours)} rows/s; ` +
    (url
      ? `plain COPY ${Math.round(copyRate)} rows/s; ratio ${(ours / copyRate).toFixed(3)} (goal ≥ 0.5); ` +
        `COPY of the stored rows into the indexed attendance table ${Math.round(floorRate)} rows/s (${(floorRate / copyRate).toFixed(3)} of plain COPY); ours ${(ours / floorRate).toFixed(3)} of that; `
      : '') +
    `parsing threads ${threadTimes.pieces ? importThreads() : 0}; attendance: process CPU ${((attCpu.user + attCpu.system) / 1e6).toFixed(1)} s, ` +
    `main thread busy ${((mainElu.active || 0) / 1000).toFixed(1)} s, threads parsing ${(threadTimes.parseMs / 1000).toFixed(1)} s, ` +
    `main waited for parsed pieces ${(threadTimes.waitParseMs / 1000).toFixed(1)} s and for writes ${(threadTimes.waitWriteMs / 1000).toFixed(1)} s; ` +
    `whole bundle ${(total / 1000).toFixed(1)} s; errors ${result.errors.length}; peak RSS ${peak} MB (goal ≤ 300; by file: ${[...filePeak].map(([f, b]) => `${f} ${Math.round(b / 1e6)}`).join(', ')})${onDisk} | ${machine()}`,
);
