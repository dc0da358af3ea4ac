import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { birthDateOf, checkIdNumber, checkIdRegion } from '../../kernel/identity.ts';
import { maskIdNumber, maskPhone, type PiiVault } from '../../kernel/pii.ts';
import { assertMayChange } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * Self-registration's side of the registry (实名注册): the real-name check of an ID number and a
 * name, and pending persons — created by a worker's own registration with an ID number the
 * registry did not hold, confirmed (groups, residence city) or rejected by the city officer of
 * the residence city. docs/security.md § Self-registration.
 */

/** An ID number as typed, refused in words when it is not a valid GB 11643 number (checksum, birth date, region). */
export function assertRegistrableId(idNumber: string, today: string, field = 'idNumber'): string {
  const id = idNumber.trim().toUpperCase();
  const problem = checkIdNumber(id, today) ?? checkIdRegion(id);
  if (problem) throw new Invalid(problem.reason, problem.zh, problem.en, { field });
  return id;
}

/** A mainland mobile number as digits only, without a +86 / 0086 prefix (registry files write it variously). */
export function normalisedPhone(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  return /^(0086|86)1\d{10}$/.test(digits) ? digits.slice(-11) : digits;
}

/**
 * What the registry holds under an ID number, for the registration workflow only: whether the
 * number is known, whether the typed name matches the registered one, whether the verified phone
 * is the one the registry holds for the person, and the status. Never sent to a client: the
 * registration's answer must not tell these cases apart.
 */
export async function registryMatch(
  db: Db,
  vault: PiiVault,
  idNumber: string,
  name: string,
  phone: string,
): Promise<{ personKey: string; known: boolean; nameMatches: boolean; phoneMatches: boolean; status: string | null }> {
  const personKey = vault.blindIndex(idNumber);
  const [p] = await db.query<{ name: string; status: string; phone: string | null }>(
    'SELECT name, status, phone FROM persons WHERE person_key = $1',
    [personKey],
  );
  const registered = normalisedPhone(p?.phone);
  return {
    personKey,
    known: !!p,
    nameMatches: !!p && p.name === name.trim(),
    phoneMatches: !!p && registered !== '' && registered === normalisedPhone(phone),
    status: p?.status ?? null,
  };
}

/**
 * A pending person from a worker's own registration (in the caller's transaction): the ID number
 * encrypted, no groups (so nothing subsidised) until the city confirms. Audited without the number.
 */
export async function createPendingPerson(
  db: Db,
  vault: PiiVault,
  p: { idNumber: string; name: string; phone: string; cityCode: string },
  actor: string,
): Promise<string> {
  const personKey = vault.blindIndex(p.idNumber);
  const idMasked = maskIdNumber(p.idNumber);
  const inserted = await db.query(
    `INSERT INTO persons (person_key, id_enc, id_masked, name, phone, city_code, groups, birth_date, status)
     VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, 'pending') ON CONFLICT (person_key) DO NOTHING RETURNING person_key`,
    [personKey, vault.encrypt(p.idNumber), idMasked, p.name.trim(), p.phone, p.cityCode, birthDateOf(p.idNumber)],
  );
  if (!inserted.length)
    throw new Conflict('PERSON_EXISTS', '该人员已在实名库中', 'this person is already in the registry');
  await recordAudit(db, [
    {
      actor,
      action: 'person.self_register',
      entity: 'person',
      entityId: personKey,
      after: {
        id_masked: idMasked,
        name: p.name.trim(),
        phone: maskPhone(p.phone),
        city_code: p.cityCode,
        status: 'pending',
      },
    },
  ]);
  return personKey;
}

/** The person of a registration under review, in the actor's scope (locked), or a refusal. */
async function registrantInScope(db: Db, actor: Actor, personKey: string) {
  const [p] = await db.query<{ city_code: string; name: string; id_masked: string; status: string }>(
    `SELECT city_code, name, id_masked, status FROM persons WHERE person_key = $1 FOR UPDATE`,
    [personKey],
  );
  if (!p) throw new NotFound({ zh: '待审核的注册', en: 'pending registration' });
  assertMayChange(actor, { city: p.city_code }, { city: p.city_code });
  return p;
}

/**
 * The city confirms a self-registered person (in the caller's transaction). A pending person (the
 * ID number was new) gets the target groups the officer found them to belong to and the residence
 * city (a city officer may keep only their own city; the province may move them). A person with an
 * official record (imported, before or after the registration) keeps the official data: the
 * confirmation only vouches that the registrant is that person, and `change` is not applied.
 */
export async function confirmPendingPerson(
  db: Db,
  actor: Actor,
  actorName: string,
  personKey: string,
  change: { groups: string[]; cityCode: string },
): Promise<{ official: boolean }> {
  const p = await registrantInScope(db, actor, personKey);
  if (p.status !== 'pending') {
    await recordAudit(db, [
      {
        actor: actorName,
        action: 'person.confirm_registration',
        entity: 'person',
        entityId: personKey,
        after: { official: true },
      },
    ]);
    return { official: true };
  }
  assertMayChange(actor, { city: p.city_code }, { city: change.cityCode });
  if (!(await db.query('SELECT 1 FROM catalog.cities WHERE code = $1', [change.cityCode])).length)
    throw new Invalid('UNKNOWN_CITY', '城市编码不存在', 'no such city', { field: 'cityCode' });
  const groups = [...new Set(change.groups)].sort();
  const known = await db.query<{ code: string }>('SELECT code FROM catalog.target_groups WHERE code = ANY($1)', [
    groups,
  ]);
  if (known.length !== groups.length)
    throw new Invalid('UNKNOWN_GROUP', '重点群体编码不存在', 'no such target group', { field: 'groups' });
  await db.query(
    `UPDATE persons SET status = 'active', groups = $2, city_code = $3, updated_at = now() WHERE person_key = $1`,
    [personKey, groups, change.cityCode],
  );
  await recordAudit(db, [
    {
      actor: actorName,
      action: 'person.confirm_registration',
      entity: 'person',
      entityId: personKey,
      before: { status: 'pending', city_code: p.city_code, groups: [] },
      after: { status: 'active', city_code: change.cityCode, groups },
    },
  ]);
  return { official: false };
}

/**
 * The city rejects a self-registration (in the caller's transaction): a pending person (nothing
 * official, only what the registrant typed) is removed, so the ID number can be registered again
 * properly; a person with an official (imported) record is never removed — only the registration's
 * account goes (the caller's part). The audit keeps the masked record and the reason.
 */
export async function rejectPendingPerson(
  db: Db,
  actor: Actor,
  actorName: string,
  personKey: string,
  reason: string,
): Promise<{ removed: boolean }> {
  const p = await registrantInScope(db, actor, personKey);
  const removed =
    p.status === 'pending' &&
    (await db.query(`DELETE FROM persons WHERE person_key = $1 AND status = 'pending' RETURNING 1`, [personKey]))
      .length > 0;
  await recordAudit(db, [
    {
      actor: actorName,
      action: 'person.reject_registration',
      entity: 'person',
      entityId: personKey,
      before: { status: p.status, id_masked: p.id_masked, name: p.name, city_code: p.city_code },
      after: { reason, person_removed: removed },
    },
  ]);
  return { removed };
}
