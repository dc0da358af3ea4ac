import type { Actor } from './auth.ts';
import { Forbidden } from './errors.ts';

/**
 * The facts that place a record inside or outside a scope: its city, the institution or enterprise
 * it belongs to, the person it is about, and the sector / key task that departments own. A fact that
 * does not apply to the record is left out (undefined) or null.
 */
export interface ScopeFacts {
  city?: string | null;
  institution?: string | null;
  /** For a record several institutions may act on (an assessment: the trainer and the evaluator). */
  institutions?: (string | null)[];
  enterprise?: string | null;
  person?: string | null;
  sector?: string | null;
  keyTask?: number | null;
}

/**
 * Whether a record lies inside the actor's own scope — the one rule every module's policy builds on:
 * the province everything; a city officer records of their city (a record without a city, such as a
 * catalog entry, is the province's); a department officer records of its sectors or key tasks; an
 * institution or enterprise its own records; a worker records about themselves.
 */
export function inScope(actor: Actor, r: ScopeFacts): boolean {
  switch (actor.role) {
    case 'province_admin':
      return true;
    case 'city_officer':
      return r.city != null && r.city === actor.cityCode;
    case 'department_officer':
      return (
        (r.sector != null && actor.sectors.includes(r.sector)) ||
        (r.keyTask != null && actor.keyTasks.includes(r.keyTask))
      );
    case 'institution_staff':
      return (
        actor.institutionCode != null &&
        (r.institution === actor.institutionCode || (r.institutions ?? []).includes(actor.institutionCode))
      );
    case 'enterprise_staff':
      return r.enterprise != null && r.enterprise === actor.enterpriseCode;
    case 'worker':
      return r.person != null && r.person === actor.personKey;
    case 'holder_officer':
      // A holder liaison's one record is its holder (reporting.policy.ts mayReadHolder); no other record is in its scope.
      return false;
  }
}

/** The refusal of a record outside the actor's scope (the same code everywhere: `OUT_OF_SCOPE`). */
export const outOfScope = () =>
  new Forbidden('OUT_OF_SCOPE', '该记录不在您的权限范围内', 'this record is outside your scope');

/**
 * A change is allowed only when the actor may write the record both as it is and as it will be:
 * moving a record into one's scope, or out of it, is a write outside it.
 */
export function mayChange(actor: Actor, before: ScopeFacts | null, after: ScopeFacts): boolean {
  return (before === null || inScope(actor, before)) && inScope(actor, after);
}

/** Throws `OUT_OF_SCOPE` unless the actor may change the record from `before` to `after`. */
export function assertMayChange(actor: Actor, before: ScopeFacts | null, after: ScopeFacts): void {
  if (!mayChange(actor, before, after)) throw outOfScope();
}

/** Throws `OUT_OF_SCOPE` unless the record lies in the actor's scope. */
export function assertInScope(actor: Actor, r: ScopeFacts): void {
  if (!inScope(actor, r)) throw outOfScope();
}
