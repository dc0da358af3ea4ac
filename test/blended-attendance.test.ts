import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROVINCE, type Actor } from '../src/kernel/auth.ts';
import { newId } from '../src/kernel/ids.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { addModule, createCourse } from '../src/modules/learning/index.ts';
import { scheduleLiveClass } from '../src/modules/learning/live-classes.ts';
import { listDecisions, settleApplications } from '../src/modules/subsidy/index.ts';
import { testContext } from './support/context.ts';
import { recordOnlineLearning } from './support/learning.ts';

/**
 * 线上线下结合 (docs/online-learning.md § Blended projects): a project with a project-bound online
 * course counts each trainee's online valid time (computed by the learning module from stored
 * heartbeats) in the attendance ratio, up to the policy's share and against theory sessions only;
 * settlement approves or rejects at the boundaries and records how each part counted.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
const PROJECT = 'P000001';
const INSTITUTION = '12320100914177769G';
const H = 3_600_000;
const MIN = 60_000;

describe('blended attendance in settlement', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let moduleId: string;
  const personOf = async (applicationId: string) =>
    (
      await ctx.db.query<{ person_key: string }>('SELECT person_key FROM applications WHERE application_id = $1', [
        applicationId,
      ])
    )[0].person_key;
  // The plan: ten one-hour sessions in January 2026, 1–6 theory, 7–10 practice.
  const sessionStart = (no: number) => new Date(Date.UTC(2026, 0, 4 + no, 1));
  const attend = async (applicationId: string, sessions: number[]) => {
    const person = await personOf(applicationId);
    for (const no of sessions)
      await ctx.db.query(
        `INSERT INTO training.attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score)
         VALUES ($1, $2, $3, $4, $5, 'face_terminal', 0.95)`,
        [PROJECT, no, person, sessionStart(no), new Date(sessionStart(no).getTime() + H)],
      );
  };
  /** A learner session on the project's module with a heartbeat every 30 s, playing and visible, for `ms`. */
  const learnOnline = async (applicationId: string, ms: number) => {
    const person = await personOf(applicationId);
    const t0 = Date.UTC(2026, 1, 2, 1); // 2026-02-02 09:00 China time, well within one day's cap
    await recordOnlineLearning(ctx.db, { personKey: person, moduleId, enrolment: PROJECT, startMs: t0, ms });
  };
  /** A live class session (直播课) joined at its start, visible, a heartbeat every 30 s, for `ms`. */
  const attendLive = async (applicationId: string, liveClassId: string, t0: number, ms: number) => {
    const person = await personOf(applicationId);
    const session = newId();
    const rules = {
      heartbeatSeconds: 30,
      graceSeconds: 5,
      checkMinSeconds: 600,
      checkMaxSeconds: 1200,
      checkAnswerSeconds: 180,
      checkTries: 3,
    };
    await ctx.db.query(
      `INSERT INTO learning_sessions (id, person_key, live_class_id, enrolment, started_at, rules, next_check_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [session, person, liveClassId, PROJECT, new Date(t0), JSON.stringify(rules), new Date(t0 + 365 * 24 * H)],
    );
    for (let seq = 0; seq * 30_000 <= ms; seq++)
      await ctx.db.query(
        `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing, event)
         VALUES ($1, $2, $3, $4, $4, 0, 1, true, true, true, $5)`,
        [session, seq, person, new Date(t0 + seq * 30_000), seq === 0 ? 'join' : 'beat'],
      );
  };
  const decisionOf = async (applicationId: string) =>
    (
      await ctx.db.query<{ decision: string; reasons: string[] }>(
        'SELECT decision, reasons FROM decisions WHERE application_id = $1',
        [applicationId],
      )
    )[0];
  const explanationOf = async (applicationId: string) =>
    (
      await ctx.db.query<{
        classroom_ms: number;
        online_valid_ms: number;
        online_counted_ms: number;
        not_counted: string | null;
      }>(
        'SELECT classroom_ms::int, online_valid_ms::int, online_counted_ms::int, not_counted FROM decision_attendance WHERE application_id = $1',
        [applicationId],
      )
    )[0];

  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, EXAMPLE, { actor: 'test', vault: ctx.vault });
    // Replace the example's P000001 plan and attendance by a controlled one.
    await ctx.db.query('DELETE FROM training.attendance WHERE project_code = $1', [PROJECT]);
    await ctx.db.query('DELETE FROM training.sessions WHERE project_code = $1', [PROJECT]);
    for (let no = 1; no <= 10; no++)
      await ctx.db.query(
        `INSERT INTO training.sessions (project_code, session_no, starts_at, ends_at, mode) VALUES ($1, $2, $3, $4, $5)`,
        [PROJECT, no, sessionStart(no), new Date(sessionStart(no).getTime() + H), no <= 6 ? 'theory' : 'practice'],
      );
    // The project's institution binds an online course to it, through the learning module.
    const staff: Actor = {
      userId: 'u-jigou',
      username: 'jigou',
      displayName: '机构',
      role: 'institution_staff',
      cityCode: '320100',
      institutionCode: INSTITUTION,
      enterpriseCode: null,
      personKey: null,
      sectors: [],
      keyTasks: [],
    };
    const [{ occupation_code: occupation }] = await ctx.db.query<{ occupation_code: string }>(
      'SELECT occupation_code FROM training.projects WHERE project_code = $1',
      [PROJECT],
    );
    const course = await createCourse(ctx.db, staff, {
      title: '焊工理论（线上）',
      description: '',
      ownerKind: 'institution',
      access: 'project',
      projectCode: PROJECT,
      occupationCode: occupation,
    });
    const withModule = await addModule(ctx.db, staff, course.id, {
      kind: 'video',
      title: '焊接安全',
      occupationCode: occupation,
      competencyUnits: [],
      durationSeconds: 6 * 3600,
      questions: [],
    });
    moduleId = withModule.modules[0].id;

    // A0000001: 5 h in class (theory 1–3 missed), online exactly at the 30 % cap (3 h) → 80 %.
    await attend('A0000001', [4, 5, 6, 7, 8]);
    await learnOnline('A0000001', 3 * H);
    // A0000002: the same, one minute short of the cap → 79.83 %.
    await attend('A0000002', [4, 5, 6, 7, 8]);
    await learnOnline('A0000002', 3 * H - MIN);
    // A0000003: the same, one minute over the cap: the minute does not count.
    await attend('A0000003', [4, 5, 6, 7, 8]);
    await learnOnline('A0000003', 3 * H + MIN);
    // A0000005: every theory session attended, practice 8–10 missed: online time cannot stand in.
    await attend('A0000005', [1, 2, 3, 4, 5, 6, 7]);
    await learnOnline('A0000005', 3 * H);
    // A0000006: no online learning, 8 h in class → 80 % in the classroom alone.
    await attend('A0000006', [1, 2, 3, 4, 5, 6, 7, 8]);

    // A0000007: 5 h in class, 3 h in a live class of the project (4 h scheduled) → 80 %, as for modules.
    // Within the project's training period (2025-10-07 to 2025-10-22): a live class outside it is refused.
    const liveStart = Date.UTC(2025, 9, 21, 1);
    const live = await scheduleLiveClass(
      ctx.db,
      staff,
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
    await attend('A0000007', [4, 5, 6, 7, 8]);
    await attendLive('A0000007', live.id, liveStart, 3 * H);

    await settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'test' });
  });
  afterAll(() => ctx.drop());

  it('approves at exactly 80 % with online hours at the cap, and says how each part counted', async () => {
    expect(await decisionOf('A0000001')).toMatchObject({ decision: 'approved', reasons: [] });
    expect(await explanationOf('A0000001')).toEqual({
      classroom_ms: 5 * H,
      online_valid_ms: 3 * H,
      online_counted_ms: 3 * H,
      not_counted: null,
    });
  });

  it('live class time counts as online hours exactly like modules', async () => {
    expect(await decisionOf('A0000007')).toMatchObject({ decision: 'approved', reasons: [] });
    expect(await explanationOf('A0000007')).toEqual({
      classroom_ms: 5 * H,
      online_valid_ms: 3 * H,
      online_counted_ms: 3 * H,
      not_counted: null,
    });
  });

  it('rejects one minute short of the cap (ATTENDANCE_BELOW_80)', async () => {
    expect(await decisionOf('A0000002')).toMatchObject({ decision: 'rejected', reasons: ['ATTENDANCE_BELOW_80'] });
    expect((await explanationOf('A0000002')).online_counted_ms).toBe(3 * H - MIN);
  });

  it('one minute over the cap does not count (OVER_SHARE)', async () => {
    expect(await decisionOf('A0000003')).toMatchObject({ decision: 'approved' });
    expect(await explanationOf('A0000003')).toEqual({
      classroom_ms: 5 * H,
      online_valid_ms: 3 * H + MIN,
      online_counted_ms: 3 * H,
      not_counted: 'OVER_SHARE',
    });
  });

  it('theory-only: online time does not stand in for missed practice (NO_THEORY_LEFT)', async () => {
    expect(await decisionOf('A0000005')).toMatchObject({ decision: 'rejected', reasons: ['ATTENDANCE_BELOW_80'] });
    expect(await explanationOf('A0000005')).toMatchObject({ online_counted_ms: 0, not_counted: 'NO_THEORY_LEFT' });
  });

  it('a trainee without online learning in a blended project is decided on the classroom hours', async () => {
    expect(await decisionOf('A0000006')).toMatchObject({ decision: 'approved' });
    expect(await explanationOf('A0000006')).toMatchObject({ classroom_ms: 8 * H, online_valid_ms: 0 });
  });

  it('the decision list says how each part counted, in zh and en', async () => {
    const { items } = await listDecisions(ctx.db, SYSTEM_PROVINCE, {}, false);
    const note = (id: string) => items.find((d) => d.application_id === id)?.attendance_note;
    expect(note('A0000003')).toEqual({
      zh: '课堂出勤 5小时；线上有效学时 3小时1分钟，计入 3小时，未计入 1分钟（超出线上学时占比上限）；合计 8小时 / 10小时',
      en: 'classroom 5 h; online valid 3 h 1 min, 3 h counted, 1 min not counted (over the online share cap); total 8 h / 10 h',
    });
    expect(note('A0000005')?.en).toContain('3 h not counted (online time stands in for theory only');
    expect(items.find((d) => d.project_code !== PROJECT)?.attendance_note).toBeNull();
  });

  it('classroom-only projects get no blended explanation', async () => {
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM decision_attendance da JOIN decisions d USING (application_id)
       WHERE d.project_code <> $1`,
      [PROJECT],
    );
    expect(n).toBe(0);
  });
});
