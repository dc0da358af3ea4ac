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
    throw new Forbidden('DEVICE_REGISTRAR', '考勤设备由设区市人社部门或省级登记，培训机构不能自行登记', 'attendance devices are registered by the city bureau or the province, not by the institution');
  }
  assertInScope(actor, { city: institution.city_code });
}

/**
 * A project's evaluator is chosen by its city (or the province) or by the institution running it,
 * each within their scope: the city officer the project's city, the institution its own project.
 */
export function assertMayChooseEvaluator(actor: Actor, project: { city_code: string; institution_code: string }): void {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin' && actor.role !== 'institution_staff') throw new Forbidden();
  assertInScope(actor, { city: project.city_code, institution: project.institution_code });
}

/** What a device may report: the session window, the clock skew and the upload delay it is allowed. */
export const DEVICE_EVENT_RULES = {
  /** A check-in may be this early before the session starts, a check-out this late after it ends. */
  windowMarginMinutes: 30,
  /** An event dated later than now by more than this is from the future (a device clock off, or made up). */
  clockSkewMinutes: 2,
  /** A device that lost its network delivers its buffered events within this many hours of the session's end. */
  uploadDeadlineHours: 24,
  /** A fixed device (face terminal, card reader) reports for sessions held within this distance of its site. */
  siteRadiusMetres: 1_000,
} as const;

/** Fixed devices stand at their site; a trainee's phone (mobile_app) goes where the trainee goes. */
export const FIXED_DEVICE_KINDS: readonly string[] = ['face_terminal', 'card'];
