import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { actorOfUser } from '../src/modules/accounts/index.ts';
import { weekOf } from '../src/modules/reporting/index.ts';
import { myTodos } from '../src/workflows/todos.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

type Todo = { key: string; count: number; link: string };

const USERS = ['province', 'nanjing', 'wuxi', 'gongxin', 'jigou', 'pingjia', 'qiye', 'xielei'];

/**
 * The API list a to-do's link opens, as the web page asks for it (the page reads the filter from
 * the address and passes it on: web/src/pages/*.tsx with ListFilter.tsx).
 */
function listOf(link: string): string {
  const [page, query = ''] = link.split('?');
  const q = new URLSearchParams(query);
  const api = (path: string, params: Record<string, string> = {}) => {
    const s = new URLSearchParams(params).toString();
    return s ? `${path}?${s}` : path;
  };
  switch (page) {
    case '/projects':
      return api('/api/projects', Object.fromEntries(q));
    case '/decisions':
      return api('/api/decisions', { ...Object.fromEntries(q), limit: '1000' });
    case '/reviews':
      return api('/api/reviews');
    case '/payments':
      return api('/api/payments/batches', Object.fromEntries(q));
    case '/inbox':
      return api('/api/inbox', Object.fromEntries(q));
    case '/integrity':
      return api('/api/integrity/cases', { ...Object.fromEntries(q), limit: '1000' });
    case '/demand':
      return api('/api/training-requests', { status: q.get('requests')! });
    case '/orders':
      return q.get('confirm')
        ? api('/api/employer/confirmations', { pending: 'true' })
        : api('/api/job-orders', Object.fromEntries(q));
    case '/training':
      return q.get('confirm')
        ? api('/api/me/confirmations', { pending: 'true' })
        : api('/api/training-requests', { status: q.get('requests')! });
    case '/assessments':
      return api('/api/assessments', Object.fromEntries(q));
    case '/appeals':
      return api('/api/appeals', Object.fromEntries(q));
    case '/persons':
      if (q.get('tab') === 'pending') return api('/api/persons/pending');
  }
  throw new Error(`no list behind ${link}`);
}

/** Issue 17 "Home = my to-dos": counts per role and scope, each the row count of the list its link opens. */
describe('my to-dos', () => {
  let ctx: DemoApp['ctx'];
  let call: DemoApp['call'];
  let close: DemoApp['close'];
  const now = Date.now();
  const day = (offset: number) => chinaDate(new Date(now + offset * 86_400_000));
  const at = (hoursFromNow: number) => new Date(now + hoursFromNow * 3_600_000).toISOString();
  const SITE = { siteName: '南京市第1职业技术学院 实训楼A201', siteLat: 32.05, siteLon: 118.78 };
  const project = (over: object = {}) => ({
    title: '焊工培训班（待办）',
    occupationCode: '6-18-02-04',
    level: 'L5',
    kind: 'employment_skills',
    keyTask: 1,
    startDate: day(-2),
    endDate: day(30),
    plannedHours: 80,
    plannedTrainees: 20,
    modules: ['安全规范'],
    price: '1800.00',
    institutionCode: '12320100914177769G',
    ...over,
  });

  const todos = async (user: string): Promise<Record<string, Todo>> => {
    const res = await call(user, 'GET', '/api/me/todos');
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries((res.json() as Todo[]).map((t) => [t.key, t]));
  };
  const counts = async (user: string) =>
    Object.fromEntries(Object.values(await todos(user)).map((t) => [t.key, t.count]));
  const dispatch = async (over: object = {}) => {
    const res = await call('nanjing', 'POST', '/api/projects', project(over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().projectCode as string;
  };

  beforeAll(async () => {
    ({ ctx, call, close } = await demoApp(USERS));
  });
  afterAll(() => close());

  it('answers each role its own kinds of work, and nobody signed out', async () => {
    expect((await call('', 'GET', '/api/me/todos')).statusCode).toBe(401);
    const keys = async (u: string) => Object.keys(await todos(u));
    const officials = ['review', 'dispatch', 'notice', 'pay', 'behind', 'cases', 'appealsOverdue', 'registrations'];
    expect(await keys('province')).toEqual(officials);
    expect(await keys('nanjing')).toEqual(officials);
    expect(await keys('gongxin')).toEqual(['behindTargets']);
    // A training-only institution has no assessments to record; an evaluating one has.
    expect(await keys('jigou')).toEqual(['accept', 'schedule', 'start', 'close']);
    expect(await keys('pingjia')).toEqual(['accept', 'schedule', 'start', 'close', 'results']);
    expect(await keys('qiye')).toEqual(['orders', 'employerConfirm']);
    expect(await keys('xielei')).toEqual(['confirm', 'requests']);
    // Each key has its name and its explanation in the dictionary.
    const labels = (await call('', 'GET', '/api/labels')).json();
    for (const u of USERS)
      for (const k of await keys(u)) {
        expect(labels.todo[k], k).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
        expect(labels.todoHint[k], k).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      }
  });

  it('names the institution’s roles in /api/me (the menu offers 考核发证 to evaluators only)', async () => {
    expect((await call('jigou', 'GET', '/api/me')).json().institutionRoles).toEqual(['training']);
    expect((await call('pingjia', 'GET', '/api/me')).json().institutionRoles).toEqual(['training', 'evaluation']);
    expect((await call('nanjing', 'GET', '/api/me')).json().institutionRoles).toEqual([]);
  });

  it('an institution’s cards follow its projects: 待接单 → 待排课 → 待开班, and 待结业 once every session is over', async () => {
    const before = await counts('jigou');
    expect(before).toEqual({ accept: 0, schedule: 0, start: 0, close: 1 }); // P000001 ended in 2025, still open
    const a = await dispatch({ title: '待接单的班' });
    const b = await dispatch({ title: '待排课的班', startDate: day(40), endDate: day(60) });
    const other = await dispatch({ title: '派给评价机构的班', institutionCode: '523201001953640571' });
    expect(await counts('jigou')).toEqual({ accept: 2, schedule: 0, start: 0, close: 1 });
    expect((await counts('pingjia')).accept).toBe(1);
    expect((await call('jigou', 'POST', `/api/projects/${a}/accept`)).statusCode).toBe(200);
    expect((await call('jigou', 'POST', `/api/projects/${b}/accept`)).statusCode).toBe(200);
    expect(await counts('jigou')).toEqual({ accept: 0, schedule: 2, start: 0, close: 1 });
    const session = await call('jigou', 'POST', `/api/projects/${a}/sessions`, {
      startsAt: at(24),
      endsAt: at(26),
      teacher: '王师傅',
      mode: 'theory',
      ...SITE,
    });
    expect(session.statusCode, session.body).toBe(201);
    expect(await counts('jigou')).toEqual({ accept: 0, schedule: 1, start: 1, close: 1 });
    // The other institution's project is not jigou's work.
    expect((await call('pingjia', 'POST', `/api/projects/${other}/decline`, { reason: '师资不足' })).statusCode).toBe(
      200,
    );
    expect((await counts('pingjia')).accept).toBe(0);
  });

  it('a worker’s request waits as 待派单 in their city and the province, until a project serves it', async () => {
    expect((await counts('xielei')).requests).toBe(0);
    const req = await call('xielei', 'POST', '/api/training-requests', { occupationCode: '6-18-02-04' });
    expect(req.statusCode, req.body).toBe(201);
    expect((await counts('xielei')).requests).toBe(1);
    expect((await counts('nanjing')).dispatch).toBe(1);
    expect((await counts('province')).dispatch).toBe(1);
    expect((await counts('wuxi')).dispatch).toBe(0);
    await dispatch({ title: '为点单开的班', requests: [req.json().requestId] });
    expect((await counts('xielei')).requests).toBe(0);
    expect((await counts('nanjing')).dispatch).toBe(0);
  });

  it('a trainee’s confirmation leaves 待确认; a denial becomes a 疑点案件 of that city only', async () => {
    expect((await counts('xielei')).confirm).toBe(1);
    const cases = { nanjing: (await counts('nanjing')).cases, province: (await counts('province')).cases };
    const denied = await call('xielei', 'POST', '/api/me/confirmations/A0000001', {
      answer: 'denied',
      note: '我没有参加这个培训',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect((await counts('xielei')).confirm).toBe(0);
    expect((await counts('nanjing')).cases).toBe(cases.nanjing + 1);
    expect((await counts('province')).cases).toBe(cases.province + 1);
    expect((await counts('wuxi')).cases).toBe(0);
  });

  it('payment batches wait as 待支付 until the bank file is sent, each city counting its own', async () => {
    expect((await counts('province')).pay).toBe(0);
    const made = await call('province', 'POST', '/api/payments/batches', { asOf: '2027-06-30' });
    expect(made.statusCode, made.body).toBe(200);
    const batches: { id: string; cityCode: string }[] = made.json();
    expect(batches.length).toBeGreaterThan(1);
    const nanjing = batches.filter((b) => b.cityCode === '320100');
    expect((await counts('province')).pay).toBe(batches.length);
    expect((await counts('nanjing')).pay).toBe(nanjing.length);
    expect((await counts('wuxi')).pay).toBe(batches.filter((b) => b.cityCode === '320200').length);
    expect((await call('province', 'GET', `/api/payments/batches/${nanjing[0].id}/bank-file`)).statusCode).toBe(200);
    expect((await counts('province')).pay).toBe(batches.length - 1);
    expect((await counts('nanjing')).pay).toBe(nanjing.length - 1);
  });

  it('an evaluator’s scheduled assessment waits as 待录成绩', async () => {
    expect((await counts('pingjia')).results).toBe(0);
    const res = await call('pingjia', 'POST', '/api/assessments', {
      occupationCode: '6-18-02-04',
      kind: 'skill_level',
      level: 'L3',
      scheduledOn: day(7),
      idNumbers: ['320311199409187319'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await counts('pingjia')).results).toBe(1);
  });

  it('an enterprise counts its open job orders', async () => {
    const before = (await counts('qiye')).orders;
    const res = await call('qiye', 'POST', '/api/job-orders', {
      occupationCode: '6-18-02-04',
      headcount: 2,
      payMin: '6000',
      payMax: '8000',
      deadline: day(60),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await counts('qiye')).orders).toBe(before + 1);
  });

  it('every card’s number is the row count of the list its link opens, for every role', async () => {
    let nonZero = 0;
    for (const user of USERS)
      for (const todo of Object.values(await todos(user))) {
        const list = await call(user, 'GET', listOf(todo.link));
        expect(list.statusCode, `${user} ${todo.link}: ${list.body}`).toBe(200);
        // A paged list answers { items, total }: the card counts the whole list, not one page.
        const body = list.json() as unknown[] | { items: unknown[]; total: number };
        const rows = Array.isArray(body) ? body.length : body.total;
        expect(rows, `${user} ${todo.key} → ${todo.link}`).toBe(todo.count);
        if (todo.count > 0) nonZero++;
      }
    // Not a comparison of zeros: most cards hold work by now.
    expect(nonZero).toBeGreaterThanOrEqual(12);
  });

  it('a city officer counts her city only; the province counts every city', async () => {
    const province = await counts('province');
    const nanjing = await counts('nanjing');
    const wuxi = await counts('wuxi');
    const cityOf = async (url: string, city: string) => {
      const body = (await call('province', 'GET', url)).json() as
        | { city_code: string }[]
        | { items: { city_code: string }[] };
      return (Array.isArray(body) ? body : body.items).filter((r) => r.city_code === city).length;
    };
    for (const [user, city, mine] of [
      ['nanjing', '320100', nanjing],
      ['wuxi', '320200', wuxi],
    ] as const) {
      expect(mine.review, user).toBe(await cityOf('/api/reviews', city));
      expect(mine.notice, user).toBe(await cityOf('/api/decisions?notice=open&limit=1000', city));
      expect(mine.cases, user).toBe(await cityOf('/api/integrity/cases?status=open&limit=1000', city));
      expect(mine.notice, user).toBeLessThan(province.notice);
    }
    // The demo province: one decision under review in 南京, one elsewhere, none in 无锡.
    expect([province.review, nanjing.review, wuxi.review]).toEqual([2, 1, 0]);
    // This week's reminders for a city are its own; the province's are every city's.
    const week = weekOf(chinaDate(new Date()));
    const reminders = (await call('province', 'GET', `/api/inbox?week=${week}&kind=city`)).json() as {
      recipient_key: string;
    }[];
    expect(nanjing.behind).toBe(reminders.filter((r) => r.recipient_key === '320100').length);
    expect(province.behind).toBe(reminders.length);
    expect(nanjing.behind).toBeGreaterThan(0);
  });

  it('counts on the day asked: the notice period ends, and a class whose last session is over may close', async () => {
    const nanjing = (await actorOfUser(ctx.db, 'nanjing'))!;
    const jigou = (await actorOfUser(ctx.db, 'jigou'))!;
    const today = Object.fromEntries((await myTodos(ctx.db, nanjing)).map((t) => [t.key, t.count]));
    expect(today.notice).toBeGreaterThan(0);
    const later = new Date(now + 400 * 86_400_000);
    const then = Object.fromEntries((await myTodos(ctx.db, nanjing, later)).map((t) => [t.key, t.count]));
    expect(then.notice).toBe(0);
    // P000001's last session ended on 2025-10-22: in mid-October it could not close yet.
    const midClass = Object.fromEntries(
      (await myTodos(ctx.db, jigou, new Date('2025-10-15T02:00:00Z'))).map((t) => [t.key, t.count]),
    );
    expect(midClass.close).toBe(0);
    expect(Object.fromEntries((await myTodos(ctx.db, jigou)).map((t) => [t.key, t.count])).close).toBe(1);
  });
});
