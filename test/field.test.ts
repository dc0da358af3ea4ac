import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { addDays } from '../src/kernel/dates.ts';
import type { Actor } from '../src/kernel/auth.ts';
import { signUp } from '../src/modules/field/activities.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { multipart } from './support/multipart.ts';

const HEADER = 'kind,title,organiser,city,district,place,start,end,occupation,capacity';

describe('field activities: calendar, sign-up, check-in, hires', () => {
  let d: DemoApp;
  const today = chinaDate(new Date());
  const later = addDays(today, 10);
  const upload = (user: string, name: string, content: Buffer) => {
    const m = multipart(name, content);
    return d.app.inject({
      method: 'POST',
      url: '/api/activities/upload',
      payload: m.payload,
      headers: { ...m.headers, authorization: `Bearer ${d.token(user)}` },
    });
  };
  const activity = (over: Record<string, string> = {}) => ({
    kind: 'job_fair',
    title: '玄武区春风招聘会',
    organiser: '南京市人社局',
    city: '320100',
    district: '玄武区',
    place: '玄武区人力资源市场',
    start: `${today} 00:00`,
    end: `${today} 23:59`,
    occupation: '6-18-02-04',
    capacity: '2',
    ...over,
  });
  let fairId = '';

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'gongxin', 'jigou', 'xielei', 'qiye']);
    const res = await d.call('nanjing', 'POST', '/api/activities', activity());
    expect(res.statusCode).toBe(201);
    fairId = res.json().activityId;
  }, 120_000);
  afterAll(() => d.close());

  it('lists the activity publicly, without a login, filtered by city, kind and occupation', async () => {
    const all = await d.call('', 'GET', '/api/activities?city=320100&kind=job_fair&occupation=6-18-02-04');
    expect(all.statusCode).toBe(200);
    const fair = all.json().items.find((a: { activityId: string }) => a.activityId === fairId);
    expect(fair).toMatchObject({ kind: 'job_fair', cityName: '南京市', occupationName: '焊工', remaining: 2 });
    // The public sees places, not attendance or hires.
    expect(fair.attended).toBeNull();
    expect(fair.mayManage).toBe(false);
    // An organiser reading the public calendar sees it too, and may manage its own.
    const officer = await d.call('nanjing', 'GET', '/api/activities?city=320100');
    expect(officer.statusCode).toBe(200);
    expect(officer.json().items.find((a: { activityId: string }) => a.activityId === fairId).mayManage).toBe(true);
    const other = await d.call('', 'GET', '/api/activities?city=320200');
    expect(other.json().items.map((a: { activityId: string }) => a.activityId)).not.toContain(fairId);
  });

  it('refuses an activity outside the organiser’s city, and a department outside its sectors', async () => {
    const wuxi = await d.call('wuxi', 'POST', '/api/activities', activity());
    expect(wuxi.statusCode).toBe(403);
    expect(wuxi.json().code).toBe('OUT_OF_SCOPE');
    // 中式烹调师 (JS-0020) is a life-services occupation, not 工信's manufacturing.
    const dept = await d.call('gongxin', 'POST', '/api/activities', activity({ occupation: 'JS-0020' }));
    expect(dept.json().code).toBe('OUT_OF_SCOPE');
    expect((await d.call('gongxin', 'POST', '/api/activities', activity())).statusCode).toBe(201);
    expect((await d.call('qiye', 'POST', '/api/activities', activity())).statusCode).toBe(403);
  });

  it('refuses a bad form with the field and a bilingual reason', async () => {
    const res = await d.call('nanjing', 'POST', '/api/activities', activity({ end: `${today} 00:00`, capacity: '0' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'END_BEFORE_START',
      message: expect.stringContaining('结束时间'),
      message_en: expect.stringContaining('end'),
    });
    expect(res.json().details.problems.map((p: { reason: string }) => p.reason)).toEqual([
      'END_BEFORE_START',
      'BAD_CAPACITY',
    ]);
  });

  it('a worker signs up once, gets a check-in code, and a full activity refuses', async () => {
    const first = await d.call('xielei', 'POST', `/api/activities/${fairId}/signups`);
    expect(first.statusCode).toBe(201);
    expect(first.json().checkinCode).toMatch(/^\d{6}$/);
    const again = await d.call('xielei', 'POST', `/api/activities/${fairId}/signups`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_SIGNED_UP', message_en: expect.stringContaining('already') });
    const mine = await d.call('xielei', 'GET', '/api/activities?city=320100');
    expect(mine.json().items.find((a: { activityId: string }) => a.activityId === fairId).mySignup).toEqual({
      checkinCode: first.json().checkinCode,
      attended: false,
    });
    // A capacity-1 activity another person already holds: 谢磊 is refused.
    const small = (
      await d.call('nanjing', 'POST', '/api/activities', activity({ capacity: '1', title: '小班夜校' }))
    ).json().activityId;
    await d.ctx.db.query(
      `INSERT INTO activity_signups (signup_id, activity_id, person_key, checkin_code, signed_up_at) VALUES ('s-other', $1, 'someone-else', '000001', now())`,
      [small],
    );
    const full = await d.call('xielei', 'POST', `/api/activities/${small}/signups`);
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'ACTIVITY_FULL', message: expect.stringContaining('名额已满') });
    expect((await d.call('nanjing', 'POST', `/api/activities/${fairId}/signups`)).statusCode).toBe(403);
  });

  it('gives the last places to exactly as many workers as there are, when they sign up at once', async () => {
    const id = (await d.call('nanjing', 'POST', '/api/activities', activity({ capacity: '3', title: '抢名额' }))).json()
      .activityId;
    const worker = (n: number): Actor => ({
      userId: `w${n}`,
      username: `w${n}`,
      displayName: `w${n}`,
      role: 'worker',
      cityCode: null,
      institutionCode: null,
      enterpriseCode: null,
      personKey: `parallel-${n}`,
      sectors: [],
      keyTasks: [],
    });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => signUp(d.ctx.db, worker(n), id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason.code).toBe('ACTIVITY_FULL');
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM activity_signups WHERE activity_id = $1',
      [id],
    );
    expect(n).toBe(3);
  });

  it('refuses sign-up for an ended activity', async () => {
    const past = (await d.call('nanjing', 'POST', '/api/activities', activity({ title: '已结束' }))).json().activityId;
    await d.ctx.db.query(
      `UPDATE field_activities SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 day' WHERE activity_id = $1`,
      [past],
    );
    const res = await d.call('xielei', 'POST', `/api/activities/${past}/signups`);
    expect(res.json().code).toBe('ACTIVITY_ENDED');
  });

  it('the organiser checks the worker in with the code, once, on the day only', async () => {
    const code = (await d.call('xielei', 'GET', '/api/activities?city=320100'))
      .json()
      .items.find((a: { activityId: string }) => a.activityId === fairId).mySignup.checkinCode;
    const wrong = await d.call('nanjing', 'POST', `/api/activities/${fairId}/checkins`, {
      code: code === '999999' ? '999998' : '999999',
    });
    expect(wrong.json().code).toBe('UNKNOWN_CHECKIN_CODE');
    expect((await d.call('wuxi', 'POST', `/api/activities/${fairId}/checkins`, { code })).json().code).toBe(
      'OUT_OF_SCOPE',
    );
    const ok = await d.call('nanjing', 'POST', `/api/activities/${fairId}/checkins`, { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('谢磊');
    expect((await d.call('nanjing', 'POST', `/api/activities/${fairId}/checkins`, { code })).json().code).toBe(
      'ALREADY_CHECKED_IN',
    );
    const future = (
      await d.call('nanjing', 'POST', '/api/activities', activity({ start: `${later} 09:00`, end: `${later} 17:00` }))
    ).json().activityId;
    const signed = (await d.call('xielei', 'POST', `/api/activities/${future}/signups`)).json();
    const early = await d.call('nanjing', 'POST', `/api/activities/${future}/checkins`, { code: signed.checkinCode });
    expect(early.json()).toMatchObject({
      code: 'CHECKIN_NOT_ON_ACTIVITY_DAY',
      message: expect.stringContaining(later),
    });
    const roster = (await d.call('nanjing', 'GET', `/api/activities/${fairId}/roster`)).json();
    expect(roster).toHaveLength(1);
    expect(roster[0]).toMatchObject({ name: '谢磊', id_masked: '3203**********7319' });
    expect(roster[0].attended_at).not.toBeNull();
    const [audit] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'activity.check_in'`,
    );
    expect(audit.n).toBe(1);
  });

  it('records a hire of an attendee and shows it as hired from activities', async () => {
    const [line] = (await d.call('nanjing', 'GET', `/api/activities/${fairId}/roster`)).json();
    const hire = (over: object) =>
      d.call('nanjing', 'POST', `/api/activities/${fairId}/hires`, {
        signupId: line.signup_id,
        enterpriseCode: '913201001736662571',
        startDate: today,
        ...over,
      });
    expect((await hire({ enterpriseCode: '91320100000000000X' })).json().code).toBe('UNKNOWN_ENTERPRISE');
    expect((await hire({ startDate: addDays(today, -1) })).json().code).toBe('START_BEFORE_ACTIVITY');
    expect((await hire({ startDate: addDays(today, 40) })).json().code).toBe('START_TOO_FAR_AHEAD');
    const ok = await hire({});
    expect(ok.statusCode).toBe(201);
    expect((await hire({})).json().code).toBe('HIRE_ALREADY_RECORDED');
    const year = Number(today.slice(0, 4));
    const summary = (await d.call('nanjing', 'GET', `/api/activities/hires?year=${year}`)).json();
    const fairs = summary.find(
      (s: { kind: string; city_code: string }) => s.kind === 'job_fair' && s.city_code === '320100',
    );
    // Recomputed from the records: hires of Nanjing's job fairs this year.
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activity_hires h JOIN field_activities a ON a.activity_id = h.activity_id
       WHERE a.kind = 'job_fair' AND a.city_code = '320100'`,
    );
    expect(fairs.hires).toBe(n);
    expect(n).toBe(1);
    // Wuxi's officer sees none of Nanjing's.
    const wuxi = (await d.call('wuxi', 'GET', `/api/activities/hires?year=${year}`)).json();
    expect(wuxi.every((s: { city_code: string }) => s.city_code === '320200')).toBe(true);
  });

  it('a hire needs attendance', async () => {
    const future = (await d.call('nanjing', 'GET', '/api/activities?scope=mine'))
      .json()
      .items.find((a: { startsAt: string; title: string }) => a.startsAt.startsWith(later) || a.startsAt > `${later}`);
    const [line] = (await d.call('nanjing', 'GET', `/api/activities/${future.activityId}/roster`)).json();
    const res = await d.call('nanjing', 'POST', `/api/activities/${future.activityId}/hires`, {
      signupId: line.signup_id,
      enterpriseCode: '913201001736662571',
      startDate: later,
    });
    expect(res.json()).toMatchObject({ code: 'NOT_ATTENDED', message: expect.stringContaining('未签到') });
  });

  it('keeps the good rows of an uploaded list and refuses each bad row with its reasons', async () => {
    const csv = [
      HEADER,
      `技能夜校,焊工夜校,南京市人社局,南京市,鼓楼区,鼓楼社区学校,${later} 19:00,${later} 21:00,焊工,30`,
      `送技下乡,电工下乡,南京市人社局,320100,,高淳区某村,${later} 09:00,${later} 16:00,,50`,
      `舞会,错类型,南京市人社局,南京市,,某处,${later} 09:00,${later} 08:00,焊工,0`,
      `招聘会,无锡招聘会,无锡市人社局,无锡市,,无锡人才市场,${later} 09:00,${later} 12:00,,100`,
      `直播带岗,时间错,南京市人社局,南京市,,线上,2026-13-01 09:00,${later} 12:00,不存在的职业,10`,
    ].join('\n');
    const res = await upload('nanjing', 'activities.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ rowsTotal: 5, rowsAccepted: 2, rowsRefused: 3 });
    const reasons = (line: number) =>
      r.errors.filter((e: { line: number }) => e.line === line).map((e: { reason: string }) => e.reason);
    expect(reasons(4)).toEqual(['UNKNOWN_ACTIVITY_KIND', 'END_BEFORE_START', 'BAD_CAPACITY']);
    expect(reasons(5)).toEqual(['OUT_OF_SCOPE']);
    expect(reasons(6)).toEqual(['BAD_START', 'UNKNOWN_OCCUPATION']);
    for (const e of r.errors) {
      expect(e.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM field_activities WHERE activity_id = ANY($1::text[])',
      [r.activityIds],
    );
    expect(n).toBe(2);
  });

  it('reads an XLSX list too, and refuses a file without the columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('活动');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      '暑期学校',
      '机器人暑期班',
      '某职业学院',
      '南京市',
      '江宁区',
      '江宁校区',
      `${later} 08:30`,
      `${later} 17:00`,
      '',
      '40',
    ]);
    ws.addRow([
      '暑期学校',
      '',
      '某职业学院',
      '南京市',
      '江宁区',
      '江宁校区',
      `${later} 08:30`,
      `${later} 17:00`,
      '',
      '40',
    ]);
    const res = await upload('province', 'activities.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.json()).toMatchObject({ rowsTotal: 2, rowsAccepted: 1, rowsRefused: 1 });
    expect(res.json().errors[0]).toMatchObject({ line: 3, column: 'title', reason: 'BAD_TITLE' });
    const bad = await upload('nanjing', 'x.csv', Buffer.from('a,b\n1,2\n'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MISSING_COLUMNS');
  });
});

describe('competitions: entrants, results, promotion records, craftsman nomination', () => {
  let d: DemoApp;
  const today = chinaDate(new Date());
  let holder: { id: string; occupation: string; level: string; rank: number };
  let contestId = '';

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'gongxin']);
    // A certificate holder below 高级技师 in an occupation with levels.
    const [c] = await d.ctx.db.query<{ id_enc: string; occupation_code: string; level: string; rank: number }>(
      `SELECT p.id_enc, x.occupation_code, x.level, l.rank FROM certificates x JOIN persons p ON p.person_key = x.person_key
       JOIN levels l ON l.code = x.level
       WHERE x.revoked_on IS NULL AND l.rank BETWEEN 1 AND 3
         AND NOT EXISTS (SELECT 1 FROM certificates y JOIN levels m ON m.code = y.level WHERE y.person_key = x.person_key AND y.occupation_code = x.occupation_code AND m.rank > l.rank)
       ORDER BY x.certificate_no LIMIT 1`,
    );
    holder = { id: d.ctx.vault.decrypt(c.id_enc), occupation: c.occupation_code, level: c.level, rank: c.rank };
    const res = await d.call('province', 'POST', '/api/competitions', {
      name: '江苏工匠岗位练兵竞赛',
      organiser: '省人社厅',
      level: 'province',
      occupationCode: holder.occupation,
      startsOn: today,
      endsOn: today,
    });
    expect(res.statusCode).toBe(201);
    contestId = res.json().competitionId;
  }, 120_000);
  afterAll(() => d.close());

  it('lets a city run only its city contests and a department only industry contests of its sectors', async () => {
    const base = {
      name: '市级比赛',
      organiser: '南京市人社局',
      occupationCode: '6-18-02-04',
      startsOn: today,
      endsOn: today,
    };
    expect(
      (await d.call('nanjing', 'POST', '/api/competitions', { ...base, level: 'city', cityCode: '320100' })).statusCode,
    ).toBe(201);
    const other = await d.call('nanjing', 'POST', '/api/competitions', { ...base, level: 'city', cityCode: '320200' });
    expect(other.json().code).toBe('COMPETITION_LEVEL_NOT_YOURS');
    expect((await d.call('nanjing', 'POST', '/api/competitions', { ...base, level: 'province' })).json().code).toBe(
      'COMPETITION_LEVEL_NOT_YOURS',
    );
    expect((await d.call('gongxin', 'POST', '/api/competitions', { ...base, level: 'industry' })).statusCode).toBe(201);
    expect(
      (
        await d.call('gongxin', 'POST', '/api/competitions', { ...base, level: 'industry', occupationCode: 'JS-0020' })
      ).json().code,
    ).toBe('COMPETITION_LEVEL_NOT_YOURS');
    expect((await d.call('province', 'POST', '/api/competitions', { ...base, level: 'city' })).json().code).toBe(
      'CITY_REQUIRED',
    );
  });

  it('an object’s inherited names are no competition level (level "constructor" was stored as given)', async () => {
    for (const level of ['constructor', 'toString', '__proto__']) {
      const res = await d.call('province', 'POST', '/api/competitions', {
        name: '省级比赛',
        organiser: '省人社厅',
        level,
        occupationCode: '6-18-02-04',
        startsOn: today,
        endsOn: today,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'UNKNOWN_COMPETITION_LEVEL', message: expect.stringContaining('省级') });
    }
  });

  it('enters real-name people once, and refuses unknown ones', async () => {
    const add = (idNumber: string) =>
      d.call('province', 'POST', `/api/competitions/${contestId}/entries`, { idNumber, unit: '某制造企业' });
    expect((await add(holder.id)).statusCode).toBe(201);
    expect((await add(holder.id)).json().code).toBe('ALREADY_ENTERED');
    expect((await add('320311199409187319')).statusCode).toBe(201);
    expect((await add('11010519491231002X')).json().code).toMatch(/UNKNOWN_PERSON|ID_/);
  });

  it('records results; a province prize proposes a one-level promotion an official confirms, issuing no certificate', async () => {
    const entries = (await d.call('province', 'GET', `/api/competitions/${contestId}/entries`)).json();
    const mask = `${holder.id.slice(0, 4)}**********${holder.id.slice(-4)}`;
    const winner = entries.find((e: { id_masked: string }) => e.id_masked === mask);
    const other = entries.find((e: { id_masked: string }) => e.id_masked !== mask);
    const result = (entryId: string, body: object) =>
      d.call('province', 'POST', `/api/competitions/${contestId}/entries/${entryId}/result`, body);
    expect((await result(winner.entry_id, { rank: 1, score: '101', award: 'first' })).json().code).toBe('BAD_SCORE');
    expect((await result(winner.entry_id, { rank: 1, score: '95.5', award: 'gold' })).json().code).toBe(
      'UNKNOWN_AWARD',
    );
    const ok = await result(winner.entry_id, { rank: 1, score: '95.50', award: 'first' });
    expect(ok.statusCode).toBe(200);
    const [next] = await d.ctx.db.query<{ code: string }>('SELECT code FROM levels WHERE rank = $1', [holder.rank + 1]);
    expect(ok.json().promotion).toMatchObject({ fromLevel: holder.level, toLevel: next.code });
    expect((await result(winner.entry_id, { rank: 2, score: '90' })).json().code).toBe('RESULT_ALREADY_RECORDED');
    expect((await result(other.entry_id, { rank: 1, score: '90' })).json().code).toBe('DUPLICATE_RANK');
    // No award: no promotion.
    const plain = await result(other.entry_id, { rank: 2, score: '90' });
    expect(plain.json()).toMatchObject({ promotion: null, noPromotionBecause: 'RULE_DOES_NOT_APPLY' });

    const certs = async () => (await d.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM certificates'))[0].n;
    const before = await certs();
    const promotions = (await d.call('province', 'GET', '/api/promotions?status=proposed')).json();
    expect(promotions).toHaveLength(1);
    const id = promotions[0].promotion_id;
    expect((await d.call('nanjing', 'GET', '/api/promotions')).statusCode).toBe(403);
    expect(
      (await d.call('province', 'POST', `/api/promotions/${id}/decision`, { decision: 'rejected', note: '' })).json()
        .code,
    ).toBe('NOTE_REQUIRED');
    const confirm = await d.call('province', 'POST', `/api/promotions/${id}/decision`, {
      decision: 'confirmed',
      note: '按竞赛晋升规则确认',
    });
    expect(confirm.json().status).toBe('confirmed');
    expect(
      (
        await d.call('province', 'POST', `/api/promotions/${id}/decision`, { decision: 'rejected', note: '再改' })
      ).json().code,
    ).toBe('PROMOTION_ALREADY_DECIDED');
    expect(await certs()).toBe(before);
    const audit = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['promotion.propose', 'promotion.confirmed']);
  });

  it('refuses a result before the contest begins', async () => {
    const later = addDays(today, 5);
    const k = (
      await d.call('province', 'POST', '/api/competitions', {
        name: '下月竞赛',
        organiser: '省人社厅',
        level: 'province',
        occupationCode: holder.occupation,
        startsOn: later,
        endsOn: later,
      })
    ).json().competitionId;
    const e = (
      await d.call('province', 'POST', `/api/competitions/${k}/entries`, { idNumber: holder.id, unit: '某企业' })
    ).json();
    const res = await d.call('province', 'POST', `/api/competitions/${k}/entries/${e.entryId}/result`, {
      rank: 1,
      score: '90',
    });
    expect(res.json()).toMatchObject({ code: 'RESULT_BEFORE_CONTEST', message: expect.stringContaining(later) });
  });

  it('a prize-winner goes onto the 江苏工匠 nomination list; a non-winner does not', async () => {
    const entries = (await d.call('province', 'GET', `/api/competitions/${contestId}/entries`)).json();
    const winner = entries.find((e: { award: string | null }) => e.award === 'first');
    const plain = entries.find((e: { award: string | null }) => e.award === null);
    const no = await d.call('province', 'POST', `/api/competitions/${contestId}/entries/${plain.entry_id}/nominate`);
    expect(no.json()).toMatchObject({ code: 'NOT_A_WINNER', message: expect.stringContaining('获奖') });
    const yes = await d.call('province', 'POST', `/api/competitions/${contestId}/entries/${winner.entry_id}/nominate`);
    expect(yes.statusCode).toBe(201);
    const list = (await d.call('province', 'GET', `/api/craftsmen/nominations?year=${today.slice(0, 4)}`)).json();
    expect(list.find((n: { id: string }) => n.id === yes.json().id).citation).toContain('第1名');
    const again = await d.call(
      'province',
      'POST',
      `/api/competitions/${contestId}/entries/${winner.entry_id}/nominate`,
    );
    expect(again.json().code).toBe('ALREADY_NOMINATED');
  });
});
