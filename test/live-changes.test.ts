import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { liveReminderDue, makeLiveReminders, projectOnlineValidMs } from '../src/modules/learning/index.ts';
import {
  cancelLiveClass,
  joinLiveClass,
  myLiveClass,
  rescheduleLiveClass,
  scheduleLiveClass,
} from '../src/modules/learning/live-classes.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { loadDemoInstitutionLearning } from '../src/composition/demo-learning.ts';

/**
 * 直播课改期、取消与提醒 (docs/online-learning.md § Rescheduling and cancelling, § Reminders), on the
 * demo institution's running blended class (docs/online-learning.md § Demo).
 */
const JIGOU = '12320100914177769G';
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('直播课改期、取消与提醒', () => {
  let demo: DemoApp;
  let project: string; // the demo's running blended class of jigou
  let workerKey: string;
  const db = () => demo.ctx.db;
  const iso = (ms: number) => new Date(ms).toISOString();
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
    username: 'xielei',
    role: 'worker',
    institutionCode: null,
    personKey: workerKey,
  });
  /** A class of the demo project starting `inMs` from now, an hour long. */
  const schedule = async (inMs: number, title = '直播答疑') =>
    scheduleLiveClass(db(), staff, {
      title,
      projectCode: project,
      occupationCode: '6-18-02-04',
      startsAt: iso(Date.now() + inMs),
      endsAt: iso(Date.now() + inMs + HOUR),
      streamUrl: 'https://live.example.cn/room/9',
    });
  const notices = async (eventKey: string) =>
    db().query<{ recipient: string; kind: string; params: Record<string, string> }>(
      'SELECT recipient, kind, params FROM notices WHERE event_key = $1 ORDER BY recipient',
      [eventKey],
    );
  const smsOf = async (eventKey: string) =>
    (
      await db().query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sms_deliveries d JOIN notices n ON n.id = d.notice_id WHERE n.event_key = $1',
        [eventKey],
      )
    )[0]!.n;

  beforeAll(async () => {
    demo = await demoApp(['province', 'jigou', 'xielei', 'nanjing']);
    workerKey = demo.ctx.vault.blindIndex('320311199409187319');
    // What `serve --demo` adds at province scale; the tests' example-scale demo leaves it out.
    project = await loadDemoInstitutionLearning(demo.ctx);
  }, 300_000); // the demo load, on a busy machine
  afterAll(() => demo?.close());

  describe('the demo', () => {
    it('the demo institution runs a blended class with a three-module course, a past and a coming live class, and progress', async () => {
      const courses = (await demo.call('jigou', 'GET', '/api/learning/courses')).json();
      const course = courses.find((c: { projectCode: string | null }) => c.projectCode === project);
      expect(course.modules.map((m: { kind: string }) => m.kind)).toEqual(['video', 'video', 'quiz']);
      const live = (await demo.call('jigou', 'GET', '/api/learning/live-classes')).json() as {
        startsAt: string;
        status: string;
      }[];
      const now = Date.now();
      expect(live.filter((l) => Date.parse(l.startsAt) > now)).toHaveLength(1);
      expect(live.filter((l) => Date.parse(l.startsAt) < now)).toHaveLength(1);
      const progress = (await demo.call('jigou', 'GET', `/api/learning/courses/${course.id}/progress`)).json();
      expect(progress.learners.length).toBe(4); // 吕英秀 has not started
      const mine = (await demo.call('xielei', 'GET', '/api/me/live-classes')).json() as {
        liveClass: { startsAt: string };
        validSeconds: number;
      }[];
      const held = mine.find((m) => Date.parse(m.liveClass.startsAt) < now)!;
      expect(held.validSeconds).toBe(3600); // the whole hour: joined early, counted from the start
    });
  });

  describe('rescheduling', () => {
    it('the institution moves a class that has not started; the old time is kept, audited, and its learners are told', async () => {
      const live = await schedule(48 * HOUR, '改期演示');
      const res = await demo.call('jigou', 'POST', `/api/learning/live-classes/${live.id}/reschedule`, {
        startsAt: iso(Date.now() + 72 * HOUR),
        endsAt: iso(Date.now() + 73 * HOUR),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'scheduled',
        rescheduledFrom: { startsAt: live.startsAt.toISOString() },
      });
      const [audit] = await db().query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'learning.live.reschedule' AND entity_id = $1",
        [live.id],
      );
      expect(audit!.n).toBe(1);
      const told = await notices(`live_rescheduled:${live.id}:${Date.parse(res.json().startsAt)}`);
      expect(told).toHaveLength(5); // the project's five learners
      expect(told.every((n) => n.kind === 'live_class_rescheduled')).toBe(true);
      expect(told[0]!.params).toMatchObject({ title: '改期演示', project: '焊工（四级）线上线下结合班' });
      expect(await smsOf(`live_rescheduled:${live.id}:${Date.parse(res.json().startsAt)}`)).toBe(5);
      const mine = await myLiveClass(db(), worker(), live.id);
      expect(mine.liveClass.rescheduledFrom?.startsAt.toISOString()).toBe(live.startsAt.toISOString());
    });

    it('refuses a start in the past, a window under 15 minutes, and a class that has started — each in both languages', async () => {
      const live = await schedule(24 * HOUR);
      const past = await demo.call('jigou', 'POST', `/api/learning/live-classes/${live.id}/reschedule`, {
        startsAt: iso(Date.now() - HOUR),
        endsAt: iso(Date.now()),
      });
      expect(past.statusCode).toBe(400);
      expect(past.json()).toMatchObject({ code: 'LIVE_IN_PAST', message: expect.stringContaining('晚于现在') });
      await expect(
        rescheduleLiveClass(db(), staff, live.id, {
          startsAt: iso(Date.now() + HOUR),
          endsAt: iso(Date.now() + HOUR + 14 * MIN),
        }),
      ).rejects.toMatchObject({
        code: 'BAD_LIVE_WINDOW',
        zh: expect.stringContaining('15分钟'),
        en: expect.stringContaining('15 minutes'),
      });
      const started = await schedule(-10 * MIN);
      await expect(
        rescheduleLiveClass(db(), staff, started.id, {
          startsAt: iso(Date.now() + HOUR),
          endsAt: iso(Date.now() + 2 * HOUR),
        }),
      ).rejects.toMatchObject({
        code: 'LIVE_STARTED',
        zh: expect.stringContaining('已开始'),
        en: expect.stringContaining('started'),
      });
      await expect(cancelLiveClass(db(), staff, started.id, { reason: '讲师临时有事' })).rejects.toMatchObject({
        code: 'LIVE_STARTED',
      });
    });

    it('another institution’s class is not found; the province cancels but does not move; a worker may neither', async () => {
      const live = await schedule(30 * HOUR);
      const body = { startsAt: iso(Date.now() + 40 * HOUR), endsAt: iso(Date.now() + 41 * HOUR) };
      const other = { ...staff, institutionCode: '12320100706690744C' };
      await expect(rescheduleLiveClass(db(), other, live.id, body)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        zh: expect.stringContaining('直播课'),
      });
      await expect(cancelLiveClass(db(), other, live.id, { reason: '无关机构' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const province = await demo.call('province', 'POST', `/api/learning/live-classes/${live.id}/reschedule`, body);
      expect(province.statusCode).toBe(403);
      expect(province.json()).toMatchObject({ code: 'NOT_LIVE_HOST', message: expect.stringContaining('开课机构') });
      expect(
        (await demo.call('xielei', 'POST', `/api/learning/live-classes/${live.id}/cancel`, { reason: '不想上' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await demo.call('nanjing', 'POST', `/api/learning/live-classes/${live.id}/cancel`, { reason: '市里取消' }))
          .statusCode,
      ).toBe(403);
      const cancelled = await demo.call('province', 'POST', `/api/learning/live-classes/${live.id}/cancel`, {
        reason: '直播平台维护',
      });
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '直播平台维护' });
    });
  });

  describe('cancelling', () => {
    it('the institution cancels with a reason: audited, learners told, the class kept as 已取消 and closed to joining', async () => {
      const live = await schedule(5 * MIN, '取消演示'); // inside the early-entry time: xielei is already in
      await joinLiveClass(db(), worker(), live.id, demo.ctx.config.sessionSecret);
      const blank = await demo.call('jigou', 'POST', `/api/learning/live-classes/${live.id}/cancel`, { reason: '  ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.json()).toMatchObject({
        code: 'CANCEL_REASON_REQUIRED',
        message: expect.stringContaining('取消原因'),
      });
      const res = await demo.call('jigou', 'POST', `/api/learning/live-classes/${live.id}/cancel`, {
        reason: '讲师临时生病',
      });
      expect(res.statusCode).toBe(200);
      const [audit] = await db().query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'learning.live.cancel' AND entity_id = $1",
        [live.id],
      );
      expect(audit!.n).toBe(1);
      const told = await notices(`live_cancelled:${live.id}`);
      expect(told).toHaveLength(5); // joined or not, each learner once
      expect(told[0]!.params).toMatchObject({ title: '取消演示', reason: '讲师临时生病' });
      const mine = await myLiveClass(db(), worker(), live.id);
      expect(mine.liveClass).toMatchObject({ status: 'cancelled', cancelReason: '讲师临时生病' });
      await expect(joinLiveClass(db(), worker(), live.id, demo.ctx.config.sessionSecret)).rejects.toMatchObject({
        code: 'LIVE_CANCELLED',
        zh: expect.stringContaining('已取消'),
      });
      await expect(cancelLiveClass(db(), staff, live.id, { reason: '再取消一次' })).rejects.toMatchObject({
        code: 'LIVE_CANCELLED',
      });
    });
  });

  describe('a cancelled class counts nothing', () => {
    it('a learner who entered early: events refused after the cancel, and beats through the old window count no time', async () => {
      const live = await schedule(5 * MIN, '取消后不计时'); // xielei may already enter
      const joined = await joinLiveClass(db(), worker(), live.id, demo.ctx.config.sessionSecret);
      const cancel = await demo.call('jigou', 'POST', `/api/learning/live-classes/${live.id}/cancel`, {
        reason: '讲师航班延误',
      });
      expect(cancel.statusCode).toBe(200);
      const event = await demo.call('', 'POST', '/api/learning/live-events', {
        token: joined.token,
        seq: 1,
        event: 'beat',
        visible: true,
        focused: true,
        clientAt: Date.now(),
      });
      expect(event.statusCode).toBe(409);
      expect(event.json()).toMatchObject({
        code: 'LIVE_CANCELLED',
        message: expect.stringContaining('已取消'),
        message_en: expect.stringContaining('cancelled'),
      });
      // A page left open through the old hour (beats every 30 s, as stored before the refusal existed).
      await db().query(
        `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing, event)
         SELECT s.id, g, s.person_key, s.started_at + g * interval '30 seconds', s.started_at + g * interval '30 seconds',
                0, 1, true, true, true, 'beat'
           FROM learning_sessions s, generate_series(2, 140) g WHERE s.id = $1`,
        [joined.sessionId],
      );
      const later = { now: () => new Date(live.endsAt.getTime() + HOUR) };
      const mine = await myLiveClass(db(), worker(), live.id, later);
      expect(mine.validSeconds).toBe(0);
      expect(Object.values(mine.lostSeconds).reduce((a, b) => a + b, 0)).toBeGreaterThan(3600);
      const online = await projectOnlineValidMs(db(), [{ personKey: workerKey, projectCode: project }], later.now());
      // The project's online hours (settlement's blended time) are the same without this class's beats.
      await db().query('DELETE FROM learning_heartbeats WHERE session_id = $1 AND seq >= 2', [joined.sessionId]);
      expect(await projectOnlineValidMs(db(), [{ personKey: workerKey, projectCode: project }], later.now())).toEqual(
        online,
      );
    });
  });

  describe('reminders', () => {
    it('tells each learner once when due, none for a cancelled class, and again for a rescheduled class’s new time', async () => {
      const live = await schedule(6 * 24 * HOUR, '提醒演示');
      const gone = await schedule(6 * 24 * HOUR + 2 * HOUR, '取消的课');
      await cancelLiveClass(db(), staff, gone.id, { reason: '合并到下次' });
      const key = `live_reminder:${live.id}:${live.startsAt.getTime()}`;
      const due = liveReminderDue(live.startsAt, 30).getTime();
      await makeLiveReminders(db(), { clock: { now: () => new Date(due - MIN) } });
      expect(await notices(key)).toHaveLength(0);
      await makeLiveReminders(db(), { clock: { now: () => new Date(due + MIN) } });
      await makeLiveReminders(db(), { clock: { now: () => new Date(due + 2 * MIN) } }); // a rerun
      const told = await notices(key);
      expect(told).toHaveLength(5);
      expect(told[0]!.kind).toBe('live_class_reminder');
      expect(await smsOf(key)).toBe(5);
      await makeLiveReminders(db(), { clock: { now: () => new Date(gone.startsAt.getTime() - 10 * MIN) } });
      const [none] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM notices WHERE event_key LIKE $1', [
        `live_reminder:${gone.id}:%`,
      ]);
      expect(none!.n).toBe(0);
      // Moved a day later: a reminder for the new time.
      const moved = await rescheduleLiveClass(db(), staff, live.id, {
        startsAt: iso(live.startsAt.getTime() + 24 * HOUR),
        endsAt: iso(live.endsAt.getTime() + 24 * HOUR),
      });
      await makeLiveReminders(db(), { clock: { now: () => liveReminderDue(moved.startsAt, 30) } });
      expect(await notices(`live_reminder:${live.id}:${moved.startsAt.getTime()}`)).toHaveLength(5);
    });

    it('follows the learning policy’s lead time (liveReminderMinutes)', async () => {
      // A class at 14:00 China time, eight days on: with a two-hour lead it is due at 12:00, not 13:30.
      const day = new Date(Date.now() + 9 * 24 * HOUR).toISOString().slice(0, 10);
      const startsAt = new Date(`${day}T14:00:00+08:00`);
      const live = await scheduleLiveClass(db(), staff, {
        title: '午后直播',
        projectCode: project,
        occupationCode: '6-18-02-04',
        startsAt: iso(startsAt.getTime()),
        endsAt: iso(startsAt.getTime() + HOUR),
        streamUrl: 'https://live.example.cn/room/11',
      });
      const setPolicy = (payload: object) =>
        demo.app.inject({
          method: 'PUT',
          url: '/api/learning/policy',
          payload,
          headers: { authorization: `Bearer ${demo.token('province')}` },
        });
      const policy = (await demo.call('province', 'GET', '/api/learning/policy')).json();
      const put = await setPolicy({ ...policy, liveReminderMinutes: 120 });
      expect(put.statusCode, put.body).toBe(200);
      const key = `live_reminder:${live.id}:${startsAt.getTime()}`;
      await makeLiveReminders(db(), { clock: { now: () => new Date(startsAt.getTime() - 119 * MIN) } });
      expect(await notices(key)).toHaveLength(5);
      await setPolicy(policy);
    });

    it('a reminder raised in quiet hours for a class before 08:00 stays in the inbox without an SMS', async () => {
      // A class at 07:30 China time, scheduled too late for its 20:30 reminder: raised at 23:00.
      const day = new Date(Date.now() + 8 * 24 * HOUR + 8 * HOUR).toISOString().slice(0, 10);
      const startsAt = new Date(`${day}T07:30:00+08:00`);
      const live = await scheduleLiveClass(db(), staff, {
        title: '早班直播',
        projectCode: project,
        occupationCode: '6-18-02-04',
        startsAt: iso(startsAt.getTime()),
        endsAt: iso(startsAt.getTime() + HOUR),
        streamUrl: 'https://live.example.cn/room/10',
      });
      await makeLiveReminders(db(), { clock: { now: () => new Date(startsAt.getTime() - 8.5 * HOUR) } });
      const key = `live_reminder:${live.id}:${startsAt.getTime()}`;
      expect(await notices(key)).toHaveLength(5);
      expect(await smsOf(key)).toBe(0);
    });
  });
});
