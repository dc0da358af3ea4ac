import type { Actor } from '../../kernel/auth.ts';
import { addDays } from '../../kernel/dates.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { assertInScope, inScope } from '../../kernel/scope.ts';

/**
 * Who may record employment (就业) and what an enterprise may claim about a person: the rules of
 * docs/training-lifecycle.md § Hires and of employer confirmation (docs/integrity.md).
 */

/** How far ahead of today a hire's start date may lie (an offer signed for next month). */
export const HIRE_START_MAX_DAYS_AHEAD = 31;

/** An enterprise records hires only against its own job order. */
export function assertMayHireFor(actor: Actor, order: { enterprise_code: string }): void {
  assertInScope(actor, { enterprise: order.enterprise_code });
}

/**
 * How a hire becomes employment: a candidate of the order (the ranked list the enterprise was shown)
 * is employed at once — this returns it; anyone else (undefined) only when the worker confirms, so
 * an enterprise cannot claim a person it merely knows the ID number of.
 */
export function directHire<C extends { personKey: string }>(
  candidates: readonly C[],
  personKey: string,
): C | undefined {
  return candidates.find((c) => c.personKey === personKey);
}

/**
 * The start date of a hire: not before the order was posted (a back-dated hire would count as
 * employment of earlier classes and pay their institutions' bonuses) and at most
 * HIRE_START_MAX_DAYS_AHEAD days ahead of today.
 */
export function hireStartProblem(start: string, orderPostedOn: string, today: string): Invalid | null {
  if (start < orderPostedOn) {
    return new Invalid(
      'START_BEFORE_ORDER',
      `入职日期不能早于订单发布日期（${orderPostedOn}）`,
      `the start date cannot be before the order was posted (${orderPostedOn})`,
      { field: 'startDate' },
    );
  }
  const latest = addDays(today, HIRE_START_MAX_DAYS_AHEAD);
  if (start > latest) {
    return new Invalid(
      'START_TOO_FAR_AHEAD',
      `入职日期最晚为${latest}（${HIRE_START_MAX_DAYS_AHEAD}天内）`,
      `the start date can be at most ${HIRE_START_MAX_DAYS_AHEAD} days ahead (${latest})`,
      { field: 'startDate' },
    );
  }
  return null;
}

/** A pending hire is answered by the worker it names, and by no one else (404 to anyone else: nothing revealed). */
export function assertMayAnswerHire(actor: Actor, hire: { person_key: string } | undefined): asserts hire {
  if (!hire || !inScope(actor, { person: hire.person_key }))
    throw new NotFound({ zh: '录用待确认', en: 'pending hire' });
}

/**
 * Employer confirmation (企业确认) of a 岗位技能提升 trainee: only an enterprise that really employed
 * the trainee before the class — an employment row of that enterprise for that person that started
 * before the project's start and had not ended by then. SQL over `m` (employment), `d` (decision)
 * and `pr` (project); `$1` is the enterprise.
 */
export const EMPLOYED_BEFORE_CLASS = `m.employer_code = $1 AND m.person_key = d.person_key AND m.start_date < pr.start_date AND (m.end_date IS NULL OR m.end_date >= pr.start_date)`;

/**
 * An enterprise may answer for a decision only when EMPLOYED_BEFORE_CLASS found it as the employer;
 * otherwise the same 404 as for an unknown application, so that nothing about the person shows.
 */
export function assertMayConfirmAsEmployer(actor: Actor, found: { employer_code: string } | undefined): asserts found {
  if (!found || !inScope(actor, { enterprise: found.employer_code })) {
    throw new NotFound({ zh: '本企业职工的岗位技能提升培训补贴', en: 'a post-training subsidy of your employee' });
  }
}
