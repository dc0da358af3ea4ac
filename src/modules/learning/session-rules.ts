import { randomInt } from 'node:crypto';

/** The rules a session keeps from the policy in force when it started. */
export interface SessionRules {
  heartbeatSeconds: number;
  graceSeconds: number;
  checkMinSeconds: number;
  checkMaxSeconds: number;
  checkAnswerSeconds: number;
  checkTries: number;
}

/** A random moment within the policy's re-check window after `from`. */
export const nextCheckAt = (from: Date, r: Pick<SessionRules, 'checkMinSeconds' | 'checkMaxSeconds'>): Date =>
  new Date(from.getTime() + randomInt(r.checkMinSeconds * 1000, r.checkMaxSeconds * 1000 + 1));

/** The rules of a stored session, for the computation (gap allowance). */
export const maxGapMs = (rules: SessionRules): number => (rules.heartbeatSeconds + rules.graceSeconds) * 1000;
