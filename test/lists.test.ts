import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from './support/demo-app.ts';

type Page<T> = { items: T[]; total: number };
interface OrderRow {
  order_id: string;
  enterprise_name: string | null;
  occupation_code: string;
  headcount: number;
  city_code: string;
  status: string;
}
interface RequestRow {
  request_id: string;
  person_name: string;
  id_masked: string;
  occupation_code: string;
  city_code: string;
  status: string;
}
interface ComplaintRow {
  id: string;
  institution_code: string;
  city_code: string;
  status: string;
}

async function sheet(res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const header = ws.getRow(1).values as (string | undefined)[];
  const rows: Record<string, unknown>[] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 1; c < header.length; c++) if (header[c]) row[header[c]!] = ws.getRow(i).getCell(c).value;
    rows.push(row);
  }
  return rows;
}

/**
 * Issue 17: 用工订单, 点单 and 投诉 as server-side tables like 培训项目 (filter, search, sort, page, export
 * the filtered view), with the caller's scope unchanged in the pages and in the XLSX.
 */
describe('job orders, training requests and complaints, filtered, sorted and paged by the server', () => {
  let d: DemoApp;
  const list = async <T>(user: string, path: string, query = '') => {
    const res = await d.call(user, 'GET', `${path}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page<T>;
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'qiye', 'xielei']);
    // A few more of each, so pages and filters have something to cut.
    for (const [occupationCode, headcount] of [
      ['6-18-02-04', 3],
      ['6-31-07-01', 12],
      ['6-18-02-04', 7],
    ] as const) {
      const res = await d.call('qiye', 'POST', '/api/job-orders', {
        occupationCode,
        headcount,
        payMin: '5000',
        payMax: '8000',
        deadline: '2099-12-31',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(
      (await d.call('xielei', 'POST', '/api/training-requests', { occupationCode: '6-31-07-01' })).statusCode,
    ).toBe(201);
    expect(
      (await d.call('xielei', 'POST', '/api/complaints', { projectCode: 'P000001', text: '实操课时被压缩' }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(() => d.close());

  it('job orders: pages partition the list in the asked order, total counts every match', async () => {
    const all = (await list<OrderRow>('province', '/api/job-orders', 'limit=1000')).items;
    expect(all.length).toBeGreaterThan(3);
    const seen: OrderRow[] = [];
    for (let offset = 0; ; offset += 2) {
      const page = await list<OrderRow>(
        'province',
        '/api/job-orders',
        `sort=headcount&order=desc&limit=2&offset=${offset}`,
      );
      expect(page.total).toBe(all.length);
      if (page.items.length === 0) break;
      seen.push(...page.items);
    }
    expect(seen.map((o) => o.order_id).sort()).toEqual(all.map((o) => o.order_id).sort());
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].headcount).toBeGreaterThanOrEqual(seen[i].headcount);
  });

  it('job orders: filters by status, occupation and text, and a city never sees another city’s', async () => {
    const all = (await list<OrderRow>('province', '/api/job-orders', 'limit=1000')).items;
    const welding = await list<OrderRow>('province', '/api/job-orders', 'occupation=6-18-02-04&status=open&limit=1000');
    expect(welding.items.map((o) => o.order_id).sort()).toEqual(
      all
        .filter((o) => o.occupation_code === '6-18-02-04' && o.status === 'open')
        .map((o) => o.order_id)
        .sort(),
    );
    const one = all[0];
    expect(
      (await list<OrderRow>('province', '/api/job-orders', `q=${one.order_id}`)).items.map((o) => o.order_id),
    ).toEqual([one.order_id]);
    const byEnterprise = await list<OrderRow>(
      'province',
      '/api/job-orders',
      `q=${encodeURIComponent(one.enterprise_name!)}&limit=1000`,
    );
    expect(byEnterprise.items.every((o) => o.enterprise_name === one.enterprise_name)).toBe(true);
    expect((await list<OrderRow>('province', '/api/job-orders', 'q=%25')).total).toBe(0);
    const nanjing = await list<OrderRow>('nanjing', '/api/job-orders', 'limit=1000');
    expect(nanjing.items.every((o) => o.city_code === '320100')).toBe(true);
    expect(await list('nanjing', '/api/job-orders', 'city=320200')).toEqual({ items: [], total: 0 });
    expect((await d.call('province', 'GET', '/api/job-orders?status=sideways')).statusCode).toBe(400);
  });

  it('job orders: the XLSX is the filtered view in the caller’s scope, statuses in words', async () => {
    const nanjing = await list<OrderRow>('nanjing', '/api/job-orders', 'status=open&limit=1000');
    const rows = await sheet(await d.call('nanjing', 'GET', '/api/job-orders.xlsx?status=open'));
    expect(rows.map((r) => r['订单编号 Order']).sort()).toEqual(nanjing.items.map((o) => o.order_id).sort());
    expect(rows.every((r) => r['城市 City'] === '南京市' && r['状态 Status'] === '招聘中')).toBe(true);
    const wuxi = await sheet(await d.call('wuxi', 'GET', '/api/job-orders.xlsx'));
    expect(wuxi.some((r) => r['城市 City'] === '南京市')).toBe(false);
    expect((await d.call('xielei', 'GET', '/api/job-orders.xlsx')).statusCode).toBe(403);
  });

  it('training requests: search by name, masked ID and number; pages; scope in list and XLSX', async () => {
    const all = (await list<RequestRow>('province', '/api/training-requests', 'limit=1000')).items;
    const mine = all.find((r) => r.person_name === '谢磊' && r.occupation_code === '6-31-07-01')!;
    expect(mine).toBeTruthy();
    for (const q of [mine.request_id, mine.id_masked.slice(-4), '谢磊'])
      expect(
        (
          await list<RequestRow>('nanjing', '/api/training-requests', `q=${encodeURIComponent(q)}&limit=1000`)
        ).items.map((r) => r.request_id),
      ).toContain(mine.request_id);
    expect((await list<RequestRow>('wuxi', '/api/training-requests', `q=${mine.request_id}`)).total).toBe(0);
    const sorted = await list<RequestRow>(
      'province',
      '/api/training-requests',
      'sort=person_name&order=asc&limit=1000',
    );
    expect(sorted.total).toBe(all.length);
    const open = await list<RequestRow>('nanjing', '/api/training-requests', 'status=open&limit=1000');
    const rows = await sheet(await d.call('nanjing', 'GET', '/api/training-requests.xlsx?status=open'));
    expect(rows.map((r) => r['点单编号 Request']).sort()).toEqual(open.items.map((r) => r.request_id).sort());
    expect(rows.every((r) => r['城市 City'] === '南京市')).toBe(true);
    // ID numbers leave masked, in the file as on the screen.
    for (const r of rows) expect(String(r['身份证号（脱敏）ID (masked)'])).toMatch(/\*{4,}/);
    const wuxi = await sheet(await d.call('wuxi', 'GET', '/api/training-requests.xlsx'));
    expect(wuxi.some((r) => r['点单编号 Request'] === mine.request_id)).toBe(false);
    // A worker's list is their own.
    expect(
      (await list<RequestRow>('xielei', '/api/training-requests', 'limit=1000')).items.every(
        (r) => r.person_name === '谢磊',
      ),
    ).toBe(true);
  });

  it('complaints: filtered by status and text, scoped for the city, the institution and the worker', async () => {
    const all = (await list<ComplaintRow>('province', '/api/complaints', 'limit=1000')).items;
    expect(all.length).toBeGreaterThan(0);
    expect((await list<ComplaintRow>('province', '/api/complaints', 'status=open&limit=1000')).items).toEqual(
      all.filter((c) => c.status === 'open'),
    );
    expect(
      (await list<ComplaintRow>('province', '/api/complaints', `q=${encodeURIComponent('实操课时')}`)).total,
    ).toBeGreaterThan(0);
    expect(
      (await list<ComplaintRow>('wuxi', '/api/complaints', 'limit=1000')).items.every((c) => c.city_code === '320200'),
    ).toBe(true);
    expect(
      (await list<ComplaintRow>('jigou', '/api/complaints', 'limit=1000')).items.every(
        (c) => c.institution_code === '12320100914177769G',
      ),
    ).toBe(true);
    const nanjing = await list<ComplaintRow>('nanjing', '/api/complaints', 'limit=1000');
    const rows = await sheet(await d.call('nanjing', 'GET', '/api/complaints.xlsx'));
    expect(rows).toHaveLength(nanjing.total);
    expect(rows.every((r) => r['城市 City'] === '南京市' && /[\u4e00-\u9fa5]/.test(String(r['状态 Status'])))).toBe(
      true,
    );
    expect(
      (await sheet(await d.call('wuxi', 'GET', '/api/complaints.xlsx'))).some((r) => r['城市 City'] === '南京市'),
    ).toBe(false);
  });

  interface Candidate {
    creditCode: string;
    name: string;
    score: number;
    free: number | null;
    fits: boolean | null;
    km: number | null;
    why: { zh: string; en: string };
  }
  const JIGOU = '12320100914177769G';

  it('dispatch: offers the city’s listed institutions best first, each with why', async () => {
    const res = await d.call('nanjing', 'GET', '/api/dispatch/candidates?occupation=6-18-02-04&trainees=30');
    expect(res.statusCode, res.body).toBe(200);
    const ranked = res.json() as Candidate[];
    expect(ranked.length).toBeGreaterThan(1);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM institutions WHERE city_code = '320100' AND 'training' = ANY(roles)
         AND listed_from <= CURRENT_DATE AND (blacklisted_from IS NULL OR blacklisted_from > CURRENT_DATE)`,
    );
    expect(ranked).toHaveLength(n);
    for (const c of ranked)
      expect(c.why.zh).toMatch(/(★\d|暂无星级) · 信用 \d+ · (余量 \d+|容量未登记) · (\d+ km|无登记场所)/);
  });

  it('dispatch: declared capacity counts, and what the rules refuse is not offered', async () => {
    const before = (
      (await d.call('nanjing', 'GET', '/api/dispatch/candidates?trainees=30')).json() as Candidate[]
    ).find((c) => c.creditCode === JIGOU)!;
    expect(before).toBeTruthy();
    // The institution declares its capacity (audited); a city officer of another city may not.
    expect((await d.call('wuxi', 'POST', `/api/institutions/${JIGOU}/capacity`, { capacity: 1000 })).statusCode).toBe(
      403,
    );
    expect((await d.call('jigou', 'POST', `/api/institutions/${JIGOU}/capacity`, { capacity: -1 })).json().code).toBe(
      'BAD_CAPACITY',
    );
    const set = await d.call('jigou', 'POST', `/api/institutions/${JIGOU}/capacity`, { capacity: 5000 });
    expect(set.json()).toEqual({ creditCode: JIGOU, capacity: 5000 });
    const history = (await d.call('nanjing', 'GET', `/api/institutions/${JIGOU}`)).json().history as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toContain('institution.capacity');
    const after = ((await d.call('nanjing', 'GET', '/api/dispatch/candidates?trainees=30')).json() as Candidate[]).find(
      (c) => c.creditCode === JIGOU,
    )!;
    expect(after.free).toBeGreaterThan(4000);
    expect(after.fits).toBe(true);
    expect(after.why.zh).toContain(`余量 ${after.free}`);
    // A blacklisted institution is not offered (dispatch would refuse it: INSTITUTION_BLACKLISTED).
    await d.ctx.db.query(`UPDATE institutions SET blacklisted_from = CURRENT_DATE - 1 WHERE credit_code = $1`, [JIGOU]);
    const now = (await d.call('nanjing', 'GET', '/api/dispatch/candidates')).json() as Candidate[];
    expect(now.map((c) => c.creditCode)).not.toContain(JIGOU);
    await d.ctx.db.query('UPDATE institutions SET blacklisted_from = NULL WHERE credit_code = $1', [JIGOU]);
  });

  it('dispatch: a city officer ranks only their own city; others may not ask', async () => {
    expect((await d.call('wuxi', 'GET', '/api/dispatch/candidates?city=320100')).json().code).toBe('OUT_OF_SCOPE');
    const wuxi = (await d.call('wuxi', 'GET', '/api/dispatch/candidates')).json() as Candidate[];
    expect(wuxi.map((c) => c.creditCode)).not.toContain(JIGOU);
    expect((await d.call('jigou', 'GET', '/api/dispatch/candidates')).statusCode).toBe(403);
    expect((await d.call('province', 'GET', '/api/dispatch/candidates?city=320100')).statusCode).toBe(200);
  });

  it('the public directory shows stars and a credit grade, never the score or its evidence', async () => {
    const res = await d.call('', 'GET', '/api/public/institution-ratings');
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['credit_code', 'credit_grade', 'stars']);
      expect(['A', 'B', 'C', 'D']).toContain(r.credit_grade);
    }
  });
});
