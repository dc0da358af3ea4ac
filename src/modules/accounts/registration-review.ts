import type { Db } from '../../db/client.ts';
import { type Actor, cityScope } from '../../kernel/auth.ts';
import { maskPhone } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * 待审核注册: self-registered worker accounts the city has to confirm before they sign in
 * (docs/security.md § Self-registration). The mark is the account's own (`users.registration_review`),
 * so nothing but the confirmation clears it — not an import that makes the person active.
 */

/** Why a registration waits for the city, in words (the list shows these, never the code). */
export const REVIEW_REASONS = {
  new_person: {
    zh: '身份证号不在实名库：请核实身份并确定重点群体',
    en: 'ID number not in the registry: verify the person and set the target groups',
  },
  imported_after: {
    zh: '注册后导入了官方实名记录：请核实注册人是否本人',
    en: 'the official record was imported after the registration: verify the registrant is the person',
  },
  phone_differs: {
    zh: '验证手机号与实名库登记的手机号不一致：请核实注册人是否本人',
    en: 'the verified phone differs from the registry’s: verify the registrant is the person',
  },
} as const;

export type ReviewReason = keyof typeof REVIEW_REASONS;

/** A registration as the officer's list shows it: masked, no birth date. */
export interface RegistrationUnderReview {
  person_key: string;
  id_masked: string;
  /** The registry's name (the official one once imported). */
  name: string;
  /** The name the registrant typed. */
  registrant_name: string;
  /** The registrant's verified phone (their username), masked. */
  phone: string;
  city_code: string;
  city_name: string | null;
  registered_at: Date;
  /** Whether the person has an official (imported) record: confirming then keeps the official data. */
  official: boolean;
  review_reason: ReviewReason;
  review_reason_name: { zh: string; en: string };
}

const SCOPED = `FROM users u JOIN registry.persons p ON p.person_key = u.person_key
  WHERE u.role = 'worker' AND u.registration_review IS NOT NULL AND ($1::text IS NULL OR p.city_code = $1)`;

/** Registrations waiting for the actor: a city officer their city's, the province all; oldest first. */
export async function listRegistrationsUnderReview(db: Db, actor: Actor): Promise<RegistrationUnderReview[]> {
  const rows = await db.query<{
    person_key: string;
    id_masked: string;
    name: string;
    registrant_name: string;
    username: string;
    city_code: string;
    city_name: string | null;
    registered_at: Date;
    status: string;
    review: string;
  }>(
    `SELECT p.person_key, p.id_masked, p.name, u.display_name AS registrant_name, u.username, p.city_code,
            c.name AS city_name, u.created_at AS registered_at, p.status, u.registration_review AS review
     ${SCOPED.replace('WHERE', 'LEFT JOIN catalog.cities c ON c.code = p.city_code WHERE')}
     ORDER BY u.created_at, p.person_key LIMIT 500`,
    [cityScope(actor)],
  );
  return rows.map((r) => {
    const official = r.status !== 'pending';
    const reason: ReviewReason =
      r.review === 'phone_differs' ? 'phone_differs' : official ? 'imported_after' : 'new_person';
    return {
      person_key: r.person_key,
      id_masked: r.id_masked,
      name: r.name,
      registrant_name: r.registrant_name,
      phone: maskPhone(r.username),
      city_code: r.city_code,
      city_name: r.city_name,
      registered_at: r.registered_at,
      official,
      review_reason: reason,
      review_reason_name: REVIEW_REASONS[reason],
    };
  });
}

/** How many registrations wait for the actor (the to-do card counts the same rows as the list). */
export async function countRegistrationsUnderReview(db: Db, actor: Actor): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${SCOPED}`, [cityScope(actor)]);
  return n;
}

/** The account under review of a person (locked for the caller's transaction), or null. */
export async function accountUnderReview(
  db: Db,
  personKey: string,
): Promise<{ id: string; username: string; review: string } | null> {
  const [u] = await db.query<{ id: string; username: string; review: string }>(
    `SELECT id, username, registration_review AS review FROM users
     WHERE person_key = $1 AND role = 'worker' AND registration_review IS NOT NULL FOR UPDATE`,
    [personKey],
  );
  return u ?? null;
}

/** The city's confirmation (in the caller's transaction): the account may sign in from now on. Audited. */
export async function clearRegistrationReview(
  db: Db,
  actor: string,
  account: { id: string; review: string },
): Promise<void> {
  await db.query('UPDATE users SET registration_review = NULL WHERE id = $1', [account.id]);
  await recordAudit(db, [
    {
      actor,
      action: 'user.confirm_registration',
      entity: 'user',
      entityId: account.id,
      before: { registration_review: account.review },
      after: { registration_review: null },
    },
  ]);
}
