import { explainBlended, type OnlineNotCounted } from '../training/index.ts';

/** A decision_attendance row as the database returns it (bigint columns may come as strings). */
export interface AttendanceNoteRow {
  scheduled_ms: number | string | null;
  classroom_ms: number | string | null;
  online_valid_ms: number | string | null;
  online_counted_ms: number | string | null;
  share_cap_ms: number | string | null;
  room_ms: number | string | null;
  not_counted: string | null;
}

/** The SQL columns of the note, for a query that LEFT JOINs decision_attendance `da`. */
export const ATTENDANCE_NOTE_COLUMNS =
  'da.scheduled_ms, da.classroom_ms, da.online_valid_ms, da.online_counted_ms, da.share_cap_ms, da.room_ms, da.not_counted';

/**
 * How a blended project's attendance counted for a decision, in words (zh and en): classroom hours,
 * online valid hours, what counted and why the rest did not. Null for a classroom-only project.
 */
export function attendanceNote(r: AttendanceNoteRow): { zh: string; en: string } | null {
  if (r.scheduled_ms === null) return null;
  const n = (v: number | string | null) => Number(v ?? 0);
  return explainBlended({
    attendedMs: n(r.classroom_ms) + n(r.online_counted_ms),
    scheduledMs: n(r.scheduled_ms),
    classroomMs: n(r.classroom_ms),
    onlineValidMs: n(r.online_valid_ms),
    onlineCountedMs: n(r.online_counted_ms),
    shareCapMs: n(r.share_cap_ms),
    roomMs: n(r.room_ms),
    notCounted: r.not_counted as OnlineNotCounted | null,
  });
}

/** The row without the note's columns, and the note. */
export function withAttendanceNote<T extends AttendanceNoteRow>(
  r: T,
): Omit<T, keyof AttendanceNoteRow> & { attendance_note: { zh: string; en: string } | null } {
  const {
    scheduled_ms,
    classroom_ms,
    online_valid_ms,
    online_counted_ms,
    share_cap_ms,
    room_ms,
    not_counted,
    ...rest
  } = r;
  return { ...rest, attendance_note: attendanceNote(r) };
}
