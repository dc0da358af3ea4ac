import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketSignal } from '../src/modules/reporting/index.ts';
import { derivedEntries } from '../src/workflows/publish-directories.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

describe('published directories, labour market and the shortage list (issue 9)', () => {
  let ctx: DemoApp['ctx'];
  let call: DemoApp['call'];
  let close: DemoApp['close'];

  beforeAll(async () => {
    ({ ctx, call, close } = await demoApp(['province', 'nanjing', 'gongxin']));
  });
  afterAll(() => close());

  it('lists the eight directories of the plan and the saturation list, each with the version in force, to anyone', async () => {
    const res = await call('', 'GET', '/api/directories');
    expect(res.statusCode).toBe(200);
    const dirs = res.json();
    expect(dirs.map((d: { name: string }) => d.name)).toEqual([
      'subsidized_projects',
      'training_occupations',
      'shortage_occupations',
      'training_institutions',
      'evaluation_institutions',
      'internship_units',
      'hr_service_agencies',
      'technical_school_enrolment',
      'saturated_occupations',
    ]);
    for (const d of dirs.slice(0, 8)) expect(d.current).toMatchObject({ version: 1, effective_from: '2025-01-01' });
  });

  it('the training-institution directory holds listed, not blacklisted training institutions only; search and city filter work', async () => {
    const all = (await call('', 'GET', '/api/directories/training_institutions?limit=500')).json();
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM institutions WHERE 'training' = ANY(roles) AND listed_from <= '2025-01-01' AND (blacklisted_from IS NULL OR blacklisted_from > '2025-01-01')`,
    );
    expect(all.total).toBe(n);
    const nanjing = (
      await call('', 'GET', '/api/directories/training_institutions?city=320100&q=%E5%8D%97%E4%BA%AC')
    ).json();
    expect(nanjing.entries.length).toBeGreaterThan(0);
    for (const e of nanjing.entries)
      expect(e).toMatchObject({ city_name: '南京市', name: expect.stringContaining('南京') });
  });

  it('subsidy benchmarks come from the policy in force and carry the shortage factor', async () => {
    const entries = await derivedEntries(ctx, 'subsidized_projects', '2026-01-01');
    const welderL5 = entries.find((e) => e.code === '6-18-02-04/L5')!;
    expect(welderL5.attrs).toMatchObject({ category: 'A', base_fen: 100000, shortage: false, benchmark_fen: 100000 });
    // Named in words, never by the level or certificate-kind code.
    expect(welderL5.name).toBe('焊工 · 初级工（五级）');
    for (const e of entries) expect(e.name).not.toMatch(/L[1-5]|[a-z]_[a-z]/);
    const shortage = entries.find((e) => e.code.startsWith('4-01-06-01/'))!;
    expect(shortage.attrs).toMatchObject({ shortage: true });
    expect((shortage.attrs as { benchmark_fen: number }).benchmark_fen).toBe(
      Math.round(((shortage.attrs as { base_fen: number }).base_fen * 13000) / 10000),
    );
  });

  it('publishing is the province’s; a bad upload publishes nothing and names every bad row', async () => {
    expect(
      (
        await call('nanjing', 'POST', '/api/directories/hr_service_agencies/publish', {
          effectiveFrom: '2027-01-01',
          entries: [],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('', 'POST', '/api/directories/hr_service_agencies/publish', {
          effectiveFrom: '2027-01-01',
          entries: [],
        })
      ).statusCode,
    ).toBe(401);
    const bad = await call('province', 'POST', '/api/directories/hr_service_agencies/publish', {
      effectiveFrom: '2027-01-01',
      entries: [
        { code: 'A1', name: '好的机构', cityCode: '320100' },
        { code: 'A1', name: '', cityCode: '999999' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual([
      [2, 'code'],
      [2, 'name'],
      [2, 'city_code'],
    ]);
    expect((await call('', 'GET', '/api/directories/hr_service_agencies')).json().versions).toHaveLength(1);
  });

  it('a new version takes effect on its date; earlier versions stay readable', async () => {
    const res = await call('province', 'POST', '/api/directories/hr_service_agencies/publish', {
      effectiveFrom: '2099-01-01',
      note: '2099 版',
      entries: [{ code: 'HR1', name: '新机构', cityCode: '320100' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, entries: 1 });
    const now = (await call('', 'GET', '/api/directories/hr_service_agencies')).json();
    expect(now.version.version).toBe(1);
    expect((await call('', 'GET', '/api/directories/hr_service_agencies?version=2')).json().entries).toEqual([
      expect.objectContaining({ code: 'HR1', name: '新机构' }),
    ]);
  });

  it('labour-market signals follow their documented thresholds exactly', () => {
    expect(marketSignal(10, 20, 15)).toBe('shortage');
    expect(marketSignal(10, 20, 14)).toBe('balanced');
    expect(marketSignal(0, 5, 5)).toBe('shortage');
    expect(marketSignal(0, 4, 4)).toBe('balanced');
    expect(marketSignal(10, 5, 0)).toBe('saturated');
    expect(marketSignal(10, 6, 0)).toBe('balanced');
    expect(marketSignal(9, 0, 0)).toBe('balanced');
  });

  it('labour market: supply against demand, a city officer sees their city', async () => {
    const province = (await call('province', 'GET', '/api/labour-market')).json();
    expect(province.rows.length).toBeGreaterThan(0);
    const positions = province.rows.reduce((s: number, r: { positions: number }) => s + r.positions, 0);
    const [{ p }] = await ctx.db.query<{ p: number }>('SELECT sum(headcount)::int AS p FROM job_orders');
    expect(positions).toBe(p);
    const city = (await call('nanjing', 'GET', '/api/labour-market?city=320200')).json();
    const [{ q }] = await ctx.db.query<{ q: number }>(
      `SELECT COALESCE(sum(headcount), 0)::int AS q FROM job_orders WHERE city_code = '320100'`,
    );
    expect(city.rows.reduce((s: number, r: { positions: number }) => s + r.positions, 0)).toBe(q);
    // Certificates of the last 12 months: all of them province-wide, the city's own persons' for a city.
    const certs = (rows: { certificates: number }[]) => rows.reduce((s, r) => s + r.certificates, 0);
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    const issued = `c.revoked_on IS NULL AND c.issued_on BETWEEN (${today} - interval '12 months')::date AND ${today}`;
    const [{ all, nj }] = await ctx.db.query<{ all: number; nj: number }>(
      `SELECT count(*)::int AS all, (count(*) FILTER (WHERE p.city_code = '320100'))::int AS nj FROM certificates c JOIN persons p USING (person_key) WHERE ${issued}`,
    );
    expect(nj).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(nj);
    expect(certs(province.rows)).toBe(all);
    expect(certs(city.rows)).toBe(nj);
  });

  it('labour market: completers of classes closed in the last 12 months, province-wide and a city’s own', async () => {
    // Two classes (Nanjing's and another city's) closed ten days ago, all their trainees completed.
    const [{ d }] = await ctx.db.query<{ d: string }>(
      `SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - 10)::text AS d`,
    );
    await ctx.db.query(
      `UPDATE projects SET closed_on = $1 WHERE project_code IN (
      (SELECT min(project_code) FROM projects WHERE city_code = '320100'), (SELECT min(project_code) FROM projects WHERE city_code <> '320100'))`,
      [d],
    );
    await ctx.db.query(
      `UPDATE enrolments SET completed = true WHERE project_code IN (SELECT project_code FROM projects WHERE closed_on = $1)`,
      [d],
    );
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    const [done] = await ctx.db.query<{ all: number; nj: number }>(
      `SELECT count(*)::int AS all, (count(*) FILTER (WHERE pr.city_code = '320100'))::int AS nj FROM enrolments e JOIN projects pr USING (project_code)
       WHERE e.completed AND COALESCE(pr.closed_on, pr.end_date) BETWEEN (${today} - interval '12 months')::date AND ${today}`,
    );
    expect(done.nj).toBeGreaterThan(0);
    expect(done.all).toBeGreaterThan(done.nj);
    const completers = (rows: { completers: number }[]) => rows.reduce((s, r) => s + r.completers, 0);
    expect(completers((await call('province', 'GET', '/api/labour-market')).json().rows)).toBe(done.all);
    expect(completers((await call('nanjing', 'GET', '/api/labour-market')).json().rows)).toBe(done.nj);
  });

  it('数据集采: a department uploads its sector’s forecasts; bad rows are reported by line, good ones kept', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const csv = [
      'occupation_code,city_code,year,headcount',
      `6-18-02-04,320100,${year},120`,
      `4-01-06-01,320100,${year},5`,
      `6-18-02-04,999999,${year},3`,
      `6-18-02-04,320200,1999,3`,
      `6-18-02-04,320200,${year},x`,
      `6-18-02-04,320300,${year},30`,
    ].join('\n');
    const res = await call('gongxin', 'POST', '/api/forecasts', { fileName: '制造业需求预测.csv', csv });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ rowsTotal: 6, rowsAccepted: 2 });
    expect(body.errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).toEqual([
      [3, 'NOT_YOUR_SECTOR'],
      [4, 'UNKNOWN_CITY'],
      [5, 'BAD_YEAR'],
      [6, 'BAD_HEADCOUNT'],
    ]);
    expect(
      (await call('gongxin', 'POST', '/api/forecasts', { fileName: 'x.csv', csv: 'occupation,city\n1,2' })).json().code,
    ).toBe('MISSING_COLUMNS');
    expect((await call('nanjing', 'POST', '/api/forecasts', { fileName: 'x.csv', csv })).statusCode).toBe(403);
    const uploads = (await call('gongxin', 'GET', '/api/forecasts/uploads')).json();
    expect(uploads[0]).toMatchObject({
      file_name: '制造业需求预测.csv',
      rows_total: 6,
      rows_accepted: 2,
      error_count: 4,
    });
    const market = (await call('province', 'GET', '/api/labour-market')).json();
    expect(market.rows.find((r: { occupation_code: string }) => r.occupation_code === '6-18-02-04').forecast).toBe(150);
    // A last line that cannot be read (an unclosed quote) and has nothing readable is reported, not skipped.
    const unclosed = await call('gongxin', 'POST', '/api/forecasts', {
      fileName: 'x.csv',
      csv: `occupation_code,city_code,year,headcount\n6-18-02-04,320300,${year},30\n"`,
    });
    expect(unclosed.json()).toMatchObject({
      rowsTotal: 2,
      rowsAccepted: 1,
      errors: [expect.objectContaining({ line: 3 })],
    });
    // A later upload replaces the forecast for the same occupation, city and year.
    await call('gongxin', 'POST', '/api/forecasts', {
      fileName: '更正.csv',
      csv: `occupation_code,city_code,year,headcount\n6-18-02-04,320100,${year},100`,
    });
    expect(
      (await call('province', 'GET', '/api/labour-market'))
        .json()
        .rows.find((r: { occupation_code: string }) => r.occupation_code === '6-18-02-04').forecast,
    ).toBe(130);
  });

  it('publishing the shortage list ends leaving occupations the day before and starts joining ones on the date', async () => {
    const res = await call('province', 'POST', '/api/shortage-list', {
      effectiveFrom: '2026-12-01',
      occupations: ['4-01-06-01', 'JS-0001', 'JS-0009', '6-18-02-04'],
    });
    expect(res.statusCode).toBe(201);
    const rows = await ctx.db.query<{ occupation_code: string; valid_from: string; valid_to: string | null }>(
      `SELECT occupation_code, valid_from, valid_to FROM shortage_list WHERE occupation_code IN ('JS-0014', '6-18-02-04', '4-01-06-02') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { occupation_code: '4-01-06-02', valid_from: '2025-07-01', valid_to: '2026-11-30' },
      { occupation_code: '6-18-02-04', valid_from: '2026-12-01', valid_to: null },
      { occupation_code: 'JS-0014', valid_from: '2025-01-01', valid_to: '2026-11-30' },
    ]);
    const before = (await derivedEntries(ctx, 'shortage_occupations', '2026-11-30')).map((e) => e.code);
    const after = (await derivedEntries(ctx, 'shortage_occupations', '2026-12-01')).map((e) => e.code);
    expect(before).toContain('JS-0014');
    expect(after.sort()).toEqual(['4-01-06-01', '6-18-02-04', 'JS-0001', 'JS-0009']);
    expect(
      (
        await call('province', 'POST', '/api/shortage-list', { effectiveFrom: '2026-12-01', occupations: ['NOPE'] })
      ).json().code,
    ).toBe('UNKNOWN_OCCUPATION');
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'shortage_list.publish'`,
    );
    expect(n).toBe(1);
    // The demo's first publication was made with the province's authority.
    const [demo] = await ctx.db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'directory.publish' ORDER BY seq LIMIT 1`,
    );
    expect(demo.actor).toBe('province_admin:system');
  });
});
