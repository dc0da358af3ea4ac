import type { Db } from '../../db/client.ts';
import type { SessionSlot } from './attendance-ratio.ts';

/**
 * A record longer than this (check-out − check-in) is read wherever its check-in falls; a shorter
 * one only near its project's sessions. Any value keeps the read exact (the two reads together
 * cover every record that can count); it only decides which of the two finds a record. Migration
 * 0055's partial index `attendance_long_span_idx` has the same predicate, written the same way.
 */
export const LONG_SPAN = '24 hours';
const LONG_SPAN_MS = 24 * 3600_000;

/**
 * The columns settlement reads of a record (after its pair: the keys, or their position; `v` is its
 * validation on appeal, if any). The two instants come as epoch milliseconds, not timestamptz: a city
 * run reads about a million records, and the driver's text-to-Date parsing of two columns each was
 * the largest single cost in Node's profile (bench/RESULTS.md, session 14). floor(… * 1000) of the
 * exact numeric epoch is the instant the Date would have held (it keeps whole milliseconds).
 */
const FACTS = `a.session_no,
  floor(extract(epoch FROM a.check_in_at) * 1000)::float8 AS check_in_at,
  floor(extract(epoch FROM a.check_out_at) * 1000)::float8 AS check_out_at,
  a.method, a.face_score, a.lat, a.lon, v.attendance_id IS NOT NULL AS validated`;

/** A row of the near read: its pair's position (1-based) in the pairs sent, in place of the pair's keys. */
type NearRow = Omit<CountableAttendanceRow, 'person_key' | 'project_code'> & { pair: number };

/** An attendance row as settlement reads it (with whether an official validated it on appeal). */
export interface CountableAttendanceRow {
  person_key: string;
  project_code: string;
  session_no: number;
  /** Milliseconds since the epoch (floored, as the driver's Date would have it): see FACTS. */
  check_in_at: number;
  check_out_at: number;
  method: string;
  face_score: number | null;
  lat: number | null;
  lon: number | null;
  validated: boolean;
}

/**
 * Every attendance record of these (person, project) pairs that can count towards the attendance
 * ratio (attendance-ratio.ts), read without probing every monthly partition of `attendance`.
 *
 * Why this is exact. A record counts only for its own session s (same project and session_no; a
 * record of a session that does not exist never counts) and only if it checks in by
 * s.start + grace and out no earlier than s.end − grace (`attendsSession`), whatever else is true
 * of it (a record validated on appeal still has to be in time). So a counting record whose span
 * (check-out − check-in) is at most LONG_SPAN checks in at or after check-out − LONG_SPAN ≥
 * s.end − grace − LONG_SPAN (whatever the sign of the span: nothing here relies on the import's
 * END_BEFORE_START check), i.e. within
 *   [s.end − grace − LONG_SPAN, s.start + grace] ⊆ [min end − grace − LONG_SPAN, max start + grace]
 * over the project's sessions, and the first read takes, per pair, only the partitions (months of
 * check-in, China time) that window touches: PostgreSQL prunes them at run time for each pair of
 * the nested loop. A counting record with a longer span may check in any time before its session
 * (the official import does not refuse a check-in months early), so the second read takes every
 * record longer than LONG_SPAN from a partial index that holds only those (none in the generated
 * bundles; a handful at most in real data). The two reads are disjoint by span, and together hold
 * every record that can count; the rules then decide each exactly as before. Records they leave
 * out could not change any decision: they attend no session under any grace ≤ `graceMinutes`.
 *
 * `sessionsByProject` are the sessions the rules will judge the records against (all of each project's),
 * so the window is theirs; `graceMinutes` must be at least the grace of every policy version that
 * will judge the records.
 */
export async function attendanceThatCanCount(
  db: Db,
  pairs: { personKey: string; projectCode: string }[],
  sessionsByProject: ReadonlyMap<string, readonly Pick<SessionSlot, 'startsAt' | 'endsAt'>[]>,
  graceMinutes: number,
): Promise<CountableAttendanceRow[]> {
  const graceMs = Math.max(0, graceMinutes) * 60_000;
  const windows = new Map<string, { lo: number; hi: number }>();
  for (const [projectCode, sessions] of sessionsByProject) {
    if (!sessions.length) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of sessions) {
      lo = Math.min(lo, s.endsAt.getTime() - graceMs - LONG_SPAN_MS);
      hi = Math.max(hi, s.startsAt.getTime() + graceMs);
    }
    windows.set(projectCode, { lo, hi });
  }
  // A project without sessions has no record that counts.
  const near = [...new Map(pairs.map((p) => [`${p.personKey}|${p.projectCode}`, p])).values()].filter((p) =>
    windows.has(p.projectCode),
  );
  if (!near.length) return [];
  const [inWindow, long] = await Promise.all([
    // Per pair, a nested loop (OFFSET 0 keeps the subquery per pair) whose check-in range lets
    // PostgreSQL skip at run time the partitions outside the window: one or two of 37, not all.
    db.query<NearRow>(
      `SELECT q.n AS pair, ${FACTS}
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS q(person_key, project_code, lo, hi, n)
       CROSS JOIN LATERAL (SELECT * FROM training.attendance a
                           WHERE a.person_key = q.person_key AND a.project_code = q.project_code
                             AND a.check_in_at >= q.lo AND a.check_in_at <= q.hi
                             AND NOT (a.check_out_at - a.check_in_at > interval '${LONG_SPAN}') OFFSET 0) a
       LEFT JOIN training.attendance_validations v ON v.attendance_id = a.id`,
      [
        near.map((p) => p.personKey),
        near.map((p) => p.projectCode),
        near.map((p) => new Date(windows.get(p.projectCode)!.lo).toISOString()),
        near.map((p) => new Date(windows.get(p.projectCode)!.hi).toISOString()),
      ],
      // Planned once per connection: planning this statement over 37 partitions took 300–490 ms of
      // each batch's read under load (bench/RESULTS.md, session 12); the plan does not depend on
      // the arrays (each pair's partitions are pruned at run time either way).
      { name: 'attendance_that_can_count_near' },
    ),
    // The long records, from the partial index (OFFSET 0: read them once, then match the pairs,
    // rather than probe the index of every partition for every pair).
    db.query<CountableAttendanceRow>(
      `SELECT a.person_key, a.project_code, ${FACTS}
       FROM (SELECT * FROM training.attendance a WHERE a.check_out_at - a.check_in_at > interval '${LONG_SPAN}' OFFSET 0) a
       JOIN unnest($1::text[], $2::text[]) AS q(person_key, project_code)
         ON q.person_key = a.person_key AND q.project_code = a.project_code
       LEFT JOIN training.attendance_validations v ON v.attendance_id = a.id`,
      [near.map((p) => p.personKey), near.map((p) => p.projectCode)],
      { name: 'attendance_that_can_count_long' },
    ),
  ]);
  // Each row names its pair by position, not by its two keys: a million rows' keys were a third of
  // what the driver parsed (bench/RESULTS.md, session 14). The keys are put back by reference, on
  // the driver's own row objects (no copy of a million rows).
  const rows: CountableAttendanceRow[] = inWindow as unknown as (NearRow & CountableAttendanceRow)[];
  for (const r of rows as (NearRow & CountableAttendanceRow)[]) {
    const p = near[r.pair - 1]!;
    r.person_key = p.personKey;
    r.project_code = p.projectCode;
  }
  return long.length ? rows.concat(long) : rows;
}
