import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileOutbox } from '../src/kernel/sms.ts';
import {
  computeValidTime,
  DEFAULT_LEARNING_PARAMS,
  personValidTime,
  recordHeartbeat,
  rulesOf,
  startSession,
  storedLearning,
} from '../src/modules/learning/index.ts';
import { submitQuiz } from '../src/modules/learning/progress.ts';
import { answerCheck, recordFaceResult, sendCheckCode, skipCheck } from '../src/modules/learning/rechecks.ts';
import { buildApp } from '../src/composition/app.ts';
import { DEMO_PASSWORD } from '../src/composition/demo.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 在线学习 (docs/online-learning.md): the course library with its owners' policy, media streamed by
 * HTTP Range, learner sessions whose heartbeats are stored as sent and counted by the pure
 * valid-time rules, identity re-checks that void time when failed, and quizzes that gate completion.
 */

/** The first bytes of a WebM file (EBML magic), enough for the store and the Range answers. */
const WEBM = Buffer.concat([
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3]),
  Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'),
]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function multipartFile(content: Buffer, type: string) {
  const boundary = '----jinenglearning';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.bin"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('在线学习', () => {
  let demo: DemoApp;
  let occupation: string;
  let workerKey: string;
  let phone: string;
  let courseId: string;
  let videoId: string;
  const T0 = Date.UTC(2026, 10, 30, 1, 0, 0); // 09:00 China time
  let t = T0;
  const clock = { now: () => new Date(t) };
  const secret = () => demo.ctx.config.sessionSecret;
  const as = (
    user: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    demo.app.inject({
      method,
      url,
      payload,
      headers: { ...headers, ...(user ? { authorization: `Bearer ${demo.tokens[user]}` } : {}) },
    });
  const upload = (user: string, moduleId: string, content: Buffer, type: string) => {
    const m = multipartFile(content, type);
    return demo.app.inject({
      method: 'POST',
      url: `/api/learning/modules/${moduleId}/media`,
      payload: m.payload,
      headers: { ...m.headers, authorization: `Bearer ${demo.tokens[user]}` },
    });
  };
  const worker = () => ({
    userId: 'x',
    username: 'xielei',
    displayName: '谢磊',
    role: 'worker' as const,
    cityCode: null,
    institutionCode: null,
    enterpriseCode: null,
    personKey: workerKey,
    sectors: [],
    keyTasks: [],
  });

  beforeAll(async () => {
    demo = await demoApp(['province', 'jigou', 'pingjia', 'qiye', 'xielei', 'nanjing']);
    const db = demo.ctx.db;
    [{ code: occupation }] = await db.query<{ code: string }>('SELECT code FROM occupations ORDER BY code LIMIT 1');
    workerKey = demo.ctx.vault.blindIndex('320311199409187319');
    phone = '13912345678';
    await db.query('UPDATE persons SET phone = $2 WHERE person_key = $1', [workerKey, phone]);
  });
  afterAll(() => demo?.close());

  describe('course library', () => {
    it('an institution publishes a free course with a video module and its quiz', async () => {
      const res = await as('jigou', 'POST', '/api/learning/courses', {
        title: '电工安全基础',
        access: 'public',
        occupationCode: occupation,
      });
      expect(res.statusCode).toBe(201);
      courseId = res.json().id;
      expect(res.json()).toMatchObject({ ownerKind: 'institution', ownerCode: '12320100914177769G' });
      const mod = await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, {
        kind: 'video',
        title: '触电急救',
        occupationCode: occupation,
        competencyUnits: ['安全用电', '急救'],
        durationSeconds: 100,
        questions: [
          { prompt: '发现有人触电，第一步？', choices: ['拉人', '断电'], answer: 1 },
          { prompt: '安全电压不高于？', choices: ['36V', '220V'], answer: 0 },
        ],
      });
      expect(mod.statusCode).toBe(201);
      videoId = mod.json().modules[0].id;
      expect(mod.json().modules[0]).toMatchObject({
        kind: 'video',
        questionCount: 2,
        competencyUnits: ['安全用电', '急救'],
      });
    });

    it('the province publishes 江苏工匠课堂 courses and an enterprise its own', async () => {
      const p = await as('province', 'POST', '/api/learning/courses', {
        title: '工匠精神',
        access: 'public',
        occupationCode: occupation,
      });
      expect(p.json()).toMatchObject({ ownerKind: 'province', ownerCode: null, ownerName: '江苏工匠课堂' });
      const e = await as('qiye', 'POST', '/api/learning/courses', {
        title: '仓储安全',
        access: 'public',
        occupationCode: occupation,
      });
      expect(e.json()).toMatchObject({ ownerKind: 'enterprise', ownerCode: '913201001736662571' });
      const mine = await as('jigou', 'GET', '/api/learning/courses');
      expect(mine.json().map((c: { id: string }) => c.id)).toEqual([courseId]);
    });

    it('refuses a worker or a city officer publishing a course', async () => {
      const w = await as('xielei', 'POST', '/api/learning/courses', {
        title: 'x',
        access: 'public',
        occupationCode: occupation,
      });
      expect(w.statusCode).toBe(403);
      const n = await as('nanjing', 'POST', '/api/learning/courses', {
        title: 'x',
        access: 'public',
        occupationCode: occupation,
      });
      expect(n.statusCode).toBe(403);
    });

    it('refuses an unknown occupation, a project course without its project, and a quiz answer outside its choices', async () => {
      const occ = await as('jigou', 'POST', '/api/learning/courses', {
        title: 'x',
        access: 'public',
        occupationCode: '9-99-99-99',
      });
      expect(occ.json().code).toBe('UNKNOWN_OCCUPATION');
      const proj = await as('jigou', 'POST', '/api/learning/courses', {
        title: 'x',
        access: 'project',
        occupationCode: occupation,
      });
      expect(proj.json().code).toBe('PROJECT_REQUIRED');
      const foreign = await as('jigou', 'POST', '/api/learning/courses', {
        title: 'x',
        access: 'project',
        projectCode: 'NO-SUCH-PROJECT',
        occupationCode: occupation,
      });
      expect(foreign.json().code).toBe('UNKNOWN_PROJECT');
      const bad = await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, {
        kind: 'quiz',
        title: 'x',
        occupationCode: occupation,
        durationSeconds: 60,
        questions: [{ prompt: 'q', choices: ['a', 'b'], answer: 2 }],
      });
      expect(bad.json()).toMatchObject({ code: 'BAD_ANSWER', message_en: expect.stringContaining('question 1') });
      const empty = await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, {
        kind: 'quiz',
        title: 'x',
        occupationCode: occupation,
        durationSeconds: 60,
      });
      expect(empty.json().code).toBe('QUIZ_WITHOUT_QUESTIONS');
    });

    it('another institution cannot add to or upload into a course it does not own (not found)', async () => {
      const add = await as('pingjia', 'POST', `/api/learning/courses/${courseId}/modules`, {
        kind: 'video',
        title: 'x',
        occupationCode: occupation,
        durationSeconds: 60,
      });
      expect(add.statusCode).toBe(404);
      const up = await upload('pingjia', videoId, WEBM, 'video/webm');
      expect(up.statusCode).toBe(404);
    });

    it('stores the owner’s video and refuses a file that is not what it claims', async () => {
      const bad = await upload('jigou', videoId, PNG, 'video/webm');
      expect(bad.json().code).toBe('BAD_MEDIA');
      const ok = await upload('jigou', videoId, WEBM, 'video/webm');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ bytes: WEBM.length, mediaType: 'video/webm' });
    });

    it('streams the media with HTTP Range requests', async () => {
      const url = `/api/learning/modules/${videoId}/media`;
      const whole = await as('xielei', 'GET', url);
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.rawPayload.equals(WEBM)).toBe(true);
      const part = await as('xielei', 'GET', url, undefined, { range: 'bytes=4-13' });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 4-13/${WEBM.length}`);
      expect(part.rawPayload.toString()).toBe('0123456789');
      const tail = await as('xielei', 'GET', url, undefined, { range: 'bytes=-3' });
      expect(tail.rawPayload.toString()).toBe('xyz');
      const beyond = await as('xielei', 'GET', url, undefined, { range: `bytes=${WEBM.length}-` });
      expect(beyond.statusCode).toBe(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${WEBM.length}`);
      expect((await as('nanjing', 'GET', url)).statusCode).toBe(403);
    });

    it('answers several ranges, or another unit, with the whole file (200), as RFC 9110 allows', async () => {
      const url = `/api/learning/modules/${videoId}/media`;
      for (const range of ['bytes=0-1,5-6', 'bytes=4-13, 20-', 'bytes=0-0,-1', 'items=0-1']) {
        const res = await as('xielei', 'GET', url, undefined, { range });
        expect(res.statusCode, range).toBe(200);
        expect(res.headers['content-range'], range).toBeUndefined();
        expect(Number(res.headers['content-length']), range).toBe(WEBM.length);
        expect(res.rawPayload.equals(WEBM), range).toBe(true);
      }
      const single = await as('xielei', 'GET', url, undefined, { range: 'BYTES=4-13' });
      expect(single.statusCode).toBe(206);
      expect(single.rawPayload.toString()).toBe('0123456789');
    });

    it('every response forbids framing by other sites and sniffing: a page, the API, errors and the media', async () => {
      // The web app's shell, served from a built dist (here a stand-in), and the API documentation page.
      const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-web-'));
      fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>技能</title>');
      const web = await buildApp(demo.ctx, { webDist: dist });
      try {
        const denied = [
          await web.inject({ method: 'GET', url: '/' }),
          await web.inject({ method: 'GET', url: '/learning/courses' }),
          await web.inject({ method: 'GET', url: '/docs/' }),
          await as('xielei', 'GET', '/api/learning/courses'),
          await as('', 'GET', '/api/learning/courses'),
          await as('', 'GET', '/api/no-such-thing'),
        ];
        for (const res of denied) {
          expect(res.statusCode).toBeLessThan(500);
          expect(res.headers['x-frame-options']).toBe('DENY');
          expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
          expect(res.headers['x-content-type-options']).toBe('nosniff');
          expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        }
      } finally {
        await web.close();
        fs.rmSync(dist, { recursive: true, force: true });
      }
      // A module's PDF is framed by the learning page itself: same origin only, never sniffed.
      const media = await as('xielei', 'GET', `/api/learning/modules/${videoId}/media`);
      expect(media.statusCode).toBe(200);
      expect(media.headers['x-content-type-options']).toBe('nosniff');
      expect(media.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(media.headers['content-security-policy']).toBe("frame-ancestors 'self'");
      expect(media.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    });
  });

  describe('learner sessions and valid time', () => {
    it('refuses a project course to a worker not enrolled in the project', async () => {
      const [p] = await demo.ctx.db.query<{ project_code: string }>(
        `SELECT project_code FROM training.projects WHERE project_code NOT IN (SELECT project_code FROM training.enrolments WHERE person_key = $1) LIMIT 1`,
        [workerKey],
      );
      const c = await as('province', 'POST', '/api/learning/courses', {
        title: '项目课',
        access: 'project',
        projectCode: p!.project_code,
        occupationCode: occupation,
      });
      expect(c.statusCode).toBe(201);
      const m = await as('province', 'POST', `/api/learning/courses/${c.json().id}/modules`, {
        kind: 'document',
        title: '讲义',
        occupationCode: occupation,
        durationSeconds: 60,
      });
      const res = await as('xielei', 'POST', `/api/learning/modules/${m.json().modules[0].id}/sessions`);
      expect(res.json().code).toBe('NOT_ENROLLED');
      const me = await as('xielei', 'GET', '/api/me/learning');
      expect(me.json().courses.map((x: { id: string }) => x.id)).not.toContain(c.json().id);
    });

    it('a session hands out its quiz without the answers', async () => {
      const res = await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`);
      expect(res.statusCode).toBe(201);
      expect(res.json().questions).toEqual([
        { n: 1, prompt: '发现有人触电，第一步？', choices: ['拉人', '断电'] },
        { n: 2, prompt: '安全电压不高于？', choices: ['36V', '220V'] },
      ]);
      expect(res.body).not.toContain('"answer"');
    });

    it('refuses a heartbeat whose session token was tampered with', async () => {
      const s = await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`);
      const token = `${s.json().token.slice(0, -2)}xx`;
      const res = await as('', 'POST', '/api/learning/heartbeats', {
        token,
        seq: 0,
        positionSeconds: 0,
        rate: 1,
        visible: true,
        focused: true,
        playing: true,
        clientAt: Date.now(),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('BAD_LEARNING_SESSION');
    });

    it('a player clock past the calendar (clientAt beyond year 2100) is a bilingual 400, never a 500', async () => {
      const s = await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`);
      for (const clientAt of [9_000_000_000_000_000, Date.UTC(2101, 0, 1)]) {
        const res = await as('', 'POST', '/api/learning/heartbeats', {
          token: s.json().token,
          seq: 0,
          positionSeconds: 0,
          rate: 1,
          visible: true,
          focused: true,
          playing: true,
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

    it('refuses a flood of heartbeats from one session (429) while another session goes on', async () => {
      const flood = (await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`)).json().token;
      const other = (await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`)).json().token;
      const beat = (token: string, seq: number) =>
        as('', 'POST', '/api/learning/heartbeats', {
          token,
          seq,
          positionSeconds: 0,
          rate: 1,
          visible: true,
          focused: true,
          playing: true,
          clientAt: Date.now(),
        });
      const codes: number[] = [];
      for (let seq = 0; seq < 125; seq++) codes.push((await beat(flood, seq)).statusCode);
      expect(codes.filter((c) => c === 429).length).toBe(5);
      expect(codes.slice(0, 120).every((c) => c !== 429)).toBe(true);
      expect((await beat(other, 0)).statusCode).not.toBe(429);
    });

    it('a heartbeat, marking notices read and signing in skip the KPI pre-roll; other writes still pre-roll', async () => {
      // A mark another writer left: a write that pre-rolls recounts it away, one that opts out leaves it.
      const db = demo.ctx.db;
      const marks = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kpi_dirty'))[0]!.n;
      await db.query('DELETE FROM kpi_dirty');
      await db.query("INSERT INTO kpi_dirty (source, day) VALUES ('test', '2026-01-05')");
      const s = (await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`)).json();
      expect(await marks()).toBe(0); // starting a session is an ordinary write: it pre-rolled
      await db.query("INSERT INTO kpi_dirty (source, day) VALUES ('test', '2026-01-05')");
      const beat = await as('', 'POST', '/api/learning/heartbeats', {
        token: s.token,
        seq: 0,
        positionSeconds: 0,
        rate: 1,
        visible: true,
        focused: true,
        playing: true,
        clientAt: Date.now(),
      });
      expect(beat.statusCode).toBe(200);
      expect((await as('xielei', 'POST', '/api/me/notices/read-all')).statusCode).toBe(200);
      const login = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'xielei', password: DEMO_PASSWORD, bearer: true },
      });
      expect(login.statusCode).toBe(200);
      expect(await marks()).toBe(1);
      const logout = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { authorization: `Bearer ${login.json().token}` },
      });
      expect(logout.statusCode).toBe(200);
      expect(await marks()).toBe(1);
      await as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`);
      expect(await marks()).toBe(0);
    });

    it('counts real time while visible, not while hidden; a replayed heartbeat is stored once', async () => {
      const s = await startSession(demo.ctx.db, worker(), videoId, secret(), clock);
      const beat = (seq: number, visible = true) =>
        recordHeartbeat(
          demo.ctx.db,
          secret(),
          {
            token: s.token,
            seq,
            positionSeconds: seq * 10,
            rate: 1,
            visible,
            focused: visible,
            playing: true,
            clientAt: t,
          },
          clock,
        );
      for (let seq = 0; seq <= 3; seq++) {
        t = T0 + seq * 10_000;
        await beat(seq, seq !== 2);
      }
      await beat(3); // replayed
      const [{ n }] = await demo.ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM learning_heartbeats WHERE session_id = $1',
        [s.sessionId],
      );
      expect(n).toBe(4);
      const vt = await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now());
      expect(vt.byModule[videoId]).toBe(20_000);
      expect(vt.lostMs.hidden).toBe(10_000);
    });
  });

  describe('identity re-checks', () => {
    let session: Awaited<ReturnType<typeof startSession>>;
    let seq = 0;
    const beat = () =>
      recordHeartbeat(
        demo.ctx.db,
        secret(),
        {
          token: session.token,
          seq,
          positionSeconds: 100 + seq * 10,
          rate: 1,
          visible: true,
          focused: true,
          playing: true,
          clientAt: t,
        },
        clock,
      ).finally(() => {
        seq++;
        t += 10_000;
      });

    beforeAll(async () => {
      const res = await as('province', 'PUT', '/api/learning/policy', {
        ...DEFAULT_LEARNING_PARAMS,
        heartbeatSeconds: 10,
        checkMinSeconds: 30,
        checkMaxSeconds: 30,
      });
      expect(res.statusCode).toBe(200);
      t = T0 + 3600_000;
      session = await startSession(demo.ctx.db, worker(), videoId, secret(), clock);
    });

    it('refuses the policy to anyone but the province', async () => {
      const res = await as('jigou', 'PUT', '/api/learning/policy', DEFAULT_LEARNING_PARAMS);
      expect(res.statusCode).toBe(403);
      const bad = await as('province', 'PUT', '/api/learning/policy', {
        ...DEFAULT_LEARNING_PARAMS,
        checkMinSeconds: 99,
        checkMaxSeconds: 10,
      });
      expect(bad.statusCode).toBe(400);
    });

    it('issues a re-check at its moment; a skipped one voids the time since the last passed check', async () => {
      let answer = await beat();
      for (let i = 0; i < 3; i++) {
        expect(answer.check).toBeNull();
        answer = await beat();
      }
      expect(answer.check).toMatchObject({ status: 'pending', phoneMasked: '139****5678', codeSent: false });
      const before = await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now());
      // The routes run on the real clock; the test's clock drives the services directly.
      const skipped = await skipCheck(demo.ctx.db, worker(), answer.check!.id, clock);
      expect(skipped.status).toBe('failed');
      const after = await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now());
      expect(after.validMs).toBeLessThan(before.validMs);
      expect(after.lostMs.check_failed).toBeGreaterThan(0);
      await expect(skipCheck(demo.ctx.db, worker(), answer.check!.id, clock)).rejects.toMatchObject({
        code: 'CHECK_DECIDED',
      });
    });

    it('a wrong SMS code uses a try, a right one passes; the last wrong try fails the check', async () => {
      let answer = await beat();
      while (!answer.check || answer.check.status !== 'pending') answer = await beat();
      const id = answer.check.id;
      await expect(answerCheck(demo.ctx.db, worker(), id, '123456', secret(), clock)).rejects.toMatchObject({
        code: 'CODE_NOT_SENT',
      });
      await sendCheckCode(demo.ctx.db, demo.ctx.sms, worker(), id, secret(), clock);
      const code = (demo.ctx.sms as FileOutbox).lastTo(phone)!.params.code!;
      await expect(
        answerCheck(demo.ctx.db, worker(), id, code === '000000' ? '111111' : '000000', secret(), clock),
      ).rejects.toMatchObject({
        code: 'WRONG_CODE',
      });
      const ok = await answerCheck(demo.ctx.db, worker(), id, code, secret(), clock);
      expect(ok.status).toBe('passed');
      answer = await beat();
      while (!answer.check || answer.check.status !== 'pending') answer = await beat();
      const next = answer.check.id;
      await sendCheckCode(demo.ctx.db, demo.ctx.sms, worker(), next, secret(), clock);
      const right = (demo.ctx.sms as FileOutbox).lastTo(phone)!.params.code!;
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < DEFAULT_LEARNING_PARAMS.checkTries - 1; i++)
        await expect(answerCheck(demo.ctx.db, worker(), next, wrong, secret(), clock)).rejects.toMatchObject({
          code: 'WRONG_CODE',
        });
      expect((await answerCheck(demo.ctx.db, worker(), next, wrong, secret(), clock)).status).toBe('failed');
      const other = await as('xielei', 'POST', `/api/learning/checks/00000000-0000-4000-8000-000000000000/skip`);
      expect(other.statusCode).toBe(404);
    });

    it('sends a re-check’s SMS code at most 3 times (429 after): the learner cannot make us text without end', async () => {
      // A pending check on the real clock, as the routes see it (they run on the real clock).
      const id = '6f0c1f5e-3d2a-4b7c-9e1f-000000000042';
      await demo.ctx.db.query(
        `INSERT INTO learning_checks (id, session_id, person_key, issued_at, due_at) VALUES ($1, $2, $3, now(), now() + interval '10 minutes')`,
        [id, session.sessionId, workerKey],
      );
      const sent = () => (demo.ctx.sms as FileOutbox).sent.filter((m) => m.phone === phone).length;
      const before = sent();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await as('xielei', 'POST', `/api/learning/checks/${id}/sms`)).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expect(sent()).toBe(before + 3);
      const refused = await as('xielei', 'POST', `/api/learning/checks/${id}/sms`);
      expect(refused.json()).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        message_en: expect.any(String),
      });
      // Another check of the learner is not held up by this one.
      const other = await as('xielei', 'POST', `/api/learning/checks/00000000-0000-4000-8000-000000000000/sms`);
      expect(other.statusCode).toBe(404);
    });

    it('a face match from the course institution’s device passes a check; another institution’s device or none is refused', async () => {
      let answer = await beat();
      while (!answer.check || answer.check.status !== 'pending') answer = await beat();
      const device = {
        deviceId: 'face-1',
        kind: 'face_terminal',
        institutionCode: '12320100914177769G',
        siteLat: null,
        siteLon: null,
      };
      const passed = await recordFaceResult(demo.ctx.db, device, answer.check.id, true, clock);
      expect(passed.status).toBe('passed');
      const anon = await as('', 'POST', `/api/learning/checks/${answer.check.id}/face`, { match: true });
      expect(anon.statusCode).toBe(401);
    });

    it('an unanswered check expires and voids the time too', async () => {
      let answer = await beat();
      while (!answer.check || answer.check.status !== 'pending') answer = await beat();
      const before = await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now());
      t += 200_000;
      const later = await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now());
      expect(later.validMs).toBeLessThan(before.validMs);
      await beat(); // the lapsed check is recorded as expired
      const [c] = await demo.ctx.db.query<{ status: string }>('SELECT status FROM learning_checks WHERE id = $1', [
        answer.check.id,
      ]);
      expect(c!.status).toBe('expired');
    });

    it('the stored records recompute to the same valid time', async () => {
      const { sessions, checks } = await storedLearning(demo.ctx.db, workerKey);
      const again = computeValidTime(sessions, checks, rulesOf(DEFAULT_LEARNING_PARAMS), t);
      expect(again).toEqual(await personValidTime(demo.ctx.db, workerKey, DEFAULT_LEARNING_PARAMS, clock.now()));
    });
  });

  describe('quizzes', () => {
    it('grades on the server and gates the module’s completion', async () => {
      const url = `/api/learning/modules/${videoId}/quiz`;
      const short = await as('xielei', 'POST', url, { answers: [1] });
      expect(short.json().code).toBe('INCOMPLETE_QUIZ');
      const wrong = await as('xielei', 'POST', url, { answers: [0, 1] });
      expect(wrong.json()).toMatchObject({ correct: 0, total: 2, passed: false });
      const before = await as('xielei', 'GET', `/api/me/learning/modules/${videoId}`);
      expect(before.json()).toMatchObject({ quizPassed: false, completed: false });
      const right = await as('xielei', 'POST', url, { answers: [1, 0] });
      expect(right.json()).toMatchObject({ correct: 2, passed: true });
      const after = await as('xielei', 'GET', `/api/me/learning/modules/${videoId}`);
      expect(after.json().quizPassed).toBe(true);
      expect(after.json().completed).toBe(after.json().validSeconds >= after.json().requiredSeconds);
    });

    it('is no answer oracle: three graded attempts a module a China day, then refused until the next day', async () => {
      // Each attempt says how many answers were right, so unlimited attempts find every answer one
      // question at a time (security probe, session 12). A refused attempt is not stored.
      const mod = await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, {
        kind: 'quiz',
        title: '用电常识测验',
        occupationCode: occupation,
        durationSeconds: 60,
        questions: [
          { prompt: '漏电保护器的作用？', choices: ['防触电', '省电', '照明'], answer: 0 },
          { prompt: '湿手可以插拔插头吗？', choices: ['可以', '不可以'], answer: 1 },
        ],
      });
      const quizId = mod.json().modules.at(-1).id;
      const day1 = Date.UTC(2026, 11, 2, 15, 0, 0); // 23:00 China time
      const at = (ms: number) => ({ now: () => new Date(ms) });
      for (const answers of [
        [1, 0],
        [2, 0],
        [0, 0],
      ])
        await expect(submitQuiz(demo.ctx.db, worker(), quizId, answers, at(day1))).resolves.toMatchObject({
          passed: false,
        });
      await expect(submitQuiz(demo.ctx.db, worker(), quizId, [0, 1], at(day1 + 30 * 60_000))).rejects.toMatchObject({
        code: 'QUIZ_ATTEMPTS_USED',
        zh: expect.stringContaining('3'),
        en: expect.stringContaining('3'),
      });
      const [{ n }] = await demo.ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM learning_quiz_attempts WHERE module_id = $1',
        [quizId],
      );
      expect(n).toBe(3);
      // 00:30 China time: a new day.
      await expect(submitQuiz(demo.ctx.db, worker(), quizId, [0, 1], at(day1 + 90 * 60_000))).resolves.toMatchObject({
        passed: true,
      });
    });
  });

  describe('progress views', () => {
    it('the owner sees each learner’s progress per module, ID masked', async () => {
      const res = await as('jigou', 'GET', `/api/learning/courses/${courseId}/progress`);
      expect(res.statusCode).toBe(200);
      const [l] = res.json().learners;
      expect(l.personName).toBe('谢磊');
      expect(l.idMasked).toMatch(/^\d{4}\*+\w{4}$/);
      expect(l.modules[0].moduleId).toBe(videoId);
      expect(l.checksFailed).toBeGreaterThanOrEqual(2);
      expect(res.body).not.toContain('320311199409187319');
    });

    it('another institution gets not found; a worker is refused', async () => {
      expect((await as('pingjia', 'GET', `/api/learning/courses/${courseId}/progress`)).statusCode).toBe(404);
      expect((await as('xielei', 'GET', `/api/learning/courses/${courseId}/progress`)).statusCode).toBe(403);
    });

    it('the worker sees the free courses with valid time and why time did not count', async () => {
      const res = await as('xielei', 'GET', '/api/me/learning');
      expect(res.statusCode).toBe(200);
      const p = res.json().progress.find((x: { moduleId: string }) => x.moduleId === videoId);
      expect(p.lostSeconds.hidden).toBe(10);
      expect(p.lostSeconds.check_failed).toBeGreaterThan(0);
      expect(res.json().dailyCapSeconds).toBe(8 * 3600);
    });
  });
});
