import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { maskName } from '../src/kernel/pii.ts';
import { newId } from '../src/kernel/ids.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { getAppeal, listAppeals } from '../src/modules/appeals/index.ts';
import { myNotices } from '../src/modules/notify/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { addModule, createCourse, DEFAULT_LEARNING_PARAMS, personValidTime } from '../src/modules/learning/index.ts';
import { overruleCheck } from '../src/modules/learning/learning-appeals.ts';
import { scheduleLiveClass } from '../src/modules/learning/live-classes.ts';
import { JS_2025, settleApplications } from '../src/modules/subsidy/index.ts';
import { appealableSubjects, decideAppeal, fileWorkerAppeal } from '../src/workflows/appeals.ts';
import { testContext } from './support/context.ts';
import { recordOnlineLearning } from './support/learning.ts';

/**
 * 学时申诉 (docs/appeals.md § Learning time): a learner of a blended project contests the online time
 * a failed identity re-check voided — of a course module or of a live class (直播课); the city (or the
 * province) decides, the course's institution only reads it (conflict of interest). Upheld, the
 * check is overruled — a stored decision the valid-time computation reads — and the next settlement
 * counts the time in the blended ratio; dismissed, nothing changes. Every step is audited.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
const PROJECT = 'P000001';
const INSTITUTION = '12320100914177769G';
const H = 3_600_000;
const MIN = 60_000;
const RULES = JS_2025.attendance;
const T0 = Date.UTC(2026, 1, 2, 1); // 2026-02-02 09:00 China time
const clock = { now: () => new Date(Date.UTC(2026, 1, 3, 2)) };
const REASON = '核验时短信验证码一直没有收到，附运营商证明，学习的确是本人。';
const SESSION_RULES = {
  heartbeatSeconds: 30,
  graceSeconds: 5,
  checkMinSeconds: 600,
  checkMaxSeconds: 1200,
  checkAnswerSeconds: 180,
  checkTries: 3,
};

const official = (role: Actor['role'], extra: Partial<Actor>): Actor => ({
  userId: `u-${role}`,
  username: `${role}-${extra.cityCode ?? extra.institutionCode ?? 'x'}`,
  displayName: role,
  role,
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
  ...extra,
});
const jigou = official('institution_staff', { cityCode: '320100', institutionCode: INSTITUTION, username: 'jigou' });
const otherInstitution = official('institution_staff', {
  cityCode: '320100',
  institutionCode: '523201001953640571',
  username: 'jigou-other',
});
const nanjing = official('city_officer', { cityCode: '320100' });
const wuxi = official('city_officer', { cityCode: '320200' });

describe('学时申诉: appealing online time voided by a failed re-check', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let moduleId: string;
  const people: Record<string, { key: string; actor: Actor; check: string }> = {};
  const sessionStart = (no: number) => new Date(Date.UTC(2026, 0, 4 + no, 1));
  const decisionOf = async (applicationId: string) =>
    (
      await ctx.db.query<{ decision: string; reasons: string[] }>(
        'SELECT decision, reasons FROM decisions WHERE application_id = $1',
        [applicationId],
      )
    )[0];

  /** 5 h in class, 3 h online, of which the first 30 min are voided by an SMS re-check failed at 09:30. */
  const learner = async (applicationId: string) => {
    const [{ person_key: key }] = await ctx.db.query<{ person_key: string }>(
      'SELECT person_key FROM applications WHERE application_id = $1',
      [applicationId],
    );
    for (const no of [4, 5, 6, 7, 8])
      await ctx.db.query(
        `INSERT INTO training.attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score)
         VALUES ($1, $2, $3, $4, $5, 'face_terminal', 0.95)`,
        [PROJECT, no, key, sessionStart(no), new Date(sessionStart(no).getTime() + H)],
      );
    const session = await recordOnlineLearning(ctx.db, {
      personKey: key,
      moduleId,
      enrolment: PROJECT,
      startMs: T0,
      ms: 3 * H,
    });
    const check = newId();
    await ctx.db.query(
      `INSERT INTO learning_checks (id, session_id, person_key, issued_at, due_at, status, method, tries, resolved_at)
       VALUES ($1, $2, $3, $4, $5, 'failed', 'sms', 3, $6)`,
      [check, session, key, new Date(T0 + 28 * MIN), new Date(T0 + 31 * MIN), new Date(T0 + 30 * MIN)],
    );
    const actor = official('worker', { personKey: key, username: `w-${applicationId}` });
    people[applicationId] = { key, actor, check };
  };

  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, EXAMPLE, { actor: 'test', vault: ctx.vault });
    await ctx.db.query('DELETE FROM training.attendance WHERE project_code = $1', [PROJECT]);
    await ctx.db.query('DELETE FROM training.sessions WHERE project_code = $1', [PROJECT]);
    for (let no = 1; no <= 10; no++)
      await ctx.db.query(
        'INSERT INTO training.sessions (project_code, session_no, starts_at, ends_at, mode) VALUES ($1, $2, $3, $4, $5)',
        [PROJECT, no, sessionStart(no), new Date(sessionStart(no).getTime() + H), no <= 6 ? 'theory' : 'practice'],
      );
    const [{ occupation_code: occupation }] = await ctx.db.query<{ occupation_code: string }>(
      'SELECT occupation_code FROM training.projects WHERE project_code = $1',
      [PROJECT],
    );
    const course = await createCourse(ctx.db, jigou, {
      title: '焊工理论（线上）',
      description: '',
      ownerKind: 'institution',
      access: 'project',
      projectCode: PROJECT,
      occupationCode: occupation,
    });
    const withModule = await addModule(ctx.db, jigou, course.id, {
      kind: 'video',
      title: '焊接安全',
      occupationCode: occupation,
      competencyUnits: [],
      durationSeconds: 6 * 3600,
      questions: [],
    });
    moduleId = withModule.modules[0].id;
    // A live class of the project, within its period (2025-10-07 to 2025-10-22): 3 h joined, a re-check
    // failed at 30 min voids those 30 min, as in a module.
    const liveStart = Date.UTC(2025, 9, 20, 1);
    const live = await scheduleLiveClass(
      ctx.db,
      jigou,
      {
        title: '焊接理论直播',
        projectCode: PROJECT,
        occupationCode: occupation,
        startsAt: new Date(liveStart).toISOString(),
        endsAt: new Date(liveStart + 4 * H).toISOString(),
        streamUrl: 'https://live.example.cn/room/1',
      },
      { now: () => new Date(liveStart - 24 * H) }, // scheduled the day before
    );
    {
      const [{ person_key: key }] = await ctx.db.query<{ person_key: string }>(
        'SELECT person_key FROM applications WHERE application_id = $1',
        ['A0000003'],
      );
      const session = newId();
      await ctx.db.query(
        `INSERT INTO learning_sessions (id, person_key, live_class_id, enrolment, started_at, rules, next_check_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          session,
          key,
          live.id,
          PROJECT,
          new Date(liveStart),
          JSON.stringify({ ...SESSION_RULES }),
          new Date(liveStart + 365 * 24 * H),
        ],
      );
      for (let seq = 0; seq * 30_000 <= 3 * H; seq++)
        await ctx.db.query(
          `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing, event)
           VALUES ($1, $2, $3, $4, $4, 0, 1, true, true, true, $5)`,
          [session, seq, key, new Date(liveStart + seq * 30_000), seq === 0 ? 'join' : 'beat'],
        );
      const check = newId();
      await ctx.db.query(
        `INSERT INTO learning_checks (id, session_id, person_key, issued_at, due_at, status, method, tries, resolved_at)
         VALUES ($1, $2, $3, $4, $5, 'failed', 'face', 3, $6)`,
        [
          check,
          session,
          key,
          new Date(liveStart + 28 * MIN),
          new Date(liveStart + 31 * MIN),
          new Date(liveStart + 30 * MIN),
        ],
      );
      people.A0000003 = { key, actor: official('worker', { personKey: key, username: 'w-A0000003' }), check };
    }
    await learner('A0000001'); // will be upheld
    await learner('A0000002'); // will be dismissed
    // Staff accounts of the course's institution and of another (the notice goes to the first only).
    for (const a of [jigou, otherInstitution])
      await createUser(ctx.db, 'test', {
        username: a.username,
        displayName: '机构经办人',
        password: 'Welding-Desk-2025!',
        role: 'institution_staff',
        institutionCode: a.institutionCode,
      });
  });
  afterAll(() => ctx.drop());

  let upheldId: string;
  let dismissedId: string;

  it('lists the voided re-check as appealable, with the time it voided per module', async () => {
    const { actor, check } = people.A0000001;
    const subjects = await appealableSubjects(ctx.db, actor, RULES, clock);
    const s = subjects.find((x) => x.kind === 'learning');
    expect(s).toMatchObject({
      ref: check,
      openAppeal: false,
      title: { zh: '焊工理论（线上） · 焊接安全 身份核验未通过（2026-02-02 09:30）' },
      why: [{ zh: '「焊接安全」作废学时 30分钟（上次核验通过后的学时）' }],
    });
    const vt = await personValidTime(ctx.db, people.A0000001.key, DEFAULT_LEARNING_PARAMS, clock.now());
    expect(vt.validMs).toBe(3 * H - 30 * MIN);
  });

  it("refuses another learner's re-check as not found, and a bad reference", async () => {
    const other = fileWorkerAppeal(
      ctx.db,
      people.A0000002.actor,
      { subjectKind: 'learning', subjectRef: people.A0000001.check, reason: REASON, attachments: [] },
      RULES,
      clock,
    );
    await expect(other).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const junk = fileWorkerAppeal(
      ctx.db,
      people.A0000001.actor,
      { subjectKind: 'learning', subjectRef: 'not-a-uuid', reason: REASON, attachments: [] },
      RULES,
      clock,
    );
    await expect(junk).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('files the appeal for the course institution and the project city; one open at a time', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    const filed = await fileWorkerAppeal(
      ctx.db,
      people.A0000001.actor,
      {
        subjectKind: 'learning',
        subjectRef: people.A0000001.check,
        reason: REASON,
        attachments: [{ fileName: 'proof.jpg', mediaType: 'image/jpeg', content: jpeg }],
      },
      RULES,
      clock,
    );
    upheldId = filed.id;
    expect(filed).toMatchObject({
      subjectKind: 'learning',
      cityCode: '320100',
      status: 'open',
      attachments: [{ n: 1 }],
    });
    const [row] = await ctx.db.query<{ institution_code: string }>(
      'SELECT institution_code FROM appeals WHERE id = $1',
      [upheldId],
    );
    expect(row.institution_code).toBe(INSTITUTION);
    const again = fileWorkerAppeal(
      ctx.db,
      people.A0000001.actor,
      { subjectKind: 'learning', subjectRef: people.A0000001.check, reason: REASON, attachments: [] },
      RULES,
      clock,
    );
    await expect(again).rejects.toMatchObject({ code: 'APPEAL_OPEN' });
    dismissedId = (
      await fileWorkerAppeal(
        ctx.db,
        people.A0000002.actor,
        { subjectKind: 'learning', subjectRef: people.A0000002.check, reason: REASON, attachments: [] },
        RULES,
        clock,
      )
    ).id;
  });

  it('tells the course institution’s staff by a notice (学员 masked, course and module named), no other institution', async () => {
    const [{ name }] = await ctx.db.query<{ name: string }>('SELECT name FROM registry.persons WHERE person_key = $1', [
      people.A0000001.key,
    ]);
    const masked = maskName(name);
    expect(masked).not.toBe(name);
    const filed = (await myNotices(ctx.db, jigou)).items.filter((n) => n.kind === 'learning_appeal_filed');
    expect(filed.length).toBe(2);
    expect(JSON.stringify(filed)).not.toContain('请在');
    const mine = filed.find((n) => n.body.zh.includes(masked));
    expect(mine).toMatchObject({
      title: { zh: '学时申诉：焊工理论（线上）', en: 'Learning-time appeal: 焊工理论（线上）' },
      link: '/appeals',
    });
    const { dueOn } = await getAppeal(ctx.db, nanjing, upheldId, clock);
    expect(mine!.body.zh).toBe(
      `学员${masked}就课程“焊工理论（线上）”中“焊接安全”的身份核验作废学时提出申诉，由项目所在市人社部门于 ${dueOn} 前处理，本通知供贵机构知悉，可在申诉处理中查看。`,
    );
    expect(JSON.stringify(filed)).not.toContain(name);
    expect((await myNotices(ctx.db, otherInstitution)).items).toEqual([]);
    expect((await myNotices(ctx.db, nanjing)).items).toEqual([]);
  });

  it('another worker, another institution and another city cannot read or decide it', async () => {
    await expect(getAppeal(ctx.db, people.A0000002.actor, upheldId)).rejects.toMatchObject({ status: 404 });
    await expect(getAppeal(ctx.db, otherInstitution, upheldId)).rejects.toMatchObject({ status: 404 });
    await expect(getAppeal(ctx.db, wuxi, upheldId)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const decide = (a: Actor) =>
      decideAppeal(ctx.db, a, upheldId, { outcome: 'upheld', answer: '核实为本人学习' }, RULES, clock);
    await expect(decide(otherInstitution)).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      en: expect.stringContaining('appeal'),
    });
    await expect(decide(wuxi)).rejects.toMatchObject({
      status: 403,
      code: 'OUT_OF_SCOPE',
      zh: '该记录不在您的权限范围内',
    });
    expect((await listAppeals(ctx.db, otherInstitution, {}, clock)).total).toBe(0);
    // The institution sees the learning-time appeals on its courses, and no others.
    const mine = await listAppeals(ctx.db, jigou, {}, clock);
    expect(mine.items.map((a) => a.id).sort()).toEqual([upheldId, dismissedId].sort());
    expect((await getAppeal(ctx.db, people.A0000001.actor, upheldId)).status).toBe('open');
  });

  it('the course institution may not decide an identity re-check appeal (it gains from the hours): 403, bilingual', async () => {
    const decide = decideAppeal(
      ctx.db,
      jigou,
      upheldId,
      { outcome: 'upheld', answer: '经核实短信网关当日故障，认定为本人学习' },
      RULES,
      clock,
    );
    await expect(decide).rejects.toMatchObject({
      status: 403,
      code: 'DECIDED_BY_CITY',
      zh: expect.stringContaining('市人社部门'),
      en: expect.stringContaining('decided by the city'),
    });
    // Nor by overruling the check itself; it still reads the appeal, which stays open.
    await expect(
      ctx.db.transaction((tx) =>
        overruleCheck(tx, jigou, people.A0000001.check, { ref: upheldId, note: '机构认定' }, clock),
      ),
    ).rejects.toMatchObject({ status: 403, code: 'DECIDED_BY_CITY' });
    expect((await getAppeal(ctx.db, jigou, upheldId, clock)).status).toBe('open');
    expect(await ctx.db.query('SELECT 1 FROM learning_check_overrulings')).toEqual([]);
  });

  it('the city officer upholds: the check is overruled, valid time recomputes with it, all audited', async () => {
    await decideAppeal(
      ctx.db,
      nanjing,
      upheldId,
      { outcome: 'upheld', answer: '经核实短信网关当日故障，认定为本人学习' },
      RULES,
      clock,
    );
    expect((await getAppeal(ctx.db, people.A0000001.actor, upheldId)).status).toBe('upheld');
    const params = DEFAULT_LEARNING_PARAMS;
    const a = await personValidTime(ctx.db, people.A0000001.key, params, clock.now());
    const b = await personValidTime(ctx.db, people.A0000001.key, params, clock.now());
    expect(a.validMs).toBe(3 * H);
    expect(b).toEqual(a);
    const audit = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id IN ($1, $2) ORDER BY seq`,
      [upheldId, people.A0000001.check],
    );
    expect(audit.map((r) => r.action)).toEqual(['appeal.file', 'learning.check.overrule', 'appeal.upheld']);
    // No longer appealable, and deciding twice is refused.
    const subjects = await appealableSubjects(ctx.db, people.A0000001.actor, RULES, clock);
    expect(subjects.filter((s) => s.kind === 'learning')).toEqual([]);
    await expect(
      decideAppeal(ctx.db, nanjing, upheldId, { outcome: 'dismissed', answer: '再次处理一下' }, RULES, clock),
    ).rejects.toMatchObject({ code: 'APPEAL_DECIDED' });
  });

  it('the city dismisses the other: nothing changes', async () => {
    await decideAppeal(ctx.db, nanjing, dismissedId, { outcome: 'dismissed', answer: '未提供证明材料' }, RULES, clock);
    const vt = await personValidTime(ctx.db, people.A0000002.key, DEFAULT_LEARNING_PARAMS, clock.now());
    expect(vt.validMs).toBe(3 * H - 30 * MIN);
  });

  it('a failed live-class re-check is appealable like a module one; the city upholds it and the time counts again', async () => {
    const { actor, check, key } = people.A0000003;
    const before = await personValidTime(ctx.db, key, DEFAULT_LEARNING_PARAMS, clock.now());
    expect(before.validMs).toBe(3 * H - 30 * MIN);
    const subjects = await appealableSubjects(ctx.db, actor, RULES, clock);
    expect(subjects.find((x) => x.kind === 'learning')).toMatchObject({
      ref: check,
      title: {
        zh: '直播课 · 焊接理论直播 身份核验未通过（2025-10-20 09:30）',
        en: 'Live class · 焊接理论直播: identity re-check failed (2025-10-20 09:30)',
      },
      why: [{ zh: '「焊接理论直播」作废学时 30分钟（上次核验通过后的学时）' }],
    });
    const filed = await fileWorkerAppeal(
      ctx.db,
      actor,
      { subjectKind: 'learning', subjectRef: check, reason: REASON, attachments: [] },
      RULES,
      clock,
    );
    expect(filed).toMatchObject({ subjectKind: 'learning', cityCode: '320100', status: 'open' });
    // The live class's institution reads it and is told the city decides; the city upholds.
    expect((await getAppeal(ctx.db, jigou, filed.id, clock)).id).toBe(filed.id);
    await expect(
      decideAppeal(ctx.db, jigou, filed.id, { outcome: 'upheld', answer: '人脸识别设备故障' }, RULES, clock),
    ).rejects.toMatchObject({ status: 403, code: 'DECIDED_BY_CITY' });
    await decideAppeal(
      ctx.db,
      nanjing,
      filed.id,
      { outcome: 'upheld', answer: '人脸识别设备故障，认定为本人' },
      RULES,
      clock,
    );
    const [o] = await ctx.db.query<{ appeal_id: string }>(
      'SELECT appeal_id FROM learning_check_overrulings WHERE check_id = $1',
      [check],
    );
    expect(o.appeal_id).toBe(filed.id);
    const after = await personValidTime(ctx.db, key, DEFAULT_LEARNING_PARAMS, clock.now());
    expect(after.validMs).toBe(3 * H);
    expect((await appealableSubjects(ctx.db, actor, RULES, clock)).filter((x) => x.kind === 'learning')).toEqual([]);
  });

  it('the next settlement counts the upheld time in the blended ratio: 80 % approved, the dismissed 75 % rejected', async () => {
    await settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'test' });
    expect(await decisionOf('A0000001')).toMatchObject({ decision: 'approved', reasons: [] });
    expect(await decisionOf('A0000002')).toMatchObject({ decision: 'rejected', reasons: ['ATTENDANCE_BELOW_80'] });
    const [row] = await ctx.db.query<{ online_valid_ms: number; online_counted_ms: number }>(
      'SELECT online_valid_ms::int, online_counted_ms::int FROM decision_attendance WHERE application_id = $1',
      ['A0000001'],
    );
    expect(row).toEqual({ online_valid_ms: 3 * H, online_counted_ms: 3 * H });
  });
});
