import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * Findings 10 and 13 of issue 15: identical or numbered creations sent in parallel. On PostgreSQL
 * they really run side by side; on PGlite they queue, and must give the same result.
 */
const XIELEI = '320311199409187319';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

describe('parallel creations', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'xielei']);
  }, 120_000);
  afterAll(() => d.close());
  const parallel = (n: number, send: (i: number) => ReturnType<DemoApp['call']>) =>
    Promise.all(Array.from({ length: n }, (_, i) => send(i)));

  it('50 parallel project dispatches get 50 distinct codes in the JN<city><4 digits> format, and no 500', async () => {
    const project = (i: number) => ({
      title: `焊工培训班 ${i}`,
      occupationCode: '6-18-02-04',
      level: 'L5',
      kind: 'employment_skills',
      keyTask: 1,
      startDate: day(1),
      endDate: day(30),
      plannedHours: 80,
      plannedTrainees: 20,
      modules: ['安全规范'],
      price: '1800.00',
      institutionCode: '12320100914177769G',
    });
    const rs = await parallel(50, (i) => d.call('nanjing', 'POST', '/api/projects', project(i)));
    expect(statuses(rs)).toEqual(Array(50).fill(201));
    const codes = rs.map((r) => r.json().projectCode as string);
    expect(new Set(codes).size).toBe(50);
    for (const c of codes) expect(c).toMatch(/^JN320100\d{4}$/);
    // The next one continues the series.
    const next = (await d.call('nanjing', 'POST', '/api/projects', project(50))).json().projectCode as string;
    expect(Number(next.slice(8))).toBe(Math.max(...codes.map((c) => Number(c.slice(8)))) + 1);
  }, 60_000);

  it('20 parallel city factor proposals get distinct version codes <base>/<city>/<n>, and no 500', async () => {
    const rs = await parallel(20, () =>
      d.call('nanjing', 'POST', '/api/policies/city-factor', {
        cityCode: '320100',
        factor: '1.10',
        effectiveFrom: '2027-01-01',
      }),
    );
    expect(statuses(rs)).toEqual(Array(20).fill(200));
    const codes = rs.map((r) => r.json().code as string);
    expect(new Set(codes).size).toBe(20);
    expect(codes.map((c) => Number(c.split('/')[2])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    for (const c of codes) expect(c).toMatch(/^JS-2025\/320100\/\d+$/);
  }, 60_000);

  it('20 parallel identical craftsman nominations store one; the others are refused with 409 ALREADY_NOMINATED', async () => {
    const body = {
      year: 2027,
      idNumber: XIELEI,
      unit: '南京某装备公司',
      citation: '长期从事焊接工作，技艺精湛，带徒多人。',
    };
    const rs = await parallel(20, () => d.call('nanjing', 'POST', '/api/craftsmen/nominations', body));
    expect(statuses(rs)).toEqual([...Array(1).fill(201), ...Array(19).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409))
      expect(r.json()).toMatchObject({
        code: 'ALREADY_NOMINATED',
        message: expect.any(String),
        message_en: expect.any(String),
      });
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM craftsman_nominations WHERE year = 2027 AND person_key = $1`,
      [d.ctx.vault.blindIndex(XIELEI)],
    );
    expect(n).toBe(1);
  }, 60_000);

  it('20 parallel identical training requests store one open request; the others are refused with 409 DUPLICATE_REQUEST', async () => {
    const rs = await parallel(20, () =>
      d.call('xielei', 'POST', '/api/training-requests', { occupationCode: '6-31-07-01', level: 'L4' }),
    );
    expect(statuses(rs)).toEqual([...Array(1).fill(201), ...Array(19).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('DUPLICATE_REQUEST');
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_requests WHERE occupation_code = '6-31-07-01' AND status = 'open' AND person_key = $1`,
      [d.ctx.vault.blindIndex(XIELEI)],
    );
    expect(n).toBe(1);
  }, 60_000);

  it('20 parallel identical subsidy applications on the web store one; the others are refused with 409 ALREADY_APPLIED', async () => {
    const [cert] = await d.ctx.db.query<{ certificate_no: string }>(
      'SELECT certificate_no FROM certificates WHERE person_key = $1 LIMIT 1',
      [d.ctx.vault.blindIndex(XIELEI)],
    );
    const rs = await parallel(20, () =>
      d.call('xielei', 'POST', '/api/applications', { type: 'skill_upgrade', certificateNo: cert.certificate_no }),
    );
    expect(statuses(rs)).toEqual([...Array(1).fill(201), ...Array(19).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('ALREADY_APPLIED');
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications WHERE source = 'web' AND type = 'skill_upgrade' AND certificate_no = $1`,
      [cert.certificate_no],
    );
    expect(n).toBe(1);
  }, 60_000);
});
