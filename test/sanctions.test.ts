import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * Sanctions that bite (issue 19): a suspended institution cannot be dispatched to, accept, schedule,
 * enrol or open a class; lifting the suspension restores each call. 整改 has a deadline and a
 * follow-up check; the 处理记录 are visible by scope.
 */
describe('sanctions that bite', () => {
  let d: DemoApp;
  const JIGOU = '12320100914177769G';
  const XIELEI = '320311199409187319';
  const now = Date.now();
  const day = (offset: number) => chinaDate(new Date(now + offset * 86_400_000));
  const at = (hoursFromNow: number) => new Date(now + hoursFromNow * 3_600_000).toISOString();
  const project = () => ({
    title: '焊工培训班（处理测试）',
    occupationCode: '6-18-02-04',
    level: 'L5',
    kind: 'employment_skills',
    keyTask: 1,
    startDate: day(-2),
    endDate: day(30),
    plannedHours: 80,
    plannedTrainees: 5,
    modules: [],
    price: '1800.00',
    institutionCode: JIGOU,
  });
  const session = (h: number) => ({
    startsAt: at(h),
    endsAt: at(h + 2),
    teacher: '王师傅',
    mode: 'theory',
    siteName: '实训楼A201',
    siteLat: 32.05,
    siteLon: 118.78,
  });
  const suspend = async (untilOn: string | null = day(30)) => {
    const res = await d.call('province', 'POST', `/api/institutions/${JIGOU}/sanction`, {
      sanction: 'suspension',
      reason: '虚假培训，暂停补贴培训资格',
      evidence: '案件核查报告',
      untilOn,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };
  const lift = async (id: string) => {
    const res = await d.call('province', 'POST', `/api/sanctions/${id}/lift`, { reason: '整改到位，解除暂停' });
    expect(res.statusCode, res.body).toBe(200);
  };
  const expectSuspended = (res: { statusCode: number; json: () => Record<string, string> }) => {
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'INSTITUTION_SUSPENDED',
      message: expect.stringContaining('暂停'),
      message_en: expect.stringContaining('suspended'),
    });
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou']);
  }, 120_000);
  afterAll(() => d.close());

  it('refuses a suspended institution’s accept; lifting the suspension restores it', async () => {
    const code = (await d.call('nanjing', 'POST', '/api/projects', project())).json().projectCode as string;
    expect(code).toBeTruthy();
    const offered = async () =>
      (
        (await d.call('nanjing', 'GET', '/api/dispatch/candidates?trainees=30')).json() as { creditCode: string }[]
      ).some((c) => c.creditCode === JIGOU);
    expect(await offered()).toBe(true);
    const id = await suspend();
    // The dispatch form no longer offers it…
    expect(await offered()).toBe(false);
    expectSuspended(await d.call('jigou', 'POST', `/api/projects/${code}/accept`));
    // Nor can a city dispatch a new project to it.
    expectSuspended(await d.call('nanjing', 'POST', '/api/projects', project()));
    await lift(id);
    expect(await offered()).toBe(true);
    expect((await d.call('jigou', 'POST', `/api/projects/${code}/accept`)).json().status).toBe('accepted');

    // Suspended again: no scheduling, enrolment or opening of the class until lifted.
    const again = await suspend();
    expectSuspended(await d.call('jigou', 'POST', `/api/projects/${code}/sessions`, session(24)));
    expectSuspended(await d.call('jigou', 'POST', `/api/projects/${code}/enrolments`, { idNumber: XIELEI }));
    expectSuspended(await d.call('jigou', 'POST', `/api/projects/${code}/open`));
    await lift(again);
    expect((await d.call('jigou', 'POST', `/api/projects/${code}/sessions`, session(24))).statusCode).toBe(201);
    expect((await d.call('jigou', 'POST', `/api/projects/${code}/enrolments`, { idNumber: XIELEI })).statusCode).toBe(
      201,
    );
    expect((await d.call('jigou', 'POST', `/api/projects/${code}/open`)).json().status).toBe('running');
    // Lifting twice is refused; the lifting is audited.
    expect((await d.call('province', 'POST', `/api/sanctions/${again}/lift`, { reason: '再次解除' })).json().code).toBe(
      'SANCTION_ALREADY_LIFTED',
    );
    const audit = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'institution.sanction.%' ORDER BY seq`,
      [JIGOU],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'institution.sanction.suspension',
      'institution.sanction.lift',
      'institution.sanction.suspension',
      'institution.sanction.lift',
    ]);
  });

  it('a suspension past its last day no longer refuses', async () => {
    await d.ctx.db.query(
      `INSERT INTO institution_sanctions (id, credit_code, kind, reason, from_on, until_on, created_by)
       VALUES (gen_random_uuid(), $1, 'suspension', '过期的暂停', $2, $3, 'test')`,
      [JIGOU, day(-20), day(-1)],
    );
    const code = (await d.call('nanjing', 'POST', '/api/projects', project())).json().projectCode;
    expect(code).toBeTruthy();
  });

  it('整改 needs a deadline; its follow-up check is recorded once, and a failed one recommends suspension', async () => {
    const missing = await d.call('province', 'POST', `/api/institutions/${JIGOU}/sanction`, {
      sanction: 'rectification',
      reason: '台账不全',
    });
    expect(missing.json()).toMatchObject({
      code: 'DEADLINE_REQUIRED',
      message_en: expect.stringContaining('deadline'),
    });
    const res = await d.call('province', 'POST', `/api/institutions/${JIGOU}/sanction`, {
      sanction: 'rectification',
      reason: '台账不全',
      untilOn: day(15),
    });
    const id = res.json().id;
    const checked = await d.call('province', 'POST', `/api/sanctions/${id}/check`, {
      result: 'failed',
      note: '仍未整改',
    });
    expect(checked.json()).toMatchObject({ checkResult: 'failed', recommendation: 'suspension' });
    expect((await d.call('province', 'POST', `/api/sanctions/${id}/check`, { result: 'passed' })).json().code).toBe(
      'ALREADY_CHECKED',
    );
    // A rectification restricts nothing by itself.
    expect((await d.call('nanjing', 'POST', '/api/projects', project())).statusCode).toBe(201);
  });

  it('shows 处理记录 by scope: the province all, a city its own institutions, the institution its own', async () => {
    const mine = (await d.call('jigou', 'GET', '/api/sanctions')).json() as { creditCode: string; kind: string }[];
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((s) => s.creditCode === JIGOU)).toBe(true);
    expect((await d.call('nanjing', 'GET', '/api/sanctions')).json()).toHaveLength(mine.length);
    expect((await d.call('wuxi', 'GET', '/api/sanctions')).json()).toEqual([]);
    expect((await d.call('province', 'GET', '/api/sanctions')).json()).toHaveLength(mine.length);
    // Only the province changes them.
    const [s] = mine as unknown as { id: string }[];
    expect((await d.call('nanjing', 'POST', `/api/sanctions/${s!.id}/lift`, { reason: '越权解除' })).statusCode).toBe(
      403,
    );
    expect((await d.call('jigou', 'POST', `/api/sanctions/${s!.id}/lift`, { reason: '自行解除' })).statusCode).toBe(
      403,
    );
  });
});
