/** Attendance validity and ratio (policy.md § Attendance ratio). Pure functions: no I/O. */

export interface SessionSlot {
  sessionNo: number;
  startsAt: Date;
  endsAt: Date;
  siteLat: number | null;
  siteLon: number | null;
  /** `theory` or `practice` (null: not stated, counted as theory for online hours). */
  mode?: string | null;
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
  /** A Date, its text, or epoch milliseconds. */
  check_in_at: Date | string | number;
  check_out_at: Date | string | number;
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

/** A session row as the database returns it (instants as Date, text or epoch milliseconds). */
export interface SessionRow {
  session_no: number;
  starts_at: Date | string | number;
  ends_at: Date | string | number;
  site_lat?: number | null;
  site_lon?: number | null;
  mode?: string | null;
}

/** The slot the rules judge attendance against, from its row: one mapping for settlement and classes. */
export const slotFromRow = (s: SessionRow): SessionSlot => ({
  sessionNo: s.session_no,
  startsAt: new Date(s.starts_at),
  endsAt: new Date(s.ends_at),
  siteLat: s.site_lat ?? null,
  siteLon: s.site_lon ?? null,
  mode: s.mode ?? null,
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

/** The sessions the records attend (a valid record, in time). */
function attendedSessions(sessions: SessionSlot[], records: AttendanceRecord[], rules: AttendanceRules): Set<number> {
  const bySession = new Map(sessions.map((s) => [s.sessionNo, s]));
  const attended = new Set<number>();
  for (const r of records) {
    const s = bySession.get(r.sessionNo);
    if (!s || attended.has(s.sessionNo)) continue;
    if (invalidReason(r, s, rules) === null && attendsSession(r, s, rules)) attended.add(s.sessionNo);
  }
  return attended;
}

/** Scheduled time of attended sessions over scheduled time of all the project's sessions. */
export function attendanceRatio(sessions: SessionSlot[], records: AttendanceRecord[], rules: AttendanceRules): Ratio {
  const attended = attendedSessions(sessions, records, rules);
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

/** How online learning counts in a blended project (platform extension to policy.md, docs/online-learning.md). */
export interface OnlineRules {
  /** Online valid time may cover at most this share of the project's scheduled hours. */
  maxSharePercent: number;
  /** Online time stands in only for theory sessions the trainee did not attend in the classroom. */
  theoryOnly: boolean;
}

/** Why some online valid time did not count. */
export type OnlineNotCounted = 'OVER_SHARE' | 'NO_THEORY_LEFT' | 'NO_HOURS_LEFT';

/** A blended ratio (classroom + online) and how each part counted: the decision's explanation. */
export interface BlendedRatio extends Ratio {
  classroomMs: number;
  onlineValidMs: number;
  onlineCountedMs: number;
  /** The most online time could count: the share cap and the missed hours it may stand in for. */
  shareCapMs: number;
  roomMs: number;
  notCounted: OnlineNotCounted | null;
}

/**
 * 线上线下结合: attended = classroom attended + min(online valid, share cap, missed hours online may
 * replace). The scheduled hours stay the plan's classroom hours, so the 80 % rule reads the same way.
 * Missed hours are the unattended sessions (theory ones only under `theoryOnly`), so online time
 * never counts twice for an hour already attended.
 */
export function blendedRatio(
  sessions: SessionSlot[],
  records: AttendanceRecord[],
  rules: AttendanceRules,
  onlineValidMs: number,
  online: OnlineRules,
): BlendedRatio {
  const attended = attendedSessions(sessions, records, rules);
  let classroomMs = 0;
  let scheduledMs = 0;
  let roomMs = 0;
  for (const s of sessions) {
    const ms = s.endsAt.getTime() - s.startsAt.getTime();
    scheduledMs += ms;
    if (attended.has(s.sessionNo)) classroomMs += ms;
    else if (!online.theoryOnly || s.mode !== 'practice') roomMs += ms;
  }
  // Integer arithmetic: the cap is floored to the millisecond (money-style exactness at the boundary).
  const shareCapMs = Math.floor((scheduledMs * online.maxSharePercent) / 100);
  const onlineCountedMs = Math.max(0, Math.min(onlineValidMs, shareCapMs, roomMs));
  const notCounted: OnlineNotCounted | null =
    onlineCountedMs >= onlineValidMs
      ? null
      : shareCapMs <= roomMs
        ? 'OVER_SHARE'
        : online.theoryOnly
          ? 'NO_THEORY_LEFT'
          : 'NO_HOURS_LEFT';
  return {
    attendedMs: classroomMs + onlineCountedMs,
    scheduledMs,
    classroomMs,
    onlineValidMs,
    onlineCountedMs,
    shareCapMs,
    roomMs,
    notCounted,
  };
}

/** Whole minutes, as hours and minutes (3 h 1 min / 3小时1分钟). */
function span(ms: number, lang: 'zh' | 'en'): string {
  const min = Math.floor(ms / 60_000);
  const [h, m] = [Math.floor(min / 60), min % 60];
  if (lang === 'zh') return h && m ? `${h}小时${m}分钟` : m ? `${m}分钟` : `${h}小时`;
  return h && m ? `${h} h ${m} min` : m ? `${m} min` : `${h} h`;
}

const NOT_COUNTED_TEXT: Record<OnlineNotCounted, { zh: string; en: string }> = {
  OVER_SHARE: { zh: '超出线上学时占比上限', en: 'over the online share cap' },
  NO_THEORY_LEFT: {
    zh: '线上学时只能抵理论课，缺的是实操课',
    en: 'online time stands in for theory only; the missed hours are practice',
  },
  NO_HOURS_LEFT: { zh: '没有缺课学时可抵', en: 'no missed hours left to stand in for' },
};

/** How each part of a blended ratio counted, in words (zh and en) for the decision. */
export function explainBlended(b: BlendedRatio): { zh: string; en: string } {
  const lost = b.onlineValidMs - b.onlineCountedMs;
  const why = b.notCounted ? NOT_COUNTED_TEXT[b.notCounted] : null;
  return {
    zh:
      `课堂出勤 ${span(b.classroomMs, 'zh')}；线上有效学时 ${span(b.onlineValidMs, 'zh')}，计入 ${span(b.onlineCountedMs, 'zh')}` +
      (why ? `，未计入 ${span(lost, 'zh')}（${why.zh}）` : '') +
      `；合计 ${span(b.attendedMs, 'zh')} / ${span(b.scheduledMs, 'zh')}`,
    en:
      `classroom ${span(b.classroomMs, 'en')}; online valid ${span(b.onlineValidMs, 'en')}, ${span(b.onlineCountedMs, 'en')} counted` +
      (why ? `, ${span(lost, 'en')} not counted (${why.en})` : '') +
      `; total ${span(b.attendedMs, 'en')} / ${span(b.scheduledMs, 'en')}`,
  };
}
