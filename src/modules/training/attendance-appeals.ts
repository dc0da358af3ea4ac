import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { invalidReason, recordFromRow, type AttendanceRules } from './attendance-ratio.ts';
import { ATTENDANCE_REASON_TEXT } from './live-session.ts';

/**
 * Attendance records a worker may contest (申诉): those that do not count because of how they were
 * taken (manual, face score, location — attendance-ratio.ts `invalidReason`), and their
 * validation by the city officer when an appeal is upheld (docs/appeals.md).
 */

/** One attendance record with what makes it invalid (null: it counts). */
export interface AttendanceForAppeal {
  id: number;
  personKey: string;
  projectCode: string;
  projectTitle: string;
  cityCode: string;
  sessionNo: number;
  checkInAt: Date;
  method: string;
  invalid: string | null;
  invalidText: { zh: string; en: string } | null;
  validated: boolean;
}

type Row = {
  id: number;
  person_key: string;
  project_code: string;
  title: string;
  city_code: string;
  session_no: number;
  check_in_at: Date;
  check_out_at: Date;
  method: string;
  face_score: number | null;
  lat: number | null;
  lon: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  site_lat: number | null;
  site_lon: number | null;
  validated: boolean;
};

const SELECT = `SELECT a.id, a.person_key, a.project_code, pr.title, pr.city_code, a.session_no, a.check_in_at, a.check_out_at,
       a.method, a.face_score, a.lat, a.lon, s.starts_at, s.ends_at, s.site_lat, s.site_lon, v.attendance_id IS NOT NULL AS validated
  FROM attendance a JOIN projects pr ON pr.project_code = a.project_code
  LEFT JOIN sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no
  LEFT JOIN attendance_validations v ON v.attendance_id = a.id`;

function present(r: Row, rules: AttendanceRules): AttendanceForAppeal {
  const why = invalidReason(
    recordFromRow(r),
    r.starts_at && r.ends_at
      ? {
          sessionNo: r.session_no,
          startsAt: new Date(r.starts_at),
          endsAt: new Date(r.ends_at),
          siteLat: r.site_lat,
          siteLon: r.site_lon,
        }
      : undefined,
    rules,
  );
  return {
    id: Number(r.id),
    personKey: r.person_key,
    projectCode: r.project_code,
    projectTitle: r.title,
    cityCode: r.city_code,
    sessionNo: r.session_no,
    checkInAt: new Date(r.check_in_at),
    method: r.method,
    invalid: why,
    invalidText: why ? (ATTENDANCE_REASON_TEXT[why] ?? null) : null,
    validated: r.validated,
  };
}

/** A worker's own attendance records that do not count (newest first): what they may contest. */
export async function invalidAttendanceOf(
  db: Db,
  personKey: string,
  rules: AttendanceRules,
): Promise<AttendanceForAppeal[]> {
  const rows = await db.query<Row>(
    `${SELECT} WHERE a.person_key = $1 ORDER BY a.check_in_at DESC, a.id DESC LIMIT 500`,
    [personKey],
  );
  return rows.map((r) => present(r, rules)).filter((r) => r.invalid !== null);
}

/** One attendance record by its id (undefined when there is none). */
export async function attendanceForAppeal(
  db: Db,
  id: number,
  rules: AttendanceRules,
): Promise<AttendanceForAppeal | undefined> {
  const [r] = await db.query<Row>(`${SELECT} WHERE a.id = $1`, [id]);
  return r ? present(r, rules) : undefined;
}

/**
 * An official of the record's city validates an invalid record on appeal: it counts from now on
 * (class ratios, settlement). Audited; refused when the record already counts.
 */
export async function validateAttendance(
  tx: Db,
  actor: Actor,
  id: number,
  input: { note: string; ref: string; rules: AttendanceRules },
  clock: Clock = systemClock,
) {
  const r = await attendanceForAppeal(tx, id, input.rules);
  if (!r) throw new NotFound({ zh: '考勤记录', en: 'attendance record' });
  assertCity(actor, r.cityCode);
  if (r.invalid === null)
    throw new Conflict('ATTENDANCE_COUNTS', '该考勤记录已计入出勤，无需认定', 'this attendance record already counts');
  const now = clock.now();
  await tx.query(
    `INSERT INTO attendance_validations (attendance_id, person_key, project_code, session_no, was_invalid, note, ref, validated_by, validated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [id, r.personKey, r.projectCode, r.sessionNo, r.invalid, input.note, input.ref, actorName(actor), now],
  );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: 'attendance.validate',
        entity: 'attendance',
        entityId: String(id),
        before: { counts: false, invalid: r.invalid },
        after: { counts: true, ref: input.ref, note: input.note },
      },
    ],
    clock,
  );
  return { attendanceId: id, projectCode: r.projectCode, sessionNo: r.sessionNo, wasInvalid: r.invalid };
}
