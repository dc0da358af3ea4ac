import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { importBundle, exportLines } from '../src/modules/interchange/index.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { testContext } from './support/context.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small');
const rowsOf = (text: string) =>
  new Set((parse(text, { columns: true, bom: true }) as Record<string, string>[]).map((r) => JSON.stringify(r)));
/** Compare as sets of rows on the expected file's columns (as shared/tools/compare-csv.py does). */
function sameRows(expectedFile: string, actualLines: string[], columns: string[]) {
  const pick = (rows: Record<string, string>[]) =>
    new Set(rows.map((r) => columns.map((c) => (r[c] ?? '').trim()).join(',')));
  const expected = pick(parse(fs.readFileSync(expectedFile), { columns: true, bom: true }));
  const actual = pick(parse(actualLines.join(''), { columns: true, bom: true }));
  return { missing: [...expected].filter((r) => !actual.has(r)), extra: [...actual].filter((r) => !expected.has(r)) };
}

describe('the worked example bundle', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let first: Awaited<ReturnType<typeof importBundle>>;
  beforeAll(async () => {
    ctx = await testContext();
    first = await importBundle(ctx.db, path.join(EXAMPLE, 'bundle'), { actor: 'test', vault: ctx.vault });
  });
  afterAll(() => ctx.drop());

  it('refuses exactly the rows listed in expected/import_errors.txt', () => {
    const expected = fs
      .readFileSync(path.join(EXAMPLE, 'expected/import_errors.txt'), 'utf8')
      .trim()
      .split('\n')
      .sort();
    expect(first.errors.map((e) => `${e.file}:${e.line}:${e.column}`).sort()).toEqual(expected);
    for (const e of first.errors) expect(e.messageZh && e.messageEn && e.reason).toBeTruthy();
  });

  it('importing it again adds and changes nothing', async () => {
    const [{ n: auditBefore }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const again = await importBundle(ctx.db, path.join(EXAMPLE, 'bundle'), { actor: 'test', vault: ctx.vault });
    for (const f of again.files)
      expect({ file: f.file, inserted: f.inserted, updated: f.updated }).toEqual({
        file: f.file,
        inserted: 0,
        updated: 0,
      });
    const [{ n: auditAfter }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(auditAfter).toBe(auditBefore + 1); // only the import run itself is recorded
  });

  it('settle --as-of 2026-12-31 then export gives decisions, flags and kpi equal to expected/', async () => {
    await runSettlement(ctx, { asOf: '2026-12-31', actor: 'test' });
    const cols = {
      decisions: ['application_id', 'decision', 'amount', 'reasons'],
      flags: ['flag', 'project_code', 'session_no', 'id_number', 'device_id'],
      kpi: ['indicator', 'dimension', 'key', 'value'],
    } as const;
    for (const name of ['decisions', 'flags', 'kpi'] as const) {
      const lines = await exportLines(ctx.db, name, { vault: ctx.vault });
      expect(sameRows(path.join(EXAMPLE, `expected/${name}.csv`), lines, [...cols[name]]), name).toEqual({
        missing: [],
        extra: [],
      });
    }
  });

  it('every decision records its policy version and an integer amount in fen', async () => {
    const rows = await ctx.db.query<{ policy_version: string; amount_fen: number }>(
      'SELECT policy_version, amount_fen FROM decisions',
    );
    expect(rows).toHaveLength(416);
    for (const r of rows) {
      expect(r.policy_version).toBe('JS-2025');
      expect(Number.isSafeInteger(r.amount_fen)).toBe(true);
    }
  });

  it('a second settlement decides nothing again', async () => {
    const r = await runSettlement(ctx, { asOf: '2026-12-31', actor: 'test' });
    expect(r.decided).toBe(0);
  });

  it('a bad row does not stop a good file, and an unknown column is only a warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    fs.writeFileSync(
      path.join(dir, 'enterprises.csv'),
      '\ufeffcredit_code,name,city_code,sector,chain_leader,extra\n913201001736662571,南京物流1有限公司,320100,digital,false,x\n913201001736662571X,坏,320100,digital,false,x\n913202008038790040,无锡新能源3有限公司,329900,digital,false,x\n',
    );
    const r = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, 'credit_code', 'CREDIT_CODE_FORMAT'],
      [4, 'city_code', 'UNKNOWN_CODE'],
    ]);
    expect(r.files[0].warnings[0]).toContain('extra');
    expect(r.files[0].unchanged).toBe(1);
  });
  void rowsOf;
});
