import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { DEFAULT_LEARNING_PARAMS, projectOnlineValidMs } from '../src/modules/learning/index.ts';
import {
  joinLiveClass,
  liveAttendance,
  myLiveClass,
  recordLiveEvent,
  scheduleLiveClass,
} from '../src/modules/learning/live-classes.ts';
import { recordFaceResult, skipCheck } from '../src/modules/learning/rechecks.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 直播课 (docs/online-learning.md § Live classes): an institution schedules a live class of its own
 * project; enrolled learners join with a signed live session and report join / leave / heartbeat
 * events; valid time counts inside the window while visible, re-checks void it as in modules, and it
 * is the project's online time for blended attendance.
 */
const JIGOU = '12320100914177769G';
const MIN = 60_000;
const DAY = 86_400_000;
const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
/** The project's training period in the test (China dates). */
const START = chinaDay(Date.now() - 60 * DAY);
const END = chinaDay(Date.now() + 60 * DAY);
/** 00:00 China time of a China date, in ms. */
const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

describe('直播课', () => {
  let demo: DemoApp;
  let occupation: string;
  let project: string; // jigou's project xielei is enrolled in
  let otherInstitutionsProject: string;
  let workerKey: string;
  let t = Date.UTC(2026, 10, 30, 6, 0, 0); // 14:00 China time
  const clock = { now: () => new Date(t) };
  const secret = () => demo.ctx.config.sessionSecret;
  const as = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    demo.app.inject({
      method,
      url,
      payload,
      headers: user ? { authorization: `Bearer ${demo.tokens[user]}` } : {},
    });
  const staff: Actor = {
    userId: 'u-jigou',
    username: 'jigou',
    displayName: '机构',
    role: 'institution_staff',
    cityCode: '320100',
    institutionCode: JIGOU,
    enterpriseCode: null,
    personKey: null,
    sectors: [],
    keyTasks: [],
  };
  const worker = (): Actor => ({
    ...staff,
    userId: 'x',
    username: 'xielei',
    role: 'worker',
    institutionCode: null,
    personKey: workerKey,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const input = (over: object = {}) => ({
    title: '焊接工艺直播讲解',
    projectCode: project,
    occupationCode: occupation,
    startsAt: iso(Date.now() - 10 * MIN),
    endsAt: iso(Date.now() + 60 * MIN),
    streamUrl: 'https://live.example.cn/room/8801',
    ...over,
  });

  beforeAll(async () => {
    demo = await demoApp(['province', 'jigou', 'qiye', 'xielei', 'nanjing']);
    const db = demo.ctx.db;
    workerKey = demo.ctx.vault.blindIndex('320311199409187319');
    [{ project_code: project, occupation_code: occupation }] = await db.query<{
      project_code: string;
      occupation_code: string;
    }>(
      'SELECT project_code, occupation_code FROM training.projects WHERE institution_code = $1 ORDER BY project_code LIMIT 1',
      [JIGOU],
    );
    // The demo's projects ended in 2025: this one runs from two months ago to two months ahead.
    await db.query(
      `UPDATE training.projects SET status = 'running', start_date = $2, end_date = $3 WHERE project_code = $1`,
      [project, START, END],
    );
    await db.query(
      `INSERT INTO training.enrolments (project_code, person_key, enrolled_on) VALUES ($1, $2, '2026-11-01') ON CONFLICT DO NOTHING`,
      [project, workerKey],
    );
    [{ project_code: otherInstitutionsProject }] = await db.query<{ project_code: string }>(
      'SELECT project_code FROM training.projects WHERE institution_code <> $1 LIMIT 1',
      [JIGOU],
    );
  });
  afterAll(() => demo?.close());

  describe('scheduling', () => {
    it('an institution schedules a live class of its own project, audited, with names for the codes', async () => {
      const res = await as('jigou', 'POST', '/api/learning/live-classes', input());
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ projectCode: project, streamUrl: 'https://live.example.cn/room/8801' });
      expect(res.json().occupationName).toEqual(expect.any(String));
      const [a] = await demo.ctx.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'learning.live.schedule' AND entity_id = $1",
        [res.json().id],
      );
      expect(a!.n).toBe(1);
      const list = await as('jigou', 'GET', '/api/learning/live-classes');
      expect(list.json().map((l: { id: string }) => l.id)).toContain(res.json().id);
    });

    it('another institution’s project, or none, is not found', async () => {
      for (const projectCode of [otherInstitutionsProject, 'P-NO-SUCH']) {
        const res = await as('jigou', 'POST', '/api/learning/live-classes', input({ projectCode }));
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('培训项目') });
      }
    });

    it('refuses a worker, a city officer or an enterprise scheduling', async () => {
      const res = await as('qiye', 'POST', '/api/learning/live-classes', input());
      expect(res.statusCode).toBe(403);
      await expect(scheduleLiveClass(demo.ctx.db, worker(), input())).rejects.toMatchObject({
        code: 'NOT_LIVE_HOST',
        zh: expect.stringContaining('培训机构'),
        en: expect.stringContaining('institution'),
      });
    });

    it('refuses an end before the start, an unknown occupation, and a link that is not a web address', async () => {
      const bad = await as(
        'jigou',
        'POST',
        '/api/learning/live-classes',
        input({ endsAt: iso(Date.now() - 20 * MIN) }),
      );
      expect(bad.json()).toMatchObject({ code: 'BAD_LIVE_WINDOW', message: expect.stringContaining('结束时间') });
      const occ = await as('jigou', 'POST', '/api/learning/live-classes', input({ occupationCode: '9-99-99-99' }));
      expect(occ.json()).toMatchObject({ code: 'UNKNOWN_OCCUPATION' });
      const url = await as('jigou', 'POST', '/api/learning/live-classes', input({ streamUrl: 'javascript:alert(1)' }));
      expect(url.statusCode).toBe(400);
    });

    it('a live class falls within its project’s period, both end days included (China dates)', async () => {
      const post = (startsAt: number, endsAt: number) =>
        as('jigou', 'POST', '/api/learning/live-classes', input({ startsAt: iso(startsAt), endsAt: iso(endsAt) }));
      const first = chinaMidnight(START);
      const after = chinaMidnight(END) + DAY; // 00:00 of the day after the last
      // The first day is past now: scheduled the day before it, as an institution would have.
      const onFirstDay = { ...input(), startsAt: iso(first), endsAt: iso(first + 60 * MIN) };
      await scheduleLiveClass(demo.ctx.db, staff, onFirstDay, { now: () => new Date(first - DAY) });
      expect((await post(first, first + 60 * MIN)).json()).toMatchObject({ code: 'LIVE_OVER' });
      expect((await post(after - 60 * MIN, after)).statusCode).toBe(201); // ends at midnight: the last day
      for (const [from, to] of [
        [first - 60 * MIN, first + 60 * MIN], // starts the day before
        [after - 60 * MIN, after + MIN], // ends the day after
        [Date.parse('2025-10-10T02:00:00Z'), Date.parse('2025-10-10T03:00:00Z')], // long ago
      ]) {
        const res = await post(from!, to!);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'LIVE_OUTSIDE_PROJECT', message: expect.stringContaining('培训期') });
        expect(res.json().message).toContain(START);
        expect(JSON.stringify(res.json())).toContain('training period');
      }
    });

    it('refuses a project that is not running, and an occupation other than the project’s', async () => {
      const db = demo.ctx.db;
      try {
        for (const status of ['dispatched', 'declined', 'closed']) {
          await db.query('UPDATE training.projects SET status = $2 WHERE project_code = $1', [project, status]);
          const res = await as('jigou', 'POST', '/api/learning/live-classes', input());
          expect(res.statusCode).toBe(400);
          expect(res.json()).toMatchObject({
            code: 'PROJECT_NOT_RUNNING',
            message: expect.stringContaining('未在实施中'),
          });
        }
        for (const status of ['open', 'accepted']) {
          await db.query('UPDATE training.projects SET status = $2 WHERE project_code = $1', [project, status]);
          expect((await as('jigou', 'POST', '/api/learning/live-classes', input())).statusCode).toBe(201);
        }
      } finally {
        await db.query(`UPDATE training.projects SET status = 'running' WHERE project_code = $1`, [project]);
      }
      const [{ code: other }] = await db.query<{ code: string }>(
        'SELECT code FROM occupations WHERE code <> $1 ORDER BY code LIMIT 1',
        [occupation],
      );
      const res = await as('jigou', 'POST', '/api/learning/live-classes', input({ occupationCode: other }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'LIVE_OCCUPATION_MISMATCH', message: expect.stringContaining('职业') });
    });

    it('a live class teaches its project’s level: another is refused, none takes the project’s', async () => {
      const db = demo.ctx.db;
      const [{ level: was }] = await db.query<{ level: string | null }>(
        'SELECT level FROM training.projects WHERE project_code = $1',
        [project],
      );
      const setLevel = (level: string | null) =>
        db.query('UPDATE training.projects SET level = $2 WHERE project_code = $1', [project, level]);
      try {
        await setLevel('L4');
        const other = await as('jigou', 'POST', '/api/learning/live-classes', input({ level: 'L1' }));
        expect(other.statusCode).toBe(400);
        expect(other.json()).toMatchObject({
          code: 'LIVE_LEVEL_MISMATCH',
          message: expect.stringContaining('等级须与培训项目'),
          message_en: expect.stringContaining('level'),
          details: { field: 'level' },
        });
        const same = await as('jigou', 'POST', '/api/learning/live-classes', input({ level: 'L4' }));
        expect(same.statusCode).toBe(201);
        expect(same.json()).toMatchObject({ level: 'L4', levelName: expect.any(String) });
        const none = await as('jigou', 'POST', '/api/learning/live-classes', input());
        expect(none.statusCode).toBe(201);
        expect(none.json()).toMatchObject({ level: 'L4', levelName: same.json().levelName });
        // A project trained at no level (专项能力): its classes name none.
        await setLevel(null);
        const levelled = await as('jigou', 'POST', '/api/learning/live-classes', input({ level: 'L4' }));
        expect(levelled.statusCode).toBe(400);
        expect(levelled.json()).toMatchObject({
          code: 'LIVE_LEVEL_MISMATCH',
          message: expect.stringContaining('不分等级'),
        });
        const plain = await as('jigou', 'POST', '/api/learning/live-classes', input({ level: null }));
        expect(plain.statusCode).toBe(201);
        expect(plain.json()).toMatchObject({ level: null, levelName: null });
      } finally {
        await setLevel(was);
      }
    });

    it('refuses a blank title and one with control or text-direction characters (never stored as given)', async () => {
      for (const title of ['   ', '直播\u202Egnp.exe', '\u001b[31m红字直播', '第一行\n第二行', 'x'.repeat(10_000)]) {
        const res = await as('jigou', 'POST', '/api/learning/live-classes', input({ title }));
        expect(res.statusCode, JSON.stringify(title)).toBe(400);
        expect(res.json()).toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.any(String),
          message_en: expect.any(String),
        });
      }
      const trimmed = await as('jigou', 'POST', '/api/learning/live-classes', input({ title: '  焊接答疑  ' }));
      expect(trimmed.json()).toMatchObject({ title: '焊接答疑' });
    });

    it('refuses a window outside 1900–2100 (year 1 was stored as 2001, year 9999 as given)', async () => {
      for (const [startsAt, endsAt] of [
        ['0001-01-01T00:00:00Z', '0001-01-01T10:00:00Z'],
        ['9999-12-31T00:00:00Z', '9999-12-31T10:00:00Z'],
      ]) {
        const res = await as('jigou', 'POST', '/api/learning/live-classes', input({ startsAt, endsAt }));
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.any(String) });
        expect(JSON.stringify(res.json().details)).toContain('1900');
      }
    });
  });

  describe('joining', () => {
    it('an enrolled learner sees the class and joins it; the token reports live events only', async () => {
      const cls = (await as('jigou', 'POST', '/api/learning/live-classes', input())).json();
      const mine = await as('xielei', 'GET', '/api/me/live-classes');
      expect(mine.json().map((m: { liveClass: { id: string } }) => m.liveClass.id)).toContain(cls.id);
      const join = await as('xielei', 'POST', `/api/learning/live-classes/${cls.id}/join`);
      expect(join.statusCode).toBe(201);
      expect(join.json()).toMatchObject({ streamUrl: cls.streamUrl, heartbeatSeconds: 30 });
      const beat = await as('', 'POST', '/api/learning/live-events', {
        token: join.json().token,
        seq: 1,
        event: 'beat',
        visible: true,
        focused: true,
        clientAt: Date.now(),
      });
      expect(beat.json()).toEqual({ ok: true, check: null });
      const crossed = await as('', 'POST', '/api/learning/heartbeats', {
        token: join.json().token,
        seq: 2,
        positionSeconds: 10,
        rate: 1,
        visible: true,
        focused: true,
        playing: true,
        clientAt: Date.now(),
      });
      expect(crossed.json()).toMatchObject({ code: 'BAD_LEARNING_SESSION' });
      const tampered = await as('', 'POST', '/api/learning/live-events', {
        token: `${join.json().token}x`,
        seq: 3,
        event: 'leave',
        visible: true,
        focused: true,
        clientAt: Date.now(),
      });
      expect(tampered.statusCode).toBe(401);
    });

    it('a player clock past the calendar (clientAt beyond year 2100) is a bilingual 400, never a 500', async () => {
      const cls = (await as('jigou', 'POST', '/api/learning/live-classes', input())).json();
      const join = (await as('xielei', 'POST', `/api/learning/live-classes/${cls.id}/join`)).json();
      // 9e15 ms is an integer zod accepts as "safe" but no Date can hold (max 8.64e15): it was a 500.
      for (const clientAt of [9_000_000_000_000_000, 8_640_000_000_000_001, Date.UTC(2101, 0, 1)]) {
        const res = await as('', 'POST', '/api/learning/live-events', {
          token: join.token,
          seq: 10,
          event: 'beat',
          visible: true,
          focused: true,
          clientAt,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.any(String),
          message_en: expect.any(String),
        });
      }
    });

    it('refuses a learner not enrolled in the project', async () => {
      const cls = (await as('jigou', 'POST', '/api/learning/live-classes', input())).json();
      const stranger = { ...worker(), personKey: 'not-enrolled-person' };
      await expect(joinLiveClass(demo.ctx.db, stranger, cls.id, secret())).rejects.toMatchObject({
        code: 'NOT_ENROLLED',
        zh: expect.stringContaining('报名'),
        en: expect.stringContaining('enrol'),
      });
      await expect(myLiveClass(demo.ctx.db, stranger, cls.id)).rejects.toMatchObject({ code: 'NOT_ENROLLED' });
      const none = await as('xielei', 'POST', '/api/learning/live-classes/00000000-0000-4000-8000-000000000000/join');
      expect(none.statusCode).toBe(404);
    });

    it('refuses joining a class whose project has closed since it was scheduled (its hours are settled)', async () => {
      const cls = (await as('jigou', 'POST', '/api/learning/live-classes', input())).json();
      const db = demo.ctx.db;
      try {
        await db.query(`UPDATE training.projects SET status = 'closed' WHERE project_code = $1`, [project]);
        const res = await as('xielei', 'POST', `/api/learning/live-classes/${cls.id}/join`);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({
          code: 'PROJECT_NOT_RUNNING',
          message: expect.stringContaining('已结项'),
          message_en: expect.stringContaining('closed'),
        });
      } finally {
        await db.query(`UPDATE training.projects SET status = 'running' WHERE project_code = $1`, [project]);
      }
      expect((await as('xielei', 'POST', `/api/learning/live-classes/${cls.id}/join`)).statusCode).toBe(201);
    });

    it('refuses joining before the entry time or after the end', async () => {
      const later = (
        await as(
          'jigou',
          'POST',
          '/api/learning/live-classes',
          input({ startsAt: iso(Date.now() + 60 * MIN), endsAt: iso(Date.now() + 120 * MIN) }),
        )
      ).json();
      const early = await as('xielei', 'POST', `/api/learning/live-classes/${later.id}/join`);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ code: 'LIVE_NOT_OPEN', message_en: expect.stringContaining('15 minutes') });
      // A class that is over cannot be scheduled now; one scheduled before it began can be over.
      const window = { startsAt: iso(Date.now() - 120 * MIN), endsAt: iso(Date.now() - 60 * MIN) };
      const late = await as('jigou', 'POST', '/api/learning/live-classes', input(window));
      expect(late.statusCode).toBe(400);
      expect(late.json()).toMatchObject({ code: 'LIVE_OVER', message: expect.stringContaining('已经过去') });
      expect(late.json().message_en).toContain('over already');
      const past = await scheduleLiveClass(
        demo.ctx.db,
        staff,
        { ...input(), ...window },
        {
          now: () => new Date(Date.now() - 3 * 60 * MIN),
        },
      );
      const over = await as('xielei', 'POST', `/api/learning/live-classes/${past.id}/join`);
      expect(over.json()).toMatchObject({ code: 'LIVE_ENDED', message: '直播课已结束' });
    });
  });

  describe('valid live time', () => {
    let classId: string;
    let token: string;
    let seq = 1;
    const event = (e: 'beat' | 'leave' | 'join', visible = true) =>
      recordLiveEvent(
        demo.ctx.db,
        secret(),
        { token, seq: seq++, event: e, visible, focused: visible, clientAt: t },
        clock,
      );
    const start = t;

    beforeAll(async () => {
      const cls = await scheduleLiveClass(
        demo.ctx.db,
        staff,
        { ...input(), startsAt: iso(start), endsAt: iso(start + 30 * MIN) },
        clock,
      );
      classId = cls.id;
      t = start - 2 * MIN; // enters two minutes early: that time does not count
      token = (await joinLiveClass(demo.ctx.db, worker(), classId, secret(), clock)).token;
    });

    it('counts time inside the window while visible; not before the start, hidden, or after leaving', async () => {
      for (let i = 0; i < 4; i++) {
        t += 30_000;
        await event('beat'); // 14:58:30 … 15:00:00: before the start
      }
      for (let i = 0; i < 10; i++) {
        t += 30_000;
        await event('beat', i < 6 || i === 9); // beats 7–9 report hidden: 90 s that do not count
      }
      t += 30_000;
      await event('leave');
      t += 60_000;
      await event('join');
      t += 30_000;
      await event('beat');
      const mine = await myLiveClass(demo.ctx.db, worker(), classId, clock);
      // 14:58–15:00 outside; 15:00–15:05:30 in class, 90 s of it hidden; left 60 s; back 30 s.
      expect(mine.validSeconds).toBe(330 - 90 + 30);
      expect(mine.lostSeconds).toMatchObject({ outside_window: 120, hidden: 90, left: 60 });
    });

    it('a skipped re-check voids the live time since the last passed one; the class institution’s face terminal passes one', async () => {
      const res = await as('province', 'POST', '/api/learning/policy', {});
      expect(res.statusCode).toBe(404); // the policy is PUT only
      await demo.ctx.db.query('UPDATE learning_sessions SET next_check_at = $2 WHERE live_class_id = $1', [
        classId,
        clock.now(),
      ]);
      t += 30_000;
      const answer = await event('beat');
      expect(answer.check).toMatchObject({ status: 'pending' });
      const device = {
        deviceId: 'face-1',
        kind: 'face_terminal',
        institutionCode: JIGOU,
        siteLat: null,
        siteLon: null,
      };
      await expect(
        recordFaceResult(
          demo.ctx.db,
          { ...device, institutionCode: '91320100MA1NOTOURS' },
          answer.check!.id,
          true,
          clock,
        ),
      ).rejects.toMatchObject({ code: 'DEVICE_NOT_OWNER' });
      expect((await recordFaceResult(demo.ctx.db, device, answer.check!.id, true, clock)).status).toBe('passed');
      for (let i = 0; i < 4; i++) {
        t += 30_000;
        await event('beat');
      }
      const before = await myLiveClass(demo.ctx.db, worker(), classId, clock);
      await demo.ctx.db.query('UPDATE learning_sessions SET next_check_at = $2 WHERE live_class_id = $1', [
        classId,
        clock.now(),
      ]);
      t += 30_000;
      const second = await event('beat');
      await skipCheck(demo.ctx.db, worker(), second.check!.id, clock);
      const after = await myLiveClass(demo.ctx.db, worker(), classId, clock);
      expect(after.validSeconds).toBe(before.validSeconds - 120);
      expect(after.lostSeconds.check_failed).toBe(150);
    });

    it('the institution sees each enrolled learner’s live attendance, ID masked; another institution or a worker does not', async () => {
      const res = await as('jigou', 'GET', `/api/learning/live-classes/${classId}/attendance`);
      expect(res.statusCode).toBe(200);
      const me = res.json().learners.find((l: { personName: string }) => l.personName === '谢磊');
      expect(me).toMatchObject({ joined: true, checksFailed: 1 });
      expect(me.validSeconds).toBeGreaterThan(0);
      expect(me.idMasked).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
      expect(JSON.stringify(res.json())).not.toContain('320311199409187319');
      const other = await liveAttendance(
        demo.ctx.db,
        { ...staff, institutionCode: '91320100MA1NOTOURS' },
        classId,
        clock,
      ).catch((e) => e);
      expect(other).toMatchObject({ code: 'NOT_FOUND', zh: expect.stringContaining('直播课') });
      expect((await as('xielei', 'GET', `/api/learning/live-classes/${classId}/attendance`)).statusCode).toBe(403);
    });

    it('counts as the project’s online time for blended attendance', async () => {
      const mine = await myLiveClass(demo.ctx.db, worker(), classId, clock);
      const online = await projectOnlineValidMs(
        demo.ctx.db,
        [{ personKey: workerKey, projectCode: project }],
        clock.now(),
      );
      expect(online.get(`${workerKey}|${project}`)).toBeGreaterThanOrEqual(mine.validSeconds * 1000);
      expect(DEFAULT_LEARNING_PARAMS.heartbeatSeconds).toBe(30);
    });
  });
});
