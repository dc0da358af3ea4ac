/** Attendance validity and ratio (policy.md § Attendance ratio). Pure functions: no I/O. */

export interface SessionSlot {
  sessionNo: number;
  startsAt: Date;
  endsAt: Date;
  siteLat: number | null;
  siteLon: number | null;
}

export interface AttendanceRecord {
  sessionNo: number;
  checkInAt: Date;
  checkOutAt: Date;
  method: string;
  faceScore: number | null;
  lat: number | null;
  lon: number | null;
  /** An official validated the record on appeal (申诉): it counts whatever made it invalid. */
  validated?: boolean;
}

/** An attendance row as the database returns it (with whether it was validated on appeal). */
export interface AttendanceRow {
  session_no: number;
  check_in_at: Date | string;
  check_out_at: Date | string;
  method: string;
  face_score: number | null;
  lat: number | null;
  lon: number | null;
  validated?: boolean;
}

/** The record the rules read, from its row: one mapping for settlement, classes and appeals. */
export const recordFromRow = (r: AttendanceRow): AttendanceRecord => ({
  sessionNo: r.session_no,
  checkInAt: new Date(r.check_in_at),
  checkOutAt: new Date(r.check_out_at),
  method: r.method,
  faceScore: r.face_score,
  lat: r.lat,
  lon: r.lon,
  validated: r.validated,
});

export interface AttendanceRules {
  faceScoreMin: number;
  gpsRadiusMeters: number;
  earthRadiusKm: number;
  graceMinutes: number;
}

/** Great-circle distance in metres (haversine). */
export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number, earthRadiusKm: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * 1000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type InvalidReason = 'MANUAL' | 'LOW_FACE_SCORE' | 'FAR_FROM_SITE' | 'NO_LOCATION';

/** Why a record does not count, or null when it is valid. */
export function invalidReason(
  r: AttendanceRecord,
  session: SessionSlot | undefined,
  rules: AttendanceRules,
): InvalidReason | null {
  if (r.validated) return null;
  if (r.method === 'manual') return 'MANUAL';
  if (r.method === 'face_terminal' || r.method === 'mobile_app') {
    if (r.faceScore === null || !(r.faceScore >= rules.faceScoreMin)) return 'LOW_FACE_SCORE';
  }
  if (r.method === 'mobile_app') {
    if (r.lat === null || r.lon === null || !session || session.siteLat === null || session.siteLon === null)
      return 'NO_LOCATION';
    if (haversineMeters(r.lat, r.lon, session.siteLat, session.siteLon, rules.earthRadiusKm) > rules.gpsRadiusMeters)
      return 'FAR_FROM_SITE';
  }
  return null;
}

/** A valid record attends its session when it checks in by start+grace and out no earlier than end−grace. */
export function attendsSession(r: AttendanceRecord, s: SessionSlot, rules: AttendanceRules): boolean {
  const grace = rules.graceMinutes * 60_000;
  return r.checkInAt.getTime() <= s.startsAt.getTime() + grace && r.checkOutAt.getTime() >= s.endsAt.getTime() - grace;
}

export interface Ratio {
  attendedMs: number;
  scheduledMs: number;
}

/** Scheduled time of attended sessions over scheduled time of all the project's sessions. */
export function attendanceRatio(sessions: SessionSlot[], records: AttendanceRecord[], rules: AttendanceRules): Ratio {
  const bySession = new Map(sessions.map((s) => [s.sessionNo, s]));
  const attended = new Set<number>();
  for (const r of records) {
    const s = bySession.get(r.sessionNo);
    if (!s || attended.has(s.sessionNo)) continue;
    if (invalidReason(r, s, rules) === null && attendsSession(r, s, rules)) attended.add(s.sessionNo);
  }
  let attendedMs = 0;
  let scheduledMs = 0;
  for (const s of sessions) {
    const ms = s.endsAt.getTime() - s.startsAt.getTime();
    scheduledMs += ms;
    if (attended.has(s.sessionNo)) attendedMs += ms;
  }
  return { attendedMs, scheduledMs };
}

/** ratio < min%, exactly (integer comparison; no sessions → ratio 0). */
export function ratioBelow(r: Ratio, minPercent: number): boolean {
  if (r.scheduledMs === 0) return minPercent > 0;
  return r.attendedMs * 100 < minPercent * r.scheduledMs;
}
