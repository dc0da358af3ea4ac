import type { Db } from '../../db/client.ts';
import { assertCity, type Actor } from '../../kernel/auth.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { attendsSession, invalidReason, type AttendanceRules } from './attendance-ratio.ts';

export const ATTENDANCE_REASON_TEXT: Record<string, { zh: string; en: string }> = {
  MANUAL: { zh: '人工补录，不计入', en: 'typed in by staff; does not count' },
  LOW_FACE_SCORE: { zh: '人脸比对分数低于0.60', en: 'face score below 0.60' },
  FAR_FROM_SITE: { zh: '定位距培训地点超过1000米', en: 'more than 1,000 m from the site' },
  NO_LOCATION: { zh: '缺少定位', en: 'no location' },
  LATE_OR_EARLY: { zh: '迟到或早退超过15分钟', en: 'more than 15 minutes late or early' },
};

/**
 * 云眸 live class view: every enrolled trainee of a session, whether they are in, and each record
 * that does not count with the reason (manual, low face score, far from site, late).
 */
export async function liveSession(
  db: Db,
  actor: Actor,
  projectCode: string,
  sessionNo: number,
  rules: AttendanceRules,
) {
  const [p] = await db.query<{ city_code: string; institution_code: string }>(
    'SELECT city_code, institution_code FROM projects WHERE project_code = $1',
    [projectCode],
  );
  if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
  assertCity(actor, p.city_code);
  if (actor.role === 'institution_staff' && actor.institutionCode !== p.institution_code) throw new Forbidden();
  const [s] = await db.query<{ starts_at: Date; ends_at: Date; site_lat: number | null; site_lon: number | null }>(
    'SELECT starts_at, ends_at, site_lat, site_lon FROM sessions WHERE project_code = $1 AND session_no = $2',
    [projectCode, sessionNo],
  );
  if (!s) throw new NotFound({ zh: '培训课次', en: 'session' });
  const slot = {
    sessionNo,
    startsAt: new Date(s.starts_at),
    endsAt: new Date(s.ends_at),
    siteLat: s.site_lat,
    siteLon: s.site_lon,
  };
  const trainees = await db.query<{ person_key: string; name: string; id_masked: string }>(
    `SELECT e.person_key, p.name, p.id_masked FROM enrolments e JOIN registry.persons p ON p.person_key = e.person_key WHERE e.project_code = $1 ORDER BY p.name`,
    [projectCode],
  );
  const records = await db.query<{
    person_key: string;
    check_in_at: Date;
    check_out_at: Date;
    method: string;
    face_score: number | null;
    lat: number | null;
    lon: number | null;
    device_id: string | null;
  }>(
    `SELECT person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id FROM attendance WHERE project_code = $1 AND session_no = $2 ORDER BY check_in_at`,
    [projectCode, sessionNo],
  );
  return trainees.map((t) => {
    const mine = records
      .filter((r) => r.person_key === t.person_key)
      .map((r) => {
        const rec = {
          sessionNo,
          checkInAt: new Date(r.check_in_at),
          checkOutAt: new Date(r.check_out_at),
          method: r.method,
          faceScore: r.face_score,
          lat: r.lat,
          lon: r.lon,
        };
        const why = invalidReason(rec, slot, rules) ?? (attendsSession(rec, slot, rules) ? null : 'LATE_OR_EARLY');
        return {
          checkInAt: rec.checkInAt.toISOString(),
          checkOutAt: rec.checkOutAt.toISOString(),
          method: r.method,
          faceScore: r.face_score,
          deviceId: r.device_id,
          counts: why === null,
          reason: why ? { code: why, ...ATTENDANCE_REASON_TEXT[why] } : null,
        };
      });
    return {
      personKey: t.person_key,
      name: t.name,
      idMasked: t.id_masked,
      present: mine.some((m) => m.counts),
      records: mine,
    };
  });
}
