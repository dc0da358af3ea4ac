import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { idCheckChar } from '../src/kernel/identity.ts';
import { FILE_SPECS, importFiles, importJob } from '../src/modules/interchange/index.ts';
import { actorOfUser } from '../src/modules/accounts/index.ts';
import { bearerToken } from './support/demo-app.ts';
import { testContext } from './support/context.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/jineng.js');
const id = (first17: string) => first17 + idCheckChar(first17);

/** Nanjing persons: three good rows and three refused ones (check digit, city, insured months). */
const PERSONS = [
  'id_number,name,phone,city_code,groups,insured_months,insured_as_of',
  `${id('32010219900101123')},甲一,13900000101,320100,G1,36,2026-06-30`,
  `${id('32010219910202124')},乙二,13900000102,320100,G2,12,2026-06-30`,
  '320102199203031230,丙三,13900000103,320100,G1,12,2026-06-30',
  `${id('32010219930404126')},丁四,13900000104,999999,G1,12,2026-06-30`,
  `${id('32010219940505127')},戊五,13900000105,320100,G1,many,2026-06-30`,
  `${id('32010219950606128')},己六,13900000106,320100,G3,24,2026-06-30`,
].join('\n');

type ErrorRow = { file: string; line: number; column: string; reason: string };
const errorsOf = (ctx: Awaited<ReturnType<typeof testContext>>, runId: string) =>
  ctx.db.query<ErrorRow>(
    'SELECT file, line, "column", reason FROM import_errors WHERE run_id = $1 ORDER BY file, line, "column"',
    [runId],
  );

describe('imports run as queued jobs', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  let token: string;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    // The API only queues: a separate worker process imports (on PGlite the API's own queue does).
    ctx.config = { ...ctx.config, runJobs: false };
    app = await buildApp(ctx);
    token = await bearerToken(app, 'nanjing');
  }, 180_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await app.close();
    await ctx.drop();
  }, 60_000);

  it('an upload through the route is queued, imported by a worker, with the same row errors as a direct import', async () => {
    const boundary = 'x-worker-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="persons.csv"\r\nContent-Type: text/csv\r\n\r\n${PERSONS}\n\r\n--${boundary}--\r\n`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { runId, jobId } = res.json() as { runId: string; jobId: string };
    const get = async (url: string) =>
      (await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json();
    if (ctx.db.kind === 'postgres') {
      // Nobody works the queue yet: the run waits.
      expect((await get(`/api/imports/${runId}`)).status).toBe('queued');
      worker = spawn(process.execPath, [BIN, 'worker'], {
        env: { ...process.env, DATABASE_URL: ctx.dbUrl!, NODE_ENV: 'test' },
        stdio: 'ignore',
      });
    }
    let job: {
      status: string;
      attempts: number;
      output: { runId: string; errors: number; heapLimitMb: number };
      progress: { done: number; total: number; unit: string; step?: string } | null;
    } = await get(`/api/jobs/${jobId}`);
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = await get(`/api/jobs/${jobId}`);
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.attempts).toBe(1);
    expect(job.output.runId).toBe(runId);
    // Progress reached the job's bar (on PostgreSQL from the worker's capped child, over IPC).
    expect(job.progress).toMatchObject({ unit: 'bytes', step: 'persons.csv' });
    expect(job.progress!.done).toBe(job.progress!.total);
    expect(job.progress!.total).toBeGreaterThan(0);
    // On PostgreSQL the worker imports in a child with the CLI's heap cap (192 MB old space + young space).
    if (ctx.db.kind === 'postgres') expect(job.output.heapLimitMb).toBeLessThanOrEqual(260);
    const run = await get(`/api/imports/${runId}`);
    expect(run.status).toBe('done');
    expect(run.summary.files[0]).toMatchObject({ file: 'persons.csv', rows: 6, inserted: 3, errors: 3 });
    const onWorker = await errorsOf(ctx, runId);
    expect(onWorker.map((e) => `${e.line}:${e.column}:${e.reason}`).slice(0, 2)).toEqual([
      '4:id_number:ID_CHECK_DIGIT',
      '5:city_code:UNKNOWN_CODE',
    ]);
    expect(onWorker).toHaveLength(3);

    // The same file imported directly, as before queues (the CLI still does): the same refusals.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-direct-'));
    fs.writeFileSync(path.join(dir, 'persons.csv'), PERSONS);
    const importer = (await actorOfUser(ctx.db, 'nanjing'))!;
    const direct = await importFiles(
      ctx.db,
      [{ spec: FILE_SPECS.find((s) => s.file === 'persons')!, path: path.join(dir, 'persons.csv') }],
      'persons.csv',
      { actor: 'test', vault: ctx.vault, importer },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(await errorsOf(ctx, direct.runId)).toEqual(onWorker);
  }, 180_000);

  it('a retried attempt (its worker died) starts the run over: each refused row reported once, good rows unchanged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-retry-'));
    fs.writeFileSync(path.join(dir, 'persons.csv'), PERSONS);
    const runId = crypto.randomUUID();
    await ctx.db.query(
      `INSERT INTO import_runs (id, source, actor, status, started_at) VALUES ($1, 'persons.csv', 'test', 'queued', now())`,
      [runId],
    );
    const handler = importJob(ctx.db, ctx.vault);
    const importer = (await actorOfUser(ctx.db, 'nanjing'))!;
    const data = { runId, dir, files: ['persons.csv'], source: 'persons.csv', actor: 'test', importer };
    const job = (attempt: number) => ({ id: runId, attempt, last: false, progress: () => {} });
    // The first attempt "dies" after writing (its output is never recorded); the retry runs it all again.
    await handler.run(data, job(1));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'persons.csv'), PERSONS); // a dead attempt leaves the upload in place
    const out = (await handler.run(data, job(2))) as {
      files: { inserted: number; unchanged: number; errors: number }[];
    };
    expect(out.files[0]).toMatchObject({ inserted: 0, unchanged: 3, errors: 3 });
    expect(await errorsOf(ctx, runId)).toHaveLength(3);
    expect(fs.existsSync(dir)).toBe(false); // the upload goes once the job is done
  }, 60_000);
});
