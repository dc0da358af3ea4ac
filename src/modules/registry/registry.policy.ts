import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { maskPhone } from '../../kernel/pii.ts';
import { inScope } from '../../kernel/scope.ts';

/**
 * What of a person a role sees (docs/security.md § Who sees what):
 * - `owner` — the worker themself: the full ID number, birth date and phone;
 * - `official` — the province, or the city officer of the person's city: the masked ID, masked phone
 *   and the change history (phones masked in it); never the birth date, which with the masked ID's
 *   visible digits and check digit leaves ~9 candidates for the full number;
 * - `trainer` — staff of an institution the person enrolled with: masked ID and phone, no history.
 */
export type PersonView = 'owner' | 'official' | 'trainer';

/** The view of a person the actor is entitled to, or null when the person is outside their scope. */
export function personView(
  actor: Actor,
  person: { personKey: string; cityCode: string },
  enrolledWithActor: boolean,
): PersonView | null {
  if (actor.role === 'worker') return actor.personKey === person.personKey ? 'owner' : null;
  if (actor.role === 'institution_staff') return enrolledWithActor ? 'trainer' : null;
  if (actor.role === 'province_admin' || actor.role === 'city_officer')
    return inScope(actor, { city: person.cityCode }) ? 'official' : null;
  return null;
}

/** Fields of a person change (audit before/after) that are masked or withheld outside the owner's view. */
export function maskPersonChange(values: unknown): unknown {
  if (!values || typeof values !== 'object') return values;
  const { birth_date: _birth, id_enc: _enc, ...rest } = values as Record<string, unknown>;
  if (typeof rest.phone === 'string') rest.phone = maskPhone(rest.phone);
  return rest;
}

/**
 * Whom a picker may find (GET /api/persons/search): the province anyone; a city officer the residents
 * of their city; an institution only the persons in its projects — enrolled in a class it runs or
 * evaluates, or whose training request (点单) a project of its was dispatched for. A project named in
 * the search must itself be in the caller's scope. Anyone else finds nobody.
 */
export type PersonSearchScope =
  | { kind: 'province' }
  | { kind: 'city'; city: string }
  | { kind: 'institution'; institution: string };

export function personSearchScope(actor: Actor): PersonSearchScope {
  if (actor.role === 'province_admin') return { kind: 'province' };
  if (actor.role === 'city_officer' && actor.cityCode) return { kind: 'city', city: actor.cityCode };
  if (actor.role === 'institution_staff' && actor.institutionCode)
    return { kind: 'institution', institution: actor.institutionCode };
  throw new Forbidden();
}
