import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { encodeGb18030 } from './support/gb18030.ts';

const QIYE = '913201001736662571'; // 南京物流1有限公司 (digital, 320100): the demo enterprise
const NANJING_DIGITAL = '913201003169861445';
const LYG_MANUFACTURING = '91320700747278043R'; // manufacturing, 320700: 工信's
const HA_MANUFACTURING = '913208004943833540';
const ZJ_MANUFACTURING = '91321100136571208N';

const HEADER = 'enterprise_credit_code,year,extracted_yuan,front_line_yuan,management_yuan,other_yuan';

/** The below-share list recomputed in SQL from the stored reports and the parameter. */
async function belowInSql(d: DemoApp, year: number, sectors: string[] | null) {
  const rows = await d.ctx.db.query<{ code: string }>(
    `SELECT r.enterprise_code AS code FROM edufund_reports r JOIN enterprises e ON e.credit_code = r.enterprise_code
     WHERE r.year = $1 AND ($2::text[] IS NULL OR e.sector = ANY($2::text[]))
       AND (r.front_line_fen + r.management_fen + r.other_fen = 0
            OR r.front_line_fen * 10000 < (r.front_line_fen + r.management_fen + r.other_fen) * (SELECT value FROM edufund_parameters WHERE code = 'front_line_share'))
     ORDER BY 1`,
    [year, sectors],
  );
  return rows.map((r) => r.code);
}

describe('enterprise education funds (plan 二)', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'gongxin', 'qiye']);
  }, 180_000);
  afterAll(() => d.close());

  const upload = (user: string, fileName: string, content: Buffer | string) =>
    d.call(user, 'POST', '/api/edufunds/uploads', {
      fileName,
      contentBase64: Buffer.from(content).toString('base64'),
    });
  const put = (user: string, body: object) =>
    d.app.inject({
      method: 'PUT',
      url: '/api/edufunds',
      payload: body,
      headers: { authorization: `Bearer ${d.token(user)}` },
    });
  const list = async (user: string, year = 2025) => (await d.call(user, 'GET', `/api/edufunds?year=${year}`)).json();

  it('a department’s upload keeps the good rows and refuses each bad one with its line, column and reason in both languages', async () => {
    const csv = [
      HEADER,
      `${LYG_MANUFACTURING},2025,100000.00,80000,15000,5000`, // good, 80 %
      `${HA_MANUFACTURING},2025,50000,30000,15000,5000`, // good, 60 %: below
      `${QIYE},2025,1,1,0,0`, // digital: not 工信's
      `NOPE,2025,1,1,0,0`,
      `${ZJ_MANUFACTURING},2024,1,1,0,0`,
      `${ZJ_MANUFACTURING},2025,1,-1,0,0`,
      `${ZJ_MANUFACTURING},2025,1,1.234,0,0`,
      `${LYG_MANUFACTURING},2025,1,1,0,0`, // the same enterprise and year again
      '"unclosed,2025,1,1,0,0',
    ].join('\n');
    const res = await upload('gongxin', '工信厅2025.csv', csv);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.rowsAccepted).toBe(2);
    expect(body.errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).toEqual([
      [4, 'NOT_YOUR_ENTERPRISE'],
      [5, 'UNKNOWN_ENTERPRISE'],
      [6, 'BAD_YEAR'],
      [7, 'BAD_AMOUNT'],
      [8, 'BAD_AMOUNT'],
      [9, 'DUPLICATE_ROW'],
      [10, 'UNTERMINATED_QUOTE'],
    ]);
    for (const e of body.errors) {
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    expect(body.errors[3]).toMatchObject({ column: 'front_line_yuan' });
    const stored = await d.ctx.db.query<{ enterprise_code: string; front_line_fen: number }>(
      'SELECT enterprise_code, front_line_fen FROM edufund_reports WHERE year = 2025 ORDER BY 1',
    );
    expect(stored).toEqual(
      [
        { enterprise_code: LYG_MANUFACTURING, front_line_fen: 8_000_000 },
        { enterprise_code: HA_MANUFACTURING, front_line_fen: 3_000_000 },
      ].sort((a, b) => (a.enterprise_code < b.enterprise_code ? -1 : 1)),
    );
    const uploads = (await d.call('gongxin', 'GET', '/api/edufunds/uploads')).json();
    expect(uploads[0]).toMatchObject({ fileName: '工信厅2025.csv', rowsTotal: 9, rowsAccepted: 2 });
    expect(uploads[0].errors).toHaveLength(7);
  });

  it('reads an XLSX upload with Chinese headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('经费');
    ws.addRow([
      '统一社会信用代码',
      '年度',
      '提取额（元）',
      '一线职工培训（元）',
      '管理和专业技术人员培训（元）',
      '其他（元）',
    ]);
    ws.addRow([QIYE, 2025, 20000, 13000.5, 5000, 1999.5]);
    ws.addRow([NANJING_DIGITAL, 2025, 1, 1, 0, 0]);
    const res = await upload('qiye', '经费.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(201);
    expect(res.json().rowsAccepted).toBe(1);
    expect(res.json().errors).toEqual([expect.objectContaining({ line: 3, reason: 'NOT_YOUR_ENTERPRISE' })]);
    const mine = await list('qiye');
    expect(mine.funds).toEqual([
      expect.objectContaining({
        enterpriseCode: QIYE,
        frontLineFen: 1_300_050,
        spentFen: 2_000_000,
        frontLineShareBp: 6500,
        finding: 'BELOW_FRONT_LINE_SHARE',
      }),
    ]);
  });

  it('reads a GB18030 CSV with Chinese headers, as Excel saves it on a Chinese Windows', async () => {
    const csv = `统一社会信用代码,年度,提取额（元）,一线职工培训（元）,管理和专业技术人员培训（元）,其他（元）\r\n${QIYE},2027,100,80,20,0\r\n`;
    const res = await upload('qiye', '经费-gbk.csv', encodeGb18030(csv));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rowsTotal: 1, rowsAccepted: 1, errors: [] });
    expect((await list('qiye', 2027)).funds).toEqual([
      expect.objectContaining({ frontLineShareBp: 8000, finding: null }),
    ]);
  });

  it('refuses a file without the columns, an empty file and a damaged workbook, writing nothing', async () => {
    const before = await d.ctx.db.query('SELECT * FROM edufund_uploads');
    const missing = await upload('qiye', 'x.csv', 'enterprise_credit_code,year\n1,2025\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'MISSING_COLUMNS',
      message: expect.stringContaining('提取额'),
      message_en: expect.stringContaining('extracted_yuan'),
    });
    expect((await upload('qiye', 'x.csv', '')).json().code).toBe('EMPTY_FILE');
    expect((await upload('qiye', 'x.xlsx', Buffer.from('PK\u0003\u0004garbage'))).json().code).toBe('BAD_XLSX');
    expect(await d.ctx.db.query('SELECT * FROM edufund_uploads')).toHaveLength(before.length);
  });

  it('the form reports one enterprise; another enterprise’s, a department outside its sectors and a city are refused', async () => {
    const ok = await put('qiye', {
      enterpriseCode: QIYE,
      year: 2026,
      extractedFen: 100,
      frontLineFen: 70,
      managementFen: 30,
      otherFen: 0,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ frontLineShareBp: 7000, finding: null, source: 'form' });
    for (const [user, code] of [
      ['qiye', NANJING_DIGITAL],
      ['gongxin', QIYE],
    ] as const) {
      const res = await put(user, {
        enterpriseCode: code,
        year: 2026,
        extractedFen: 1,
        frontLineFen: 1,
        managementFen: 0,
        otherFen: 0,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('OUT_OF_SCOPE');
    }
    expect(
      (
        await put('nanjing', {
          enterpriseCode: QIYE,
          year: 2026,
          extractedFen: 1,
          frontLineFen: 1,
          managementFen: 0,
          otherFen: 0,
        })
      ).statusCode,
    ).toBe(403);
    const unknown = await put('province', {
      enterpriseCode: 'NOPE',
      year: 2026,
      extractedFen: 1,
      frontLineFen: 1,
      managementFen: 0,
      otherFen: 0,
    });
    expect(unknown.json()).toMatchObject({
      code: 'UNKNOWN_ENTERPRISE',
      message_en: expect.stringContaining('enterprise'),
    });
    const huge = await put('province', {
      enterpriseCode: QIYE,
      year: 2026,
      extractedFen: 1e15,
      frontLineFen: 1,
      managementFen: 0,
      otherFen: 0,
    });
    expect(huge.json().code).toBe('BAD_AMOUNT');
    const audit = await d.ctx.db.query<{ actor: string; after: { frontLineFen: number } }>(
      `SELECT actor, after FROM audit_log WHERE action = 'edufund.report' AND entity_id = $1 ORDER BY seq`,
      [`${QIYE}/2026`],
    );
    expect(audit).toEqual([
      { actor: 'enterprise_staff:qiye', after: expect.objectContaining({ frontLineFen: 70, source: 'form' }) },
    ]);
  });

  it('the list below the share equals its recomputation in SQL, for the province and for a department', async () => {
    const all = await list('province');
    expect(
      all.funds
        .filter((f: { finding: string | null }) => f.finding)
        .map((f: { enterpriseCode: string }) => f.enterpriseCode)
        .sort(),
    ).toEqual(await belowInSql(d, 2025, null));
    const dept = await list('gongxin');
    expect(new Set(dept.funds.map((f: { sector: string }) => f.sector))).toEqual(new Set(['manufacturing']));
    expect(
      dept.funds
        .filter((f: { finding: string | null }) => f.finding)
        .map((f: { enterpriseCode: string }) => f.enterpriseCode)
        .sort(),
    ).toEqual(await belowInSql(d, 2025, ['manufacturing']));
    expect(await belowInSql(d, 2025, null)).toContain(HA_MANUFACTURING);
  });

  it('scope: an enterprise its own, a city its city, a department its sectors', async () => {
    expect((await list('qiye')).funds.map((f: { enterpriseCode: string }) => f.enterpriseCode)).toEqual([QIYE]);
    expect(new Set((await list('nanjing')).funds.map((f: { cityCode: string }) => f.cityCode))).toEqual(
      new Set(['320100']),
    );
    expect((await list('gongxin')).funds.map((f: { enterpriseCode: string }) => f.enterpriseCode)).not.toContain(QIYE);
  });

  it('compares with the training the platform recorded for the enterprise’s employees', async () => {
    // Two people of a 2025 class become employees of the Lianyungang enterprise: one for the whole year, one since 2026.
    const people = await d.ctx.db.query<{ person_key: string; completed: boolean | null }>(
      `SELECT n.person_key, n.completed FROM enrolments n JOIN projects p USING (project_code)
       WHERE EXTRACT(YEAR FROM p.start_date) = 2025 ORDER BY n.person_key LIMIT 2`,
    );
    await d.ctx.db.query(
      `INSERT INTO employment (person_key, employer_code, start_date) VALUES ($1, $3, '2024-03-01'), ($2, $3, '2026-02-01')`,
      [people[0]!.person_key, people[1]!.person_key, LYG_MANUFACTURING],
    );
    const row = (await list('gongxin')).funds.find(
      (f: { enterpriseCode: string }) => f.enterpriseCode === LYG_MANUFACTURING,
    );
    const [want] = await d.ctx.db.query<{ staff: number; trained: number; completed: number }>(
      `WITH s AS (SELECT DISTINCT person_key FROM employment WHERE employer_code = $1 AND start_date <= '2025-12-31' AND (end_date IS NULL OR end_date >= '2025-01-01'))
       SELECT (SELECT count(*) FROM s)::int AS staff,
              (SELECT count(DISTINCT n.person_key) FROM enrolments n JOIN projects p USING (project_code) WHERE n.person_key IN (SELECT person_key FROM s) AND EXTRACT(YEAR FROM p.start_date) = 2025)::int AS trained,
              (SELECT count(DISTINCT n.person_key) FROM enrolments n JOIN projects p USING (project_code) WHERE n.completed AND n.person_key IN (SELECT person_key FROM s) AND EXTRACT(YEAR FROM p.start_date) = 2025)::int AS completed`,
      [LYG_MANUFACTURING],
    );
    expect(row).toMatchObject({
      employeesRecorded: want.staff,
      employeesTrained: want.trained,
      employeesCompleted: want.completed,
    });
    expect(want).toMatchObject({ staff: 1, trained: 1 });
  });

  it('the below-share list downloads as XLSX, one row per enterprise below, with its department', async () => {
    const res = await d.call('gongxin', 'GET', '/api/edufunds/below.xlsx?year=2025');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount - 1).toBe((await belowInSql(d, 2025, ['manufacturing'])).length);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/[\u4e00-\u9fff]/); // the sector's name, not its code
    expect(ws.getRow(2).getCell(8).value).toBe('60.00%');
  });

  it('a worker or a college may not read or upload fund reports', async () => {
    const w = await demoApp(['xielei', 'jigou']);
    try {
      expect((await w.call('xielei', 'GET', '/api/edufunds?year=2025')).statusCode).toBe(403);
      expect(
        (await w.call('jigou', 'POST', '/api/edufunds/uploads', { fileName: 'x.csv', contentBase64: '' })).statusCode,
      ).toBe(403);
    } finally {
      await w.close();
    }
  });
});
