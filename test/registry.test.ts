import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { idCheckChar } from '../src/kernel/identity.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

const BUNDLE = path.resolve(import.meta.dirname, '../demo/small/bundle');

/** Writes a CSV of the standard as an XLSX sheet (first row = header), as a clerk's Excel would. */
async function csvToXlsx(csvFile: string, xlsxFile: string) {
  const rows = parse(fs.readFileSync(csvFile), { bom: true }) as string[][];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(xlsxFile);
}

describe('the registry', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const get = (url: string, user: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } });
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    app = await buildApp(ctx);
    for (const u of ['province', 'nanjing', 'wuxi']) tokens[u] = await bearerToken(app, u);
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('imports the same sheets as XLSX exactly as CSV: same refusals, nothing new', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-bundle-'));
    for (const f of ['institutions', 'persons', 'applications'])
      await csvToXlsx(path.join(BUNDLE, `${f}.csv`), path.join(dir, `${f}.xlsx`));
    const r = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual([
      'institutions.xlsx:58:credit_code',
      ...[374, 375, 376, 377, 378].map((l) => `persons.xlsx:${l}:id_number`),
      ...[418, 419, 420, 421, 422].map((l) => `applications.xlsx:${l}:id_number`),
    ]);
    for (const f of r.files) expect([f.file, f.inserted, f.updated]).toEqual([f.file, 0, 0]);
  });

  it('merges a person arriving again under the same ID, and shows the change in the record’s history', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      'id_number,name,phone,city_code,groups,insured_months,insured_as_of\n320311199409187319,谢磊,13900000000,320100,G2,18,2026-06-30\n',
    );
    const r = await importBundle(ctx.db, dir, { actor: 'city_officer:nanjing', vault: ctx.vault });
    expect(r.files[0]).toMatchObject({ inserted: 0, updated: 1 });
    const key = ctx.vault.blindIndex('320311199409187319');
    const [{ n }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons WHERE person_key = $1', [
      key,
    ]);
    expect(n).toBe(1);
    const detail = (await get(`/api/persons/${key}`, 'nanjing')).json();
    expect(detail.history[0]).toMatchObject({
      actor: 'city_officer:nanjing',
      action: 'person.update',
      before: { phone: '133****8785' },
      after: { phone: '139****0000' },
    });
    expect(JSON.stringify(detail.history)).not.toContain('320311199409187319');
  });

  it('lists likely duplicates: same name, birth date and phone under different IDs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    // 32031119940918731X would be invalid; 320311199409180011 is a valid other ID of the same birth date.
    const { idCheckChar } = await import('../src/modules/registry/index.ts');
    const other = '32031119940918001' + idCheckChar('32031119940918001');
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      `id_number,name,phone,city_code,groups,insured_months,insured_as_of\n${other},谢磊,13900000000,320100,G2,0,2026-06-30\n`,
    );
    await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    const dups = (await get('/api/persons-duplicates', 'nanjing')).json();
    expect(dups).toHaveLength(1);
    expect(dups[0]).toMatchObject({ name: '谢磊', persons: 2 });
    expect((await get('/api/persons-duplicates', 'wuxi')).json()).toEqual([]);
  });

  it('exports the persons of the caller’s city as XLSX, ID numbers masked', async () => {
    const res = await get('/api/persons.xlsx', 'nanjing');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('身份证号 ID');
    const cities = new Set<string>();
    ws.eachRow((row, i) => {
      if (i > 1) {
        cities.add(String(row.getCell(4).value));
        expect(String(row.getCell(1).value)).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      }
    });
    expect(cities).toEqual(new Set(['南京市']));
  });

  it('imports in small batches with refusals spread over them: every row stored or reported once, at its line', async () => {
    // Each batch's references are looked up while the batch before is written: this pins that
    // nothing is lost or misplaced between batches (batches of 3, bad rows in several of them).
    const lines = fs.readFileSync(path.join(BUNDLE, 'attendance.csv'), 'utf8').trim().split(/\r?\n/);
    const withField = (line: string, i: number, value: (v: string) => string) =>
      line
        .split(',')
        .map((v, j) => (j === i ? value(v) : v))
        .join(',');
    // The same sessions and persons with check-out 7 s later: new events.
    const fresh = lines.slice(1, 20).map((l) => withField(l, 4, (v) => v.replace(':00+08:00', ':07+08:00')));
    const stranger = '32010219900101001' + idCheckChar('32010219900101001');
    const rows = [...fresh];
    rows.splice(
      4,
      0,
      withField(fresh[0], 0, () => 'P999999'),
    ); // line 6: no such session
    rows.splice(
      9,
      0,
      withField(fresh[1], 2, () => stranger),
    ); // line 11: person not in the registry
    rows.splice(
      15,
      0,
      withField(fresh[2], 3, (v) => v.replace(/^2025-\d\d/, '2025-13')),
    ); // line 17: no such month
    rows.push(withField(fresh[3], 0, () => 'P999999')); // line 24: alone in the last batch (21 good rows before it)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batches-'));
    fs.writeFileSync(path.join(dir, 'attendance.csv'), [lines[0], ...rows].join('\n') + '\n');
    const r = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault, batchSize: 3 });
    expect(r.errors.map((e) => `${e.line}:${e.reason}`)).toEqual([
      '6:UNKNOWN_SESSION',
      '11:UNKNOWN_PERSON',
      '17:BAD_TIMESTAMP',
      '24:UNKNOWN_SESSION',
    ]);
    expect(r.files[0]).toMatchObject({ rows: 23, inserted: 19, unchanged: 0, errors: 4 });
    const [{ n }] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM import_errors WHERE run_id = $1',
      [r.runId],
    );
    expect(n).toBe(4);
    const again = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault, batchSize: 3 });
    expect(again.files[0]).toMatchObject({ inserted: 0, unchanged: 19, errors: 4 });
    // A batch mixing stored and new events (and one twice): only the new ones are added, once.
    const newer = fresh.slice(0, 2).map((l) => withField(l, 4, (v) => v.replace(':07+08:00', ':09+08:00')));
    fs.writeFileSync(
      path.join(dir, 'attendance.csv'),
      [lines[0], fresh[5], newer[0], fresh[6], newer[1], newer[1], fresh[7]].join('\n') + '\n',
    );
    const overlap = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault, batchSize: 4 });
    expect(overlap.files[0]).toMatchObject({ rows: 6, inserted: 2, unchanged: 4, errors: 0 });
    const [{ stored }] = await ctx.db.query<{ stored: number }>(
      `SELECT count(*)::int AS stored FROM attendance WHERE check_out_at = $1::timestamptz`,
      [newer[1].split(',')[4]],
    );
    expect(stored).toBe(1);
  });

  it('lets a city officer upload files and refuses the rows of other cities', async () => {
    const boundary = 'XyZ';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="enterprises.csv"',
      'Content-Type: text/csv',
      '',
      'credit_code,name,city_code,sector,chain_leader',
      '913201001736662571,南京物流1有限公司,320100,digital,false',
      '913202008038790040,无锡新能源3有限公司,320200,digital,false',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body,
      headers: {
        authorization: `Bearer ${tokens.nanjing}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(res.statusCode).toBe(202);
    const { runId } = res.json();
    let run: { status: string; errors: unknown[] } = { status: 'running', errors: [] };
    for (let i = 0; i < 50; i++) {
      run = (await get(`/api/imports/${runId}`, 'nanjing')).json();
      if (run.status !== 'running' && run.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.status).toBe('done');
    expect(run.errors).toEqual([expect.objectContaining({ line: 3, reason: 'OUT_OF_SCOPE' })]);
    const report = await get(`/api/imports/${runId}/errors.csv`, 'nanjing');
    expect(report.body).toContain('OUT_OF_SCOPE');
    expect((await get(`/api/imports/${runId}`, 'wuxi')).statusCode).toBe(404);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body.replace('enterprises.csv', 'evil.sh'),
      headers: {
        authorization: `Bearer ${tokens.nanjing}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('UNKNOWN_FILE');
  });
});

describe('identity numbers at rest', () => {
  it('no plaintext ID number is in the embedded database files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-rest-'));
    const ctx = await openContext(loadConfig({ NODE_ENV: 'test', JINENG_DATA_DIR: dir }));
    await importBundle(ctx.db, BUNDLE, { actor: 'test', vault: ctx.vault });
    await ctx.db.exec('CHECKPOINT');
    await ctx.db.close();
    const ids = fs
      .readFileSync(path.join(BUNDLE, 'persons.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1, 373)
      .map((l) => l.split(',')[0]);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name));
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    let bytes = 0;
    const wanted = new Set(ids);
    for (const f of files) {
      const content = fs.readFileSync(f);
      bytes += content.length;
      // Every run of 17 digits + check character in the raw bytes, looked up among the real IDs.
      const found = (content.toString('latin1').match(/\d{17}[\dX]/g) ?? []).filter((m) => wanted.has(m));
      expect(found, f).toEqual([]);
    }
    expect(bytes).toBeGreaterThan(1_000_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
