import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { applyFactorsFen } from '../src/kernel/money.ts';
import { JS_2025 } from '../src/modules/subsidy/index.ts';
import type { TCourse } from '../src/workflows/courses.schema.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 找培训 (GET /api/courses): open classes only, the filters, paging, distance order, the expected
 * subsidy, nothing personal; and 我要报名 — a 点单 linked to the class, seen by the class's city,
 * refused a second time with a bilingual reason.
 */
describe('course catalog', () => {
  let d: DemoApp;
  const JIGOU = '12320100914177769G'; // Nanjing; sites 本部实训楼 (32.103, 118.818) and 江宁焊接实训基地 (31.953, 118.840)
  const WUXI_SCHOOL = '91320200374068122R';
  const XIELEI = '320311199409187319';
  const now = Date.now();
  const day = (offset: number) => chinaDate(new Date(now + offset * 86_400_000));
  /** Near 无锡 city centre. */
  const WUXI_PHONE = { lat: 31.57, lon: 120.3 };
  /** Near 江宁 in Nanjing. */
  const JIANGNING_PHONE = { lat: 31.95, lon: 118.84 };
  const codes = { welding: '', electric: '', cooking: '', dispatched: '' };

  const dispatch = async (user: string, body: Record<string, unknown>) => {
    const res = await d.call(user, 'POST', '/api/projects', {
      kind: 'employment_skills',
      keyTask: 1,
      plannedHours: 80,
      plannedTrainees: 30,
      modules: ['安全规范', '实操'],
      price: '1800',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().projectCode as string;
  };
  const courses = async (query = '', user = '') => {
    const res = await d.call(user, 'GET', `/api/courses${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: TCourse[]; total: number };
  };
  const ours = (items: TCourse[]) => items.map((c) => c.projectCode).filter((c) => Object.values(codes).includes(c));

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'xielei']);
    codes.welding = await dispatch('nanjing', {
      title: '焊工（中级）周末班',
      occupationCode: '6-18-02-04',
      level: 'L4',
      startDate: day(10),
      endDate: day(50),
      institutionCode: JIGOU,
    });
    codes.electric = await dispatch('nanjing', {
      title: '电工（初级）夜校',
      occupationCode: 'JS-0001',
      level: 'L5',
      startDate: day(3),
      endDate: day(30),
      institutionCode: JIGOU,
      price: '0',
    });
    codes.dispatched = await dispatch('nanjing', {
      title: '尚未接单的班',
      occupationCode: 'JS-0001',
      level: 'L4',
      startDate: day(20),
      endDate: day(60),
      institutionCode: JIGOU,
    });
    codes.cooking = await dispatch('wuxi', {
      title: '中式烹调师（中级）',
      occupationCode: 'JS-0020',
      level: 'L4',
      kind: 'project_based',
      keyTask: 6,
      startDate: day(30),
      endDate: day(70),
      institutionCode: WUXI_SCHOOL,
    });
    for (const c of [codes.welding, codes.electric])
      expect((await d.call('jigou', 'POST', `/api/projects/${c}/accept`)).statusCode).toBe(200);
    // The Wuxi school has no demo account: its acceptance is written as the institution would, and its site registered by its city.
    await d.ctx.db.query(`UPDATE projects SET status = 'accepted' WHERE project_code = $1`, [codes.cooking]);
    const site = await d.call('wuxi', 'POST', '/api/sites', {
      institutionCode: WUXI_SCHOOL,
      name: '梁溪校区',
      lat: 31.58,
      lon: 120.3,
    });
    expect(site.statusCode, site.body).toBe(201);
  });
  afterAll(() => d?.close());

  it('lists open classes to anyone, not the ones not yet accepted nor the ended ones', async () => {
    const all = await courses('?limit=50');
    expect(ours(all.items).sort()).toEqual([codes.cooking, codes.electric, codes.welding].sort());
    expect(all.items.map((c) => c.projectCode)).not.toContain('P000001'); // the demo's ended class
    // By start date when no location is given.
    expect(ours(all.items)).toEqual([codes.electric, codes.welding, codes.cooking]);
    const welding = all.items.find((c) => c.projectCode === codes.welding)!;
    expect(welding).toMatchObject({
      title: '焊工（中级）周末班',
      occupationName: '焊工',
      cityName: '南京市',
      status: 'accepted',
      seatsLeft: 30,
      feeFen: 180000,
      institution: { code: JIGOU, name: '南京市第1职业技术学院' },
      distanceKm: null,
    });
    expect(welding.institution.stars).toBeGreaterThanOrEqual(1);
    expect(welding.institution.passRate).toBeGreaterThan(0);
    expect(all.items.find((c) => c.projectCode === codes.electric)!.feeFen).toBeNull();
  });

  it('filters by city, occupation, level and dates, and pages', async () => {
    expect(ours((await courses('?city=320200')).items)).toEqual([codes.cooking]);
    expect(ours((await courses('?occupation=JS-0001')).items)).toEqual([codes.electric]);
    expect(ours((await courses('?level=L4&city=320100')).items)).toEqual([codes.welding]);
    // Classes on some day of the period: the electric class ends before day 40, the cooking one starts after day 20.
    expect(ours((await courses(`?from=${day(40)}&to=${day(45)}`)).items)).toEqual([codes.welding, codes.cooking]);
    expect(ours((await courses(`?from=${day(0)}&to=${day(5)}`)).items)).toEqual([codes.electric]);
    const first = await courses('?city=320100&limit=1');
    const second = await courses('?city=320100&limit=1&offset=1');
    expect(first.total).toBe(2);
    expect(first.items).toHaveLength(1);
    expect(second.items).toHaveLength(1);
    expect(first.items[0]!.projectCode).not.toBe(second.items[0]!.projectCode);
  });

  it('orders by distance to the nearest site from where the phone is, and keeps the near ones', async () => {
    const fromWuxi = await courses(`?lat=${WUXI_PHONE.lat}&lon=${WUXI_PHONE.lon}`);
    expect(ours(fromWuxi.items)[0]).toBe(codes.cooking);
    const cooking = fromWuxi.items.find((c) => c.projectCode === codes.cooking)!;
    expect(cooking.site?.name).toBe('梁溪校区');
    expect(cooking.distanceKm).toBeLessThan(2);
    const fromJiangning = await courses(`?lat=${JIANGNING_PHONE.lat}&lon=${JIANGNING_PHONE.lon}`);
    expect(ours(fromJiangning.items).slice(0, 2).sort()).toEqual([codes.electric, codes.welding].sort());
    const welding = fromJiangning.items.find((c) => c.projectCode === codes.welding)!;
    expect(welding.site?.name).toBe('江宁焊接实训基地'); // the nearer of jigou's two sites
    expect(welding.distanceKm).toBeLessThan(1);
    const distances = fromJiangning.items.map((c) => c.distanceKm ?? Number.POSITIVE_INFINITY);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const near = await courses(`?lat=${JIANGNING_PHONE.lat}&lon=${JIANGNING_PHONE.lon}&maxKm=20`);
    expect(ours(near.items).sort()).toEqual([codes.electric, codes.welding].sort());
    expect(near.items.every((c) => c.distanceKm !== null && c.distanceKm <= 20)).toBe(true);
  });

  it('gives the training subsidy expected, by the policy’s amount for the class’s level, category and city', async () => {
    const all = await courses('?limit=50');
    const welding = all.items.find((c) => c.projectCode === codes.welding)!;
    // 焊工 is category A, not on the shortage list; Nanjing's factor is the default.
    expect(welding.subsidy).toEqual({
      baseFen: JS_2025.trainingBaseFen.levelled.L4!.A,
      shortageBp: 10000,
      cityBp: 10000,
      amountFen: JS_2025.trainingBaseFen.levelled.L4!.A,
    });
    // 电工 is on the shortage list: × 1.30.
    const electric = all.items.find((c) => c.projectCode === codes.electric)!;
    expect(electric.subsidy).toMatchObject({
      shortageBp: JS_2025.shortageFactorBp,
      amountFen: applyFactorsFen(JS_2025.trainingBaseFen.levelled.L5!.A, [JS_2025.shortageFactorBp, 10000]),
    });
  });

  it('carries no personal data, signed in or not', async () => {
    for (const user of ['', 'xielei', 'nanjing']) {
      const raw = (await d.call(user, 'GET', '/api/courses?limit=50')).body;
      expect(raw).not.toMatch(/\d{4}\*+\d{3}[\dX]/); // a masked ID number
      expect(raw).not.toMatch(/\d{17}[\dX]/); // a full one
      expect(raw).not.toMatch(/person|id_masked|teacher|phone|credit"/i);
    }
    const detail = await d.call('', 'GET', `/api/courses/${codes.welding}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ projectCode: codes.welding, sites: expect.any(Array), sessions: [] });
    expect(detail.json().sites.map((s: { name: string }) => s.name)).toEqual(['本部实训楼', '江宁焊接实训基地']);
    expect(detail.body).not.toMatch(/teacher|person/i);
    expect((await d.call('', 'GET', `/api/courses/${codes.dispatched}`)).statusCode).toBe(404);
  });

  it('refuses a half location, reversed dates and distance without a location, in both languages', async () => {
    for (const [query, code] of [
      ['?lat=32', 'LOCATION_INCOMPLETE'],
      [`?from=${day(10)}&to=${day(1)}`, 'DATES_REVERSED'],
      ['?maxKm=10', 'LOCATION_REQUIRED'],
      ['?from=2026-13-45', 'BAD_DATE'],
      ['?lat=39.9&lon=116.4', 'LOCATION_OUTSIDE_JIANGSU'],
    ]) {
      const res = await d.call('', 'GET', `/api/courses${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code, message: expect.any(String), message_en: expect.any(String) });
    }
  });

  describe('我要报名', () => {
    let requestId = '';

    it('creates a 点单 for the class’s occupation and level, linked to the class, and audits it', async () => {
      const res = await d.call('xielei', 'POST', '/api/training-requests', { classCode: codes.welding });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        occupationCode: '6-18-02-04',
        level: 'L4',
        status: 'open',
        classCode: codes.welding,
      });
      requestId = res.json().requestId;
      const mine = (await d.call('xielei', 'GET', '/api/training-requests?status=open')).json().items;
      expect(mine.find((r: { request_id: string }) => r.request_id === requestId)).toMatchObject({
        class_code: codes.welding,
      });
      const [audit] = await d.ctx.db.query<{ action: string; after: { class: string } }>(
        `SELECT action, after FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [requestId],
      );
      expect(audit).toMatchObject({ action: 'training_request.create', after: { class: codes.welding } });
    });

    it('refuses a second request for the same class with a bilingual reason', async () => {
      const again = await d.call('xielei', 'POST', '/api/training-requests', { classCode: codes.welding });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({
        code: 'ALREADY_REQUESTED',
        message: expect.stringContaining(requestId),
        message_en: expect.stringContaining('already asked'),
      });
    });

    it('shows the class’s city who asked (masked), not the institution', async () => {
      const city = (await d.call('nanjing', 'GET', `/api/projects/${codes.welding}`)).json();
      expect(city.class_requests).toEqual([
        expect.objectContaining({ request_id: requestId, person_name: '谢磊', id_masked: expect.stringMatching(/\*/) }),
      ]);
      expect(JSON.stringify(city.class_requests)).not.toContain(XIELEI);
      const institution = (await d.call('jigou', 'GET', `/api/projects/${codes.welding}`)).json();
      expect(institution.class_requests).toBeNull();
    });

    it('links an open request for the same occupation to the class instead of refusing it', async () => {
      const plain = await d.call('xielei', 'POST', '/api/training-requests', { occupationCode: 'JS-0001' });
      expect(plain.statusCode, plain.body).toBe(201);
      const linked = await d.call('xielei', 'POST', '/api/training-requests', { classCode: codes.electric });
      expect(linked.statusCode, linked.body).toBe(201);
      expect(linked.json()).toMatchObject({
        requestId: plain.json().requestId,
        classCode: codes.electric,
        level: 'L5',
      });
      const [audit] = await d.ctx.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [plain.json().requestId],
      );
      expect(audit!.action).toBe('training_request.link_class');
    });

    it('refuses a class that does not take trainees and an unknown one', async () => {
      const notOpen = await d.call('xielei', 'POST', '/api/training-requests', { classCode: codes.dispatched });
      expect(notOpen.statusCode).toBe(409);
      expect(notOpen.json()).toMatchObject({
        code: 'CLASS_NOT_OPEN',
        message_en: expect.stringContaining('no longer'),
      });
      const unknown = await d.call('xielei', 'POST', '/api/training-requests', { classCode: 'NOPE' });
      expect(unknown.statusCode).toBe(404);
      const nothing = await d.call('xielei', 'POST', '/api/training-requests', {});
      expect(nothing.json()).toMatchObject({ code: 'OCCUPATION_REQUIRED' });
    });

    it('is served when the institution enrols the worker in the class', async () => {
      const enrolled = await d.call('jigou', 'POST', `/api/projects/${codes.welding}/enrolments`, { idNumber: XIELEI });
      expect(enrolled.statusCode, enrolled.body).toBeLessThan(300);
      const mine = (await d.call('xielei', 'GET', '/api/training-requests')).json().items;
      expect(mine.find((r: { request_id: string }) => r.request_id === requestId)).toMatchObject({
        status: 'served',
        project_code: codes.welding,
      });
      const again = await d.call('xielei', 'POST', '/api/training-requests', { classCode: codes.welding });
      expect(again.json()).toMatchObject({ code: 'ALREADY_ENROLLED' });
      const seats = (await courses(`?occupation=6-18-02-04`)).items.find((c) => c.projectCode === codes.welding)!;
      expect(seats.seatsLeft).toBe(29);
    });
  });
});
