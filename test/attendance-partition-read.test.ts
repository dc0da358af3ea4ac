import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { settleApplications } from '../src/modules/subsidy/index.ts';
import {
  attendanceRatio,
  attendanceThatCanCount,
  recordFromRow,
  slotFromRow,
  type AttendanceRow,
  type SessionRow,
  type SessionSlot,
} from '../src/modules/training/index.ts';
import { testContext } from './support/context.ts';

/**
 * Settlement reads a pair's attendance only from the monthly partitions near its project's sessions
 * (training/attendance-read.ts), plus every record spanning more than 24 h. A record that counts must
 * never be missed: at the first and last instant of the window, in a month other than its
 * session's, and a check-in months before its session with a check-out after it.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
const PROJECT = 'P000001';
const GRACE = 15; // JS-2025's graceMinutes
const MIN = 60_000;
const at = (iso: string) => new Date(iso);

// Three two-hour sessions in three different months (China time).
const SESSIONS = [
  // 1 February 00:30–02:30: its earliest counting check-in (a 24 h record) is on 31 January.
  { no: 1, start: at('2026-02-01T00:30:00+08:00'), end: at('2026-02-01T02:30:00+08:00') },
  { no: 2, start: at('2026-02-10T09:00:00+08:00'), end: at('2026-02-10T11:00:00+08:00') },
  // 28 February 23:50: checking in at start + grace is in March.
  { no: 3, start: at('2026-02-28T23:50:00+08:00'), end: at('2026-03-01T01:50:00+08:00') },
];

describe('settlement reads attendance by partition without missing a record that counts', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let person: string;
  const insert = (sessionNo: number, checkIn: Date, checkOut: Date) =>
    ctx.db.query(
      `INSERT INTO training.attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score)
       VALUES ($1, $2, $3, $4, $5, 'face_terminal', 0.95)`,
      [PROJECT, sessionNo, person, checkIn, checkOut],
    );
  /** Each project's sessions, as settlement's session cache gives them. */
  const sessionsOf = async (projects: string[]): Promise<Map<string, SessionSlot[]>> => {
    const rows = await ctx.db.query<SessionRow & { project_code: string }>(
      'SELECT project_code, session_no, starts_at, ends_at FROM training.sessions WHERE project_code = ANY($1::text[])',
      [projects],
    );
    const by = new Map(projects.map((p) => [p, [] as SessionSlot[]]));
    for (const r of rows) by.get(r.project_code)!.push(slotFromRow(r));
    return by;
  };

  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, EXAMPLE, { actor: 'test', vault: ctx.vault });
    [{ person_key: person }] = await ctx.db.query<{ person_key: string }>(
      "SELECT person_key FROM applications WHERE application_id = 'A0000001'",
    );
    await ctx.db.query('DELETE FROM training.attendance WHERE project_code = $1', [PROJECT]);
    await ctx.db.query('DELETE FROM training.sessions WHERE project_code = $1', [PROJECT]);
    for (const s of SESSIONS)
      await ctx.db.query(
        'INSERT INTO training.sessions (project_code, session_no, starts_at, ends_at) VALUES ($1, $2, $3, $4)',
        [PROJECT, s.no, s.start, s.end],
      );
    const [s1, s2, s3] = SESSIONS;
    // Session 1: the window's first instant (end − grace − 24 h), 31 January; a 24 h record is not "long".
    const out1 = new Date(s1.end.getTime() - GRACE * MIN);
    await insert(1, new Date(out1.getTime() - 24 * 60 * MIN), out1);
    // Session 2: checked in on 1 June 2025, out after the session: counts, found as a long record.
    await insert(2, at('2025-06-01T09:00:00+08:00'), s2.end);
    // Session 3: the window's last instant (start + grace), in March.
    await insert(3, new Date(s3.start.getTime() + GRACE * MIN), s3.end);
  });
  afterAll(() => ctx.drop());

  it('reads the three boundary records, so every session counts', async () => {
    const sessions = await sessionsOf([PROJECT]);
    const rows = await attendanceThatCanCount(ctx.db, [{ personKey: person, projectCode: PROJECT }], sessions, GRACE);
    expect(rows.map((r) => r.session_no).sort()).toEqual([1, 2, 3]);
    const ratio = attendanceRatio(sessions.get(PROJECT)!, rows.map(recordFromRow), {
      faceScoreMin: 0.6,
      gpsRadiusMeters: 1000,
      earthRadiusKm: 6371,
      graceMinutes: GRACE,
    });
    expect(ratio.attendedMs).toBe(ratio.scheduledMs);
    expect(ratio.scheduledMs).toBe(6 * 60 * MIN);
  });

  it('a record one minute outside the window could not count and is not read', async () => {
    // Session 3 again, checked in a minute after start + grace: too late under any grace ≤ 15 min.
    const late = new Date(SESSIONS[2].start.getTime() + (GRACE + 1) * MIN);
    await insert(3, late, SESSIONS[2].end);
    const sessions = await sessionsOf([PROJECT]);
    const rows = await attendanceThatCanCount(ctx.db, [{ personKey: person, projectCode: PROJECT }], sessions, GRACE);
    expect(rows.some((r) => new Date(r.check_in_at).getTime() === late.getTime())).toBe(false);
    await ctx.db.query('DELETE FROM training.attendance WHERE check_in_at = $1', [late]);
  });

  it('gives every pair of the example bundle the ratio a read of all its records gives', async () => {
    const pairs = await ctx.db.query<{ person_key: string; project_code: string }>(
      'SELECT person_key, project_code FROM training.enrolments',
    );
    const sessions = await sessionsOf([...new Set(pairs.map((p) => p.project_code))]);
    const pruned = await attendanceThatCanCount(
      ctx.db,
      pairs.map((p) => ({ personKey: p.person_key, projectCode: p.project_code })),
      sessions,
      GRACE,
    );
    const all = await ctx.db.query<AttendanceRow & { person_key: string; project_code: string }>(
      'SELECT person_key, project_code, session_no, check_in_at, check_out_at, method, face_score, lat, lon FROM training.attendance',
    );
    const rules = { faceScoreMin: 0.6, gpsRadiusMeters: 1000, earthRadiusKm: 6371, graceMinutes: GRACE };
    let attended = 0;
    for (const p of pairs) {
      const mine = (rows: (AttendanceRow & { person_key: string; project_code: string })[]) =>
        rows.filter((r) => r.person_key === p.person_key && r.project_code === p.project_code).map(recordFromRow);
      const s = sessions.get(p.project_code)!;
      const want = attendanceRatio(s, mine(all), rules);
      expect(attendanceRatio(s, mine(pruned), rules)).toEqual(want);
      attended += want.attendedMs;
    }
    expect(attended).toBeGreaterThan(0);
    expect(pruned.length).toBeLessThanOrEqual(all.length);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'on PostgreSQL the read is planned once per connection (a generic plan), then the setting is as before',
    async () => {
      const sessions = await sessionsOf([PROJECT]);
      const pair = [{ personKey: person, projectCode: PROJECT }];
      const plans = await ctx.db.transaction(async (tx) => {
        const first = await attendanceThatCanCount(tx, pair, sessions, GRACE);
        const second = await attendanceThatCanCount(tx, pair, sessions, GRACE);
        expect(second).toEqual(first);
        expect(first.map((r) => r.session_no).sort()).toEqual([1, 2, 3]);
        const [mode] = await tx.query<{ mode: string }>("SELECT current_setting('plan_cache_mode') AS mode");
        expect(mode.mode).toBe('auto');
        return tx.query<{ name: string; generic_plans: number; custom_plans: number }>(
          `SELECT name, generic_plans::int, custom_plans::int FROM pg_prepared_statements
           WHERE name LIKE 'attendance_that_can_count%' ORDER BY name`,
        );
      });
      // Both statements of the pair read, each run twice on this connection, never planned per run.
      expect(plans.map((p) => p.name)).toEqual(['attendance_that_can_count_long', 'attendance_that_can_count_near']);
      for (const p of plans) {
        expect(p.custom_plans).toBe(0);
        expect(p.generic_plans).toBeGreaterThanOrEqual(2);
      }
      // Outside a transaction too (a connection of the pool, in a transaction of its own).
      const again = await attendanceThatCanCount(ctx.db, pair, sessions, GRACE);
      expect(again.map((r) => r.session_no).sort()).toEqual([1, 2, 3]);
    },
  );

  it('settlement counts the boundary records: no ATTENDANCE_BELOW_80 for the applicant', async () => {
    await settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'test' });
    const [d] = await ctx.db.query<{ reasons: string[] }>(
      "SELECT reasons FROM decisions WHERE application_id = 'A0000001'",
    );
    expect(d.reasons).not.toContain('ATTENDANCE_BELOW_80');
    // Without the record read from the partial index (session 2 missed) it would be 4 h of 6: below 80 %.
    await ctx.db.query('DELETE FROM training.attendance WHERE project_code = $1 AND session_no = 2', [PROJECT]);
    await ctx.db.exec('TRUNCATE decisions, flags, settlement_runs CASCADE');
    await settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'test' });
    const [again] = await ctx.db.query<{ reasons: string[] }>(
      "SELECT reasons FROM decisions WHERE application_id = 'A0000001'",
    );
    expect(again.reasons).toContain('ATTENDANCE_BELOW_80');
  });
});
