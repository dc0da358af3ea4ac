import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { assertInScope } from '../../kernel/scope.ts';

/**
 * Who may change what in training (docs/training-lifecycle.md): the evaluator a project names, the
 * attendance devices and what a device may report. The margins are stated here once; the SQL of
 * the attendance API reads them (attendance-ingest.ts).
 */

/**
 * Devices are registered by the city of the institution they serve (city officers, their own city
 * only) or by the province — never by the institution, whose attendance the device attests.
 */
export function assertMayRegisterDevice(actor: Actor, institution: { city_code: string }): void {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin') {
    throw new Forbidden(
      'DEVICE_REGISTRAR',
      '考勤设备由设区市人社部门或省级登记，培训机构不能自行登记',
      'attendance devices are registered by the city bureau or the province, not by the institution',
    );
  }
  assertInScope(actor, { city: institution.city_code });
}

/**
 * A project's evaluator is chosen by its city (or the province) or by the institution running it,
 * each within their scope: the city officer the project's city, the institution its own project.
 */
export function assertMayChooseEvaluator(
  actor: Actor,
  project: { city_code: string; institution_code: string },
  evaluatorCode: string,
): void {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin' && actor.role !== 'institution_staff')
    throw new Forbidden();
  assertInScope(actor, { city: project.city_code, institution: project.institution_code });
  assertNotSelfEvaluation(project.institution_code, evaluatorCode);
}

/** A class is never evaluated by the institution that trained it (it would certify its own trainees). */
export function assertNotSelfEvaluation(institutionCode: string, evaluatorCode: string | null): void {
  if (evaluatorCode && evaluatorCode === institutionCode) {
    throw new Forbidden(
      'SELF_EVALUATION',
      '承训机构不能评价自己培训的班级，请选择其他评价机构',
      'the institution that trains a class may not evaluate it; choose another evaluator',
    );
  }
}

/** What a device may report: the session window, the clock skew and the upload delay it is allowed. */
export const DEVICE_EVENT_RULES = {
  /** A check-in may be this early before the session starts, a check-out this late after it ends. */
  windowMarginMinutes: 30,
  /** An event dated later than now by more than this is from the future (a device clock off, or made up). */
  clockSkewMinutes: 2,
  /**
   * A device that lost its network delivers its buffered events within this many hours of the
   * session's end (a terminal offline over a weekend); later, only an official import can add them.
   */
  uploadDeadlineHours: 72,
  /** A fixed device (face terminal, card reader) reports for sessions held within this distance of its site. */
  siteRadiusMetres: 1_000,
} as const;

/** Fixed devices stand at their site; a trainee's phone (mobile_app) goes where the trainee goes. */
export const FIXED_DEVICE_KINDS: readonly string[] = ['face_terminal', 'card'];

/** The reasons a device's event is refused by the device rules, with the column at fault and zh/en messages. */
export const DEVICE_REFUSALS = {
  UNKNOWN_SESSION: { column: 'session_no', messageZh: '培训课次不存在', messageEn: 'session does not exist' },
  UNKNOWN_PERSON: {
    column: 'id_number',
    messageZh: '人员未在实名库中',
    messageEn: 'person is not in the real-name registry',
  },
  NOT_DEVICE_INSTITUTION: {
    column: 'project_code',
    messageZh: '该项目不属于本设备所在机构',
    messageEn: 'the project is not run by this device’s institution',
  },
  NOT_DEVICE_SITE: {
    column: 'session_no',
    messageZh: `该课次不在本设备所在场所（${DEVICE_EVENT_RULES.siteRadiusMetres} 米内）举行`,
    messageEn: `the session is not held at this device’s site (within ${DEVICE_EVENT_RULES.siteRadiusMetres} m)`,
  },
  NOT_ENROLLED: {
    column: 'id_number',
    messageZh: '该人员未报名本项目',
    messageEn: 'the person is not enrolled in this project',
  },
  FUTURE_EVENT: {
    column: 'check_out_at',
    messageZh: '考勤时间晚于当前时间（设备时钟有误？）',
    messageEn: 'the event is dated in the future (is the device clock wrong?)',
  },
  OUTSIDE_SESSION: {
    column: 'check_in_at',
    messageZh: `签到签退应在课次开始前${DEVICE_EVENT_RULES.windowMarginMinutes}分钟至结束后${DEVICE_EVENT_RULES.windowMarginMinutes}分钟之间`,
    messageEn: `check-in and check-out must lie between ${DEVICE_EVENT_RULES.windowMarginMinutes} minutes before the session starts and ${DEVICE_EVENT_RULES.windowMarginMinutes} minutes after it ends`,
  },
  LATE_EVENT: {
    column: 'check_in_at',
    messageZh: `课次结束已超过${DEVICE_EVENT_RULES.uploadDeadlineHours}小时，设备不能再补报`,
    messageEn: `the session ended more than ${DEVICE_EVENT_RULES.uploadDeadlineHours} hours ago; devices can no longer report it`,
  },
  NEAR_DUPLICATE: {
    column: 'check_in_at',
    messageZh: '另一台设备已上报该人员本课次同一分钟的签到',
    messageEn: 'another device already reported this person’s check-in for this session in the same minute',
  },
} as const;
export type DeviceRefusal = keyof typeof DEVICE_REFUSALS;

/**
 * An institution's training sites (培训场所) are seen and added by the institution itself, the city
 * the institution is in, or the province — the same hands that schedule its sessions or register
 * its devices. Another institution's sites, or another city's, are out of scope.
 */
export function assertMayManageSites(actor: Actor, institution: { credit_code: string; city_code: string }): void {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin' && actor.role !== 'institution_staff')
    throw new Forbidden();
  assertInScope(actor, { city: institution.city_code, institution: institution.credit_code });
}

/**
 * 零工驿站 are a city's places (docs/service-points.md): registered by a city officer in its own city
 * or by the province anywhere — never by an institution, enterprise or department.
 */
export function assertMayRegisterGigStation(actor: Actor, cityCode: string | null): void {
  if (actor.role !== 'province_admin' && actor.role !== 'city_officer')
    throw new Forbidden(
      'NOT_ALLOWED',
      '只有市、省人社部门可以登记零工驿站',
      'only city and province officials register gig stations',
    );
  if (cityCode) assertInScope(actor, { city: cityCode });
}

/** Jiangsu's extent (the board's map, rounded outwards): a site outside it is a slip of the hand on the map. */
export const JIANGSU_BOUNDS = { minLon: 116.3, maxLon: 122.05, minLat: 30.7, maxLat: 35.2 } as const;

/** A point inside the province's bounding box (a place registered on the map: a site, a 零工驿站). */
export const insideJiangsu = (lat: number, lon: number): boolean =>
  Number.isFinite(lat) &&
  Number.isFinite(lon) &&
  lat >= JIANGSU_BOUNDS.minLat &&
  lat <= JIANGSU_BOUNDS.maxLat &&
  lon >= JIANGSU_BOUNDS.minLon &&
  lon <= JIANGSU_BOUNDS.maxLon;

/**
 * Who asked to join a class from 找培训 (names, masked ID numbers) is read by the officials who
 * dispatch and supervise the class: its city (getProject has checked the city) and the province.
 * The institution enrols the person it is sent; department officers see the class, not the people.
 */
export function mayReadClassRequests(actor: Actor): boolean {
  return actor.role === 'city_officer' || actor.role === 'province_admin';
}
