import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const JIGOU = '12320100914177769G'; // 南京市第1职业技术学院 (the demo college, classes in 2025)
const OTHER_NANJING = '12320100706690744C'; // 南京市第2职业技术学院
const WUXI_COLLEGE = '52320200083778351R';

/**
 * Every figure of the colleges' report recomputed in SQL from the records: sessions and their minutes
 * (China year of the session start), paid project claims (China year of payment), reported income and
 * costs, and the conversion with the parameters as stored.
 */
async function recomputed(d: DemoApp, year: number) {
  return d.ctx.db.query<{
    creditCode: string;
    sessions: number;
    minutes: number;
    platformIncomeFen: number;
    otherIncomeFen: number;
    costFen: number;
    netIncomeFen: number;
    capFen: number;
    classHours: number;
    workloadHours: number;
  }>(
    `WITH par AS (SELECT (SELECT value FROM college_parameters WHERE code = 'class_hour_minutes') AS m,
                         (SELECT value FROM college_parameters WHERE code = 'workload_ratio') AS ratio,
                         (SELECT value FROM college_parameters WHERE code = 'performance_pay_cap') AS cap),
     base AS (
       SELECT i.credit_code,
         (SELECT count(*) FROM sessions s JOIN projects p USING (project_code)
           WHERE p.institution_code = i.credit_code AND date_part('year', s.starts_at AT TIME ZONE 'Asia/Shanghai') = $1)::int AS sessions,
         (SELECT COALESCE(sum(round(date_part('epoch', s.ends_at - s.starts_at) / 60)), 0) FROM sessions s JOIN projects p USING (project_code)
           WHERE p.institution_code = i.credit_code AND date_part('year', s.starts_at AT TIME ZONE 'Asia/Shanghai') = $1)::int AS minutes,
         (SELECT COALESCE(sum(l.amount_fen), 0) FROM payment_lines l JOIN project_claims c ON c.claim_id = l.application_id
           WHERE l.status = 'paid' AND c.institution_code = i.credit_code AND date_part('year', l.settled_at AT TIME ZONE 'Asia/Shanghai') = $1)::bigint AS income,
         COALESCE(f.other_income_fen, 0)::bigint AS other, COALESCE(f.cost_fen, 0)::bigint AS cost
       FROM institutions i LEFT JOIN college_finances f ON f.institution_code = i.credit_code AND f.year = $1
       WHERE i.type IN ('vocational_college', 'technical_school', 'university'))
     SELECT credit_code AS "creditCode", sessions, minutes, income AS "platformIncomeFen", other AS "otherIncomeFen", cost AS "costFen",
            (income + other - cost)::bigint AS "netIncomeFen",
            CASE WHEN income + other - cost > 0 THEN floor((income + other - cost) * par.cap / 10000.0) ELSE 0 END::bigint AS "capFen",
            (round(minutes * 100.0 / par.m) / 100)::float8 AS "classHours",
            (round(minutes * par.ratio * 100.0 / (par.m * 10000)) / 100)::float8 AS "workloadHours"
     FROM base, par ORDER BY credit_code`,
    [year],
  );
}

describe('colleges’ workload conversion (plan 一)', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'gongxin', 'qiye']);
    // Teachers on the demo college's sessions, and a paid project claim in 2025 (income) and one in 2024 (not this year's).
    await d.ctx.db.query(
      `UPDATE sessions SET teacher = CASE WHEN session_no % 2 = 0 THEN '王老师' ELSE '李老师' END
       WHERE project_code IN (SELECT project_code FROM projects WHERE institution_code = $1)`,
      [JIGOU],
    );
    const [p] = await d.ctx.db.query<{ project_code: string }>(
      'SELECT project_code FROM projects WHERE institution_code = $1 ORDER BY project_code LIMIT 1',
      [JIGOU],
    );
    for (const [claim, kind, amount, at] of [
      ['CLM-T1', 'completion', 1_234_567, '2025-12-31T17:00:00Z'], // 2026-01-01 01:00 in China: next year's
      ['CLM-T2', 'employment_bonus', 2_000_000, '2025-06-01T02:00:00Z'],
    ] as const) {
      await d.ctx.db.query(
        `INSERT INTO project_claims (claim_id, project_code, institution_code, kind, city_code, applied_on, completers, stably_employed, price_fen, decision, amount_fen, reasons, policy_version, decided_at)
         VALUES ($1, $2, $3, $5, '320100', '2025-05-01', 10, 0, 100000, 'approved', $4, '{}', 'JS-2025', now())`,
        [claim, p.project_code, JIGOU, amount, kind],
      );
      await d.ctx.db.query(
        `INSERT INTO payment_batches (id, city_code, fund, status, line_count, total_fen, created_by, created_at)
         VALUES (gen_random_uuid(), '320100', 'employment_fund', 'returned', 1, $1, 'test', now())`,
        [amount],
      );
      await d.ctx.db.query(
        `INSERT INTO payment_lines (batch_id, application_id, attempt, idempotency_key, payee_kind, payee_key, amount_fen, status, settled_at)
         SELECT id, $1, 1, 'JN-' || $1 || '-1', 'institution', $2, $3, 'paid', $4 FROM payment_batches WHERE total_fen = $3 LIMIT 1`,
        [claim, JIGOU, amount, at],
      );
    }
  }, 180_000);
  afterAll(() => d.close());

  const get = (user: string, url: string) => d.call(user, 'GET', url);
  const put = (user: string, url: string, payload: object) =>
    d.app.inject({ method: 'PUT', url, payload, headers: { authorization: `Bearer ${d.token(user)}` } });

  it('reports the demo college’s 2025 hours from its own sessions', async () => {
    const res = await get('province', '/api/colleges/workload?year=2025');
    expect(res.statusCode).toBe(200);
    const row = res.json().colleges.find((c: { creditCode: string }) => c.creditCode === JIGOU);
    expect(row.sessions).toBeGreaterThan(0);
    expect(row.minutes).toBeGreaterThan(0);
    expect(row.platformIncomeFen).toBe(2_000_000);
    expect(res.json().parameters.map((p: { code: string }) => p.code)).toEqual([
      'class_hour_minutes',
      'performance_pay_cap',
      'workload_ratio',
    ]);
  });

  it('every figure of the province’s report equals its recomputation in SQL from the records', async () => {
    expect(
      (await put('jigou', `/api/colleges/${JIGOU}/finances`, { year: 2025, otherIncomeFen: 500_000, costFen: 700_001 }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await put('province', `/api/colleges/${OTHER_NANJING}/finances`, {
          year: 2025,
          otherIncomeFen: 100,
          costFen: 900,
        })
      ).statusCode,
    ).toBe(200);
    const res = (await get('province', '/api/colleges/workload?year=2025')).json();
    const want = await recomputed(d, 2025);
    const got = res.colleges
      .map((c: Record<string, unknown>) => ({
        creditCode: c.creditCode,
        sessions: c.sessions,
        minutes: c.minutes,
        platformIncomeFen: c.platformIncomeFen,
        otherIncomeFen: c.otherIncomeFen,
        costFen: c.costFen,
        netIncomeFen: c.netIncomeFen,
        capFen: c.performancePayCapFen,
        classHours: c.classHours,
        workloadHours: c.workloadHours,
      }))
      .sort((a: { creditCode: string }, b: { creditCode: string }) => (a.creditCode < b.creditCode ? -1 : 1));
    expect(got).toEqual(want);
    const jigou = got.find((c: { creditCode: string }) => c.creditCode === JIGOU);
    // 20 000.00 + 5 000.00 − 7 000.01 = 17 999.99 net; the cap is half of it rounded down to the fen.
    expect(jigou).toMatchObject({ netIncomeFen: 1_799_999, capFen: 899_999 });
    // A loss raises nothing.
    expect(got.find((c: { creditCode: string }) => c.creditCode === OTHER_NANJING)).toMatchObject({
      netIncomeFen: -800,
      capFen: 0,
    });
  });

  it('each figure of one college traces to its sessions: by course and by teacher add up to the drill-down list', async () => {
    const detail = (await get('jigou', `/api/colleges/${JIGOU}/workload?year=2025`)).json();
    const sessions = (await get('jigou', `/api/colleges/${JIGOU}/sessions?year=2025`)).json();
    const sum = (xs: { minutes: number }[]) => xs.reduce((s, x) => s + x.minutes, 0);
    expect(sessions).toHaveLength(detail.college.sessions);
    expect(sum(sessions)).toBe(detail.college.minutes);
    expect(sum(detail.byCourse)).toBe(detail.college.minutes);
    expect(sum(detail.byTeacher)).toBe(detail.college.minutes);
    expect(detail.byTeacher.map((t: { teacher: string }) => t.teacher).sort()).toEqual(['李老师', '王老师']);
    const wang = (
      await get('jigou', `/api/colleges/${JIGOU}/sessions?year=2025&teacher=${encodeURIComponent('王老师')}`)
    ).json();
    expect(sum(wang)).toBe(detail.byTeacher.find((t: { teacher: string }) => t.teacher === '王老师').minutes);
    const course = detail.byCourse[0];
    const one = (await get('jigou', `/api/colleges/${JIGOU}/sessions?year=2025&project=${course.projectCode}`)).json();
    expect(sum(one)).toBe(course.minutes);
    expect(detail.payments.map((p: { claimId: string }) => p.claimId)).toEqual(['CLM-T2']);
    expect(detail.payments.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0)).toBe(
      detail.college.platformIncomeFen,
    );
  });

  it('a college’s staff see their own college only', async () => {
    const list = (await get('jigou', '/api/colleges/workload?year=2025')).json();
    expect(list.colleges.map((c: { creditCode: string }) => c.creditCode)).toEqual([JIGOU]);
    for (const url of [
      `/api/colleges/${OTHER_NANJING}/workload?year=2025`,
      `/api/colleges/${OTHER_NANJING}/sessions?year=2025`,
      `/api/colleges/${OTHER_NANJING}/workload.pdf?year=2025`,
      `/api/colleges/${OTHER_NANJING}/workload.xlsx?year=2025`,
    ]) {
      const res = await get('jigou', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('OUT_OF_SCOPE');
    }
  });

  it('a city officer sees its city’s colleges; 教育厅 (a department) sees the province’s', async () => {
    const wuxi = (await get('wuxi', '/api/colleges/workload?year=2025')).json();
    expect(wuxi.colleges.length).toBeGreaterThan(0);
    expect(new Set(wuxi.colleges.map((c: { cityCode: string }) => c.cityCode))).toEqual(new Set(['320200']));
    expect((await get('wuxi', `/api/colleges/${JIGOU}/workload?year=2025`)).json().code).toBe('OUT_OF_SCOPE');
    expect((await get('wuxi', `/api/colleges/${WUXI_COLLEGE}/workload?year=2025`)).statusCode).toBe(200);
    const dept = (await get('gongxin', '/api/colleges/workload?year=2025')).json();
    expect(dept.colleges.length).toBe((await recomputed(d, 2025)).length);
    expect((await get('qiye', '/api/colleges/workload?year=2025')).statusCode).toBe(403);
  });

  it('refuses a report of another college’s finances, and a city or department writing them', async () => {
    const other = await put('jigou', `/api/colleges/${OTHER_NANJING}/finances`, {
      year: 2025,
      otherIncomeFen: 1,
      costFen: 1,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
    expect(
      (await put('nanjing', `/api/colleges/${JIGOU}/finances`, { year: 2025, otherIncomeFen: 1, costFen: 1 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await put('gongxin', `/api/colleges/${JIGOU}/finances`, { year: 2025, otherIncomeFen: 1, costFen: 1 }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses an amount beyond reason, an unknown college and a college that is not one, in both languages', async () => {
    const huge = await put('province', `/api/colleges/${JIGOU}/finances`, {
      year: 2025,
      otherIncomeFen: 10_000_000_000_001,
      costFen: 0,
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({
      code: 'BAD_AMOUNT',
      message: expect.stringContaining('其他收入'),
      message_en: expect.stringContaining('fen'),
    });
    const unknown = await put('province', '/api/colleges/NOPE/finances', { year: 2025, otherIncomeFen: 0, costFen: 0 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('COLLEGE_NOT_FOUND');
    const [privateOne] = await d.ctx.db.query<{ credit_code: string }>(
      `SELECT credit_code FROM institutions WHERE type = 'private' LIMIT 1`,
    );
    expect((await get('province', `/api/colleges/${privateOne.credit_code}/workload?year=2025`)).json().code).toBe(
      'COLLEGE_NOT_FOUND',
    );
    const negative = await put('province', `/api/colleges/${JIGOU}/finances`, {
      year: 2025,
      otherIncomeFen: -1,
      costFen: 0,
    });
    expect(negative.statusCode).toBe(400);
    expect((await get('province', '/api/colleges/workload?year=1999')).statusCode).toBe(400);
  });

  it('writes the audit log with the figures before and after', async () => {
    await put('jigou', `/api/colleges/${JIGOU}/finances`, { year: 2026, otherIncomeFen: 10, costFen: 20 });
    await put('jigou', `/api/colleges/${JIGOU}/finances`, {
      year: 2026,
      otherIncomeFen: 30,
      costFen: 20,
      note: '补报',
    });
    const rows = await d.ctx.db.query<{ actor: string; before: unknown; after: unknown }>(
      `SELECT actor, before, after FROM audit_log WHERE action = 'college.finances.report' AND entity_id = $1 ORDER BY seq`,
      [`${JIGOU}/2026`],
    );
    expect(rows).toEqual([
      { actor: 'institution_staff:jigou', before: null, after: { otherIncomeFen: 10, costFen: 20, note: null } },
      {
        actor: 'institution_staff:jigou',
        before: { otherIncomeFen: 10, costFen: 20, note: null },
        after: { otherIncomeFen: 30, costFen: 20, note: '补报' },
      },
    ]);
  });

  it('the parameters are data: a changed ratio changes the conversion', async () => {
    await d.ctx.db.query(`UPDATE college_parameters SET value = 15000 WHERE code = 'workload_ratio'`);
    try {
      const res = (await get('province', '/api/colleges/workload?year=2025')).json();
      expect(res.colleges).toEqual(
        expect.arrayContaining(
          (await recomputed(d, 2025))
            .filter((c) => c.minutes > 0)
            .map((c) => expect.objectContaining({ creditCode: c.creditCode, workloadHours: c.workloadHours })),
        ),
      );
      const jigou = res.colleges.find((c: { creditCode: string }) => c.creditCode === JIGOU);
      expect(jigou.workloadHours).toBeCloseTo(jigou.classHours * 1.5, 1);
    } finally {
      await d.ctx.db.query(`UPDATE college_parameters SET value = 10000 WHERE code = 'workload_ratio'`);
    }
  });

  it('the report downloads as XLSX (province and college, with the sessions) and as PDF', async () => {
    const all = await get('province', '/api/colleges/workload.xlsx?year=2025');
    expect(all.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2025年院校工作量', '参数']);
    expect(wb.worksheets[0]!.rowCount - 1).toBe((await recomputed(d, 2025)).length);
    const one = await get('jigou', `/api/colleges/${JIGOU}/workload.xlsx?year=2025`);
    const wb1 = new ExcelJS.Workbook();
    await wb1.xlsx.load(one.rawPayload as unknown as ArrayBuffer);
    expect(wb1.worksheets.map((w) => w.name)).toEqual(['汇总', '按课程', '按教师', '平台拨付', '课次明细', '参数']);
    const detail = (await get('jigou', `/api/colleges/${JIGOU}/workload?year=2025`)).json();
    expect(wb1.getWorksheet('课次明细')!.rowCount - 1).toBe(detail.college.sessions);
    const pdf = await get('jigou', `/api/colleges/${JIGOU}/workload.pdf?year=2025`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
