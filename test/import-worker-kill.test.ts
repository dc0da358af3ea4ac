import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROVINCE } from '../src/kernel/auth.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { queueImport } from '../src/modules/interchange/interchange.service.ts';
import { testContext } from './support/context.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/jineng.js');
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
const COPIES = 20; // ≈ 93 k rows, 9.6 MB: read by parsing threads, several seconds of batches to die in
// A dead worker's attempt is taken over after this; the surviving attempt must finish within it
// (≈ 40 s on a quiet machine; the import now runs in a capped child process, slower to start under load).
const EXPIRE = '150';
const env = {
  ...process.env,
  NODE_ENV: 'test',
  JINENG_IMPORT_EXPIRE_SECONDS: EXPIRE,
  JINENG_QUEUE_MAINTENANCE_SECONDS: '2',
};

function startWorker(dbUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...env, DATABASE_URL: dbUrl },
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
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}): ${out}`)));
  });
  ready.catch(() => {});
  return { child, ready };
}

/** The example's attendance, each row COPIES times with its check-in a few seconds later, and three rows of an unknown session; gives the distinct events and the good lines. */
function bigAttendance(dir: string): { rows: number; lines: number } {
  const [header, ...lines] = fs.readFileSync(path.join(EXAMPLE, 'attendance.csv'), 'utf8').trimEnd().split('\n');
  const out = [header];
  for (let k = 0; k < COPIES; k++)
    for (const l of lines) {
      const c = l.split(',');
      c[3] = c[3].replace(/:00\+08:00$/, `:${String(k).padStart(2, '0')}+08:00`);
      out.push(c.join(','));
    }
  // A few check-ins are not on the minute: their copies are the same event, stored once.
  const distinct = new Set(out.slice(1)).size;
  const bad = lines[0].split(',');
  bad[1] = '999';
  for (const at of [100, 50_000, 90_000]) out.splice(at, 0, bad.join(','));
  fs.writeFileSync(path.join(dir, 'attendance.csv'), `${out.join('\n')}\n`);
  return { rows: distinct, lines: COPIES * lines.length };
}

describe.skipIf(!process.env.DATABASE_URL)('a worker killed in the middle of an import (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    ctx = await testContext();
    // Everything the attendance points at, imported beforehand.
    const refs = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-refs-'));
    for (const f of fs.readdirSync(EXAMPLE))
      if (f !== 'attendance.csv') fs.copyFileSync(path.join(EXAMPLE, f), path.join(refs, f));
    await importBundle(ctx.db, refs, { actor: 'test', vault: ctx.vault });
    fs.rmSync(refs, { recursive: true, force: true });
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await ctx.queue.stop();
    await ctx.drop();
  }, 60_000);

  const one = async <T>(sql: string, params: unknown[] = []) => (await ctx.db.query<T>(sql, params))[0];
  const attendance = () => one<{ n: number }>('SELECT count(*)::int AS n FROM attendance').then((r) => r.n);

  it('SIGKILL after the first batches: the restarted worker finishes the run, no row lost, none twice', async () => {
    const first = startWorker(ctx.dbUrl!);
    children.push(first.child);
    await first.ready;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-upload-'));
    const { rows, lines } = bigAttendance(dir);
    const { runId, jobId } = await queueImport(ctx.db, ctx.queue, SYSTEM_PROVINCE, { dir, files: ['attendance.csv'] });

    // Killed as soon as some batches are committed, well before the end.
    let before = 0;
    for (let t = 0; t < 1200 && before === 0; t++) {
      await new Promise((r) => setTimeout(r, 50));
      before = await attendance();
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(rows);
    const dead = await one<{ status: string }>('SELECT status FROM queued_jobs WHERE id = $1', [jobId]);
    expect(dead.status).toBe('running'); // nobody is told: the attempt is found dead when it expires

    const second = startWorker(ctx.dbUrl!);
    children.push(second.child);
    await second.ready;
    let job = { status: '', attempts: 0 };
    for (let t = 0; t < 1000 && job.status !== 'done' && job.status !== 'failed'; t++) {
      await new Promise((r) => setTimeout(r, 500));
      job = await one('SELECT status, attempts FROM queued_jobs WHERE id = $1', [jobId]);
    }
    expect(job).toEqual({ status: 'done', attempts: 2 });

    // Every good row once: the dedupe key holds all columns, so a count of distinct rows shows no doubles.
    const stored = await one<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id))::int AS distinct
       FROM attendance`,
    );
    expect(stored).toEqual({ n: rows, distinct: rows });
    const run = await one<{
      status: string;
      summary: { files: { inserted: number; unchanged: number; errors: number }[] };
    }>('SELECT status, summary FROM import_runs WHERE id = $1', [runId]);
    expect(run.status).toBe('done');
    const [file] = run.summary.files;
    // The second attempt found what the first had committed, and wrote only the rest.
    expect(file.unchanged).toBeGreaterThanOrEqual(before);
    expect(file.inserted + file.unchanged).toBe(lines); // every good line; a repeated event counts unchanged
    expect(file.errors).toBe(3);
    const errors = await ctx.db.query<{ line: number; reason: string }>(
      'SELECT line, reason FROM import_errors WHERE run_id = $1 ORDER BY line',
      [runId],
    );
    expect(errors).toEqual([
      { line: 101, reason: 'UNKNOWN_SESSION' },
      { line: 50_001, reason: 'UNKNOWN_SESSION' },
      { line: 90_001, reason: 'UNKNOWN_SESSION' },
    ]);
    expect(fs.existsSync(dir)).toBe(false); // the upload is removed once the job is done
  }, 900_000);
});
