import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { addModule, createCourse } from '../src/modules/learning/index.ts';
import { JS_2025, ratioRules } from '../src/modules/subsidy/index.ts';
import { closeClass, traineesBelowPace } from '../src/modules/training/index.ts';
import { noticeAttendanceBelowPace } from '../src/workflows/attendance-pace.ts';
import { testContext } from './support/context.ts';
import { recordOnlineLearning } from './support/learning.ts';

/**
 * 结业 and 出勤不足 read the blended ratio (docs/online-learning.md § Blended projects): classroom
 * hours plus the online valid time that counts — the ratio the subsidy decision uses. At the 80 %
 * boundary a trainee with 5 h in class and 3 h online completes and is not told they are short
 * (the classroom-only ratio, 50 %, would say otherwise); one minute less online does not.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
const PROJECT = 'P000001';
const INSTITUTION = '12320100914177769G';
const H = 3_600_000;
const MIN = 60_000;
const RULES = ratioRules(JS_2025);
const at = (iso: string) => ({ now: () => new Date(iso) });

const jigou: Actor = {
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

describe('class closing and pace notices on the blended ratio', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let moduleId: string;
  const keys: Record<string, string> = {};
  const sessionStart = (no: number) => new Date(Date.UTC(2026, 0, 4 + no, 1));

  const trainee = async (applicationId: string, onlineMs: number) => {
    const [{ person_key: key }] = await ctx.db.query<{ person_key: string }>(
      'SELECT person_key FROM applications WHERE application_id = $1',
      [applicationId],
    );
    keys[applicationId] = key;
    for (const no of [4, 5, 6, 7, 8])
      await ctx.db.query(
        `INSERT INTO training.attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score)
         VALUES ($1, $2, $3, $4, $5, 'face_terminal', 0.95)`,
        [PROJECT, no, key, sessionStart(no), new Date(sessionStart(no).getTime() + H)],
      );
    await recordOnlineLearning(ctx.db, {
      personKey: key,
      moduleId,
      enrolment: PROJECT,
      startMs: Date.UTC(2026, 0, 15, 1),
      ms: onlineMs,
    });
  };

  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, EXAMPLE, { actor: 'test', vault: ctx.vault });
    await ctx.db.query('DELETE FROM training.attendance WHERE project_code = $1', [PROJECT]);
    await ctx.db.query('DELETE FROM training.sessions WHERE project_code = $1', [PROJECT]);
    await ctx.db.query(`UPDATE training.projects SET status = 'running' WHERE project_code = $1`, [PROJECT]);
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
    moduleId = (
      await addModule(ctx.db, jigou, course.id, {
        kind: 'video',
        title: '焊接安全',
        occupationCode: occupation,
        competencyUnits: [],
        durationSeconds: 6 * 3600,
        questions: [],
      })
    ).modules[0].id;
    await trainee('A0000001', 3 * H); // 5 h + 3 h = 80 %: enough (classroom alone: 50 %)
    await trainee('A0000002', 3 * H - MIN); // one minute short
  });
  afterAll(() => ctx.drop());

  it('pace: at exactly 80 % blended nobody is told they are short; one minute under is', async () => {
    const now = new Date('2026-01-20T12:00:00+08:00');
    const below = new Set((await traineesBelowPace(ctx.db, RULES, 80, now)).map((b) => b.personKey));
    expect(below.has(keys.A0000001)).toBe(false);
    expect(below.has(keys.A0000002)).toBe(true);
    await noticeAttendanceBelowPace(ctx.db, { rules: RULES, minPercent: 80, clock: at('2026-01-20T12:00:00+08:00') });
    const notices = await ctx.db.query<{ recipient: string; params: { attended: string; held: string } }>(
      `SELECT recipient, params FROM notices WHERE kind = 'attendance_below_pace' AND recipient IN ($1, $2)`,
      [keys.A0000001, keys.A0000002],
    );
    expect(notices.map((n) => n.recipient)).toEqual([keys.A0000002]);
    expect(notices[0].params).toMatchObject({ attended: '7小时59分钟', held: '10小时' });
    // Once a week per class: a rerun adds nothing.
    const again = await noticeAttendanceBelowPace(ctx.db, {
      rules: RULES,
      minPercent: 80,
      clock: at('2026-01-20T18:00:00+08:00'),
    });
    expect(again.notices).toBe(0);
  });

  it('closing: 80 % blended completes, one minute under does not', async () => {
    const closed = await closeClass(ctx.db, jigou, PROJECT, RULES, 80, at('2026-01-21T12:00:00+08:00'));
    expect(closed.status).toBe('closed');
    const rows = await ctx.db.query<{ person_key: string; completed: boolean }>(
      'SELECT person_key, completed FROM training.enrolments WHERE project_code = $1 AND person_key IN ($2, $3)',
      [PROJECT, keys.A0000001, keys.A0000002],
    );
    const done = Object.fromEntries(rows.map((r) => [r.person_key, r.completed]));
    expect(done[keys.A0000001]).toBe(true);
    expect(done[keys.A0000002]).toBe(false);
  });
});
