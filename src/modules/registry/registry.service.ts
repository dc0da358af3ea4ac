import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { checkIdNumber } from '../../kernel/identity.ts';
import { maskPhone, type PiiVault } from '../../kernel/pii.ts';
import { orderBy, type PageQuery } from '../../kernel/listing.ts';
import { historyOf, recordAudit } from '../audit/index.ts';
import { outOfScope } from '../../kernel/scope.ts';
import { maskPersonChange, personSearchScope, personView, type PersonSearchScope } from './registry.policy.ts';
import type { TPersonMatch } from './registry.schema.ts';

export interface PersonQuery extends PageQuery {
  q?: string;
  city?: string;
  /** A target group code (G1–G9): persons in it. */
  group?: string;
}

const PERSON_SORTS: Record<string, string> = {
  name: 'p.name',
  city_name: 'p.city_code',
  insured_months: 'p.insured_months',
};

/**
 * Persons the actor may see: the province all, a city officer their city's residents, an
 * institution its own trainees. Identity numbers are masked; a search by full number goes
 * through the blind index, never a plaintext column.
 */
export async function listPersons(db: Db, vault: PiiVault, actor: Actor, query: PersonQuery) {
  const city = cityScope(actor) ?? query.city ?? null;
  const byId = query.q && /^\d{17}[\dXx]$/.test(query.q) ? vault.blindIndex(query.q.toUpperCase()) : null;
  const institution = actor.role === 'institution_staff' ? actor.institutionCode : null;
  const params = [
    city,
    byId,
    byId ? null : query.q ? `%${query.q}%` : null,
    institution,
    query.group ?? null,
    query.limit ?? 50,
    query.offset ?? 0,
  ];
  const where = `($1::text IS NULL OR p.city_code = $1) AND ($2::text IS NULL OR p.person_key = $2)
    AND ($3::text IS NULL OR p.name LIKE $3)
    AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code
                                     WHERE e.person_key = p.person_key AND pr.institution_code = $4))
    AND ($5::text IS NULL OR $5 = ANY(p.groups))`;
  const rows = await db.query<PersonRow>(
    `SELECT p.person_key, p.id_masked, p.name, p.phone, p.city_code, c.name AS city_name, p.groups, p.insured_months
     FROM persons p LEFT JOIN catalog.cities c ON c.code = p.city_code WHERE ${where}
     ${orderBy(query, PERSON_SORTS, 'p.city_code, p.name', 'p.person_key')} LIMIT $6 OFFSET $7`,
    params,
  );
  const [{ total }] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM persons p WHERE ${where}`,
    params.slice(0, 5),
  );
  return { total, items: rows.map((r) => ({ ...r, phone: r.phone ? maskPhone(r.phone) : null })) };
}

/**
 * One person's record as the actor's view of it allows (registry.policy.ts): the owner alone sees
 * the full ID number, birth date and phone; officials get the masked record and its history.
 */
export async function getPerson(db: Db, vault: PiiVault, actor: Actor, personKey: string) {
  const [p] = await db.query<PersonRow & { id_enc: string; birth_date: string }>(
    `SELECT p.person_key, p.id_enc, p.id_masked, p.name, p.phone, p.city_code, c.name AS city_name, p.groups, p.insured_months,
            p.insured_as_of::text, p.birth_date::text
     FROM persons p LEFT JOIN catalog.cities c ON c.code = p.city_code WHERE p.person_key = $1`,
    [personKey],
  );
  if (!p) throw new NotFound({ zh: '人员', en: 'person' });
  const enrolled =
    actor.role === 'institution_staff' &&
    (
      await db.query(
        `SELECT 1 FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code WHERE e.person_key = $1 AND pr.institution_code = $2 LIMIT 1`,
        [personKey, actor.institutionCode],
      )
    ).length > 0;
  const view = personView(actor, { personKey, cityCode: p.city_code }, enrolled);
  if (!view) throw outOfScope();
  const record = {
    person_key: p.person_key,
    name: p.name,
    city_code: p.city_code,
    city_name: p.city_name,
    groups: p.groups,
    insured_months: p.insured_months,
    insured_as_of: p.insured_as_of,
    id_masked: p.id_masked,
  };
  if (view === 'owner')
    return { ...record, id_number: vault.decrypt(p.id_enc), phone: p.phone, birth_date: p.birth_date, history: [] };
  const masked = { ...record, id_number: p.id_masked, phone: p.phone ? maskPhone(p.phone) : null };
  if (view === 'trainer') return { ...masked, history: [] };
  const history = (await historyOf(db, 'person', personKey)).map((h) => ({
    ...h,
    before: maskPersonChange(h.before),
    after: maskPersonChange(h.after),
  }));
  return { ...masked, history };
}

interface PersonRow {
  person_key: string;
  id_masked: string;
  name: string;
  phone: string | null;
  city_code: string;
  city_name: string | null;
  groups: string[];
  insured_months: number;
  insured_as_of: string | null;
}

/** The public directory of institutions (培训机构目录 / 评价机构目录). */
/** A type, not an interface: the XLSX writer takes it as a plain record. */
export type InstitutionListRow = {
  credit_code: string;
  name: string;
  roles: string[];
  type: string;
  city_code: string;
  city_name: string | null;
  listed_from: string | null;
  blacklisted_from: string | null;
  capacity: number | null;
};

export async function listInstitutions(db: Db, query: { city?: string; role?: string; q?: string }) {
  return db.query<InstitutionListRow>(
    `SELECT i.credit_code, i.name, i.roles, i.type, i.city_code, c.name AS city_name, i.listed_from, i.blacklisted_from, i.capacity
     FROM institutions i LEFT JOIN catalog.cities c ON c.code = i.city_code
     WHERE ($1::text IS NULL OR i.city_code = $1) AND ($2::text IS NULL OR $2 = ANY(i.roles)) AND ($3::text IS NULL OR i.name LIKE $3)
     ORDER BY i.city_code, i.name`,
    [query.city ?? null, query.role ?? null, query.q ? `%${query.q}%` : null],
  );
}

/** An institution's full record and change history: officials of its city, the province, its own staff. */
export async function getInstitution(db: Db, actor: Actor, code: string) {
  const [i] = await db.query<
    Omit<InstitutionListRow, 'city_name'> & {
      updated_at: Date;
      listed_until: string | null;
      review_due_on: string | null;
    }
  >(
    `SELECT credit_code, name, roles, type, city_code, listed_from, blacklisted_from, capacity, updated_at,
            to_char(listed_until, 'YYYY-MM-DD') AS listed_until, to_char(review_due_on, 'YYYY-MM-DD') AS review_due_on
     FROM institutions WHERE credit_code = $1`,
    [code],
  );
  if (!i) throw new NotFound({ zh: '机构', en: 'institution' });
  if (actor.role === 'institution_staff' && actor.institutionCode !== code) throw new Forbidden();
  assertCity(actor, i.city_code);
  return { ...i, history: await historyOf(db, 'institution', code) };
}

/**
 * 在训容量: the institution itself, its city or the province declares how many trainees it can teach at
 * one time (dispatch ranks by what is left of it). Audited.
 */
export async function setInstitutionCapacity(db: Db, actor: Actor, code: string, capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 100_000)
    throw new Invalid(
      'BAD_CAPACITY',
      '在训容量应为0–100000的整数',
      'capacity must be a whole number from 0 to 100,000',
      {
        field: 'capacity',
      },
    );
  return db.transaction(async (tx) => {
    const [i] = await tx.query<{ city_code: string; capacity: number | null }>(
      'SELECT city_code, capacity FROM institutions WHERE credit_code = $1 FOR UPDATE',
      [code],
    );
    if (!i) throw new NotFound({ zh: '机构', en: 'institution' });
    if (
      actor.role === 'institution_staff'
        ? actor.institutionCode !== code
        : !['province_admin', 'city_officer'].includes(actor.role)
    )
      throw new Forbidden();
    assertCity(actor, i.city_code);
    await tx.query('UPDATE institutions SET capacity = $2, updated_at = now() WHERE credit_code = $1', [
      code,
      capacity,
    ]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'institution.capacity',
        entity: 'institution',
        entityId: code,
        before: { capacity: i.capacity },
        after: { capacity },
      },
    ]);
    return { creditCode: code, capacity };
  });
}

/**
 * Likely duplicates (疑似重复人员): the same name, birth date and phone under different ID numbers.
 * Listed for an official to review; nothing is merged automatically.
 */
export async function likelyDuplicatePersons(db: Db, actor: Actor) {
  const city = cityScope(actor);
  // The birth date is matched on but not shown (it would unmask the IDs); the phone is shown masked.
  const rows = await db.query<{
    name: string;
    phone: string;
    persons: number;
    records: { person_key: string; id_masked: string; city_code: string }[];
  }>(
    `SELECT name, phone, count(*)::int AS persons,
            json_agg(json_build_object('person_key', person_key, 'id_masked', id_masked, 'city_code', city_code) ORDER BY person_key) AS records
     FROM persons
     WHERE phone IS NOT NULL AND ($1::text IS NULL OR city_code = $1)
     GROUP BY name, birth_date, phone HAVING count(*) > 1
     ORDER BY name LIMIT 500`,
    [city],
  );
  return rows.map((r) => ({ name: r.name, phone: maskPhone(r.phone), persons: r.persons, records: r.records }));
}

export interface RegisteredPerson {
  person_key: string;
  name: string;
  id_masked: string;
  city_code: string;
  groups: string[];
}

/**
 * The real-name person behind an ID number typed into a form (实名制): the number must be valid and
 * registered. Errors name the field and never echo the number.
 */
export async function requirePerson(
  db: Db,
  vault: PiiVault,
  idNumber: string,
  field = 'idNumber',
): Promise<RegisteredPerson> {
  const id = idNumber.trim().toUpperCase();
  const problem = checkIdNumber(id);
  if (problem) throw new Invalid(problem.reason, problem.zh, problem.en, { field });
  const [p] = await db.query<RegisteredPerson & { status: string }>(
    'SELECT person_key, name, id_masked, city_code, groups, status FROM persons WHERE person_key = $1',
    [vault.blindIndex(id)],
  );
  if (p?.status === 'pending')
    throw new Invalid(
      'PERSON_PENDING',
      '该人员自助注册后尚待市级审核，审核通过后才能办理',
      'this person registered themself and awaits the city’s confirmation',
      { field },
    );
  if (!p)
    throw new Invalid(
      'UNKNOWN_PERSON',
      '该身份证号不在实名库中，请先登记',
      'this ID number is not in the real-name registry; register the person first',
      { field },
    );
  return p;
}

/**
 * The SQL of a search scope (registry.policy.ts § personSearchScope) over `persons p`: $1 city, $2 institution.
 * Pending self-registrations are not found until the city confirms them.
 */
const SCOPED = `p.status = 'active' AND ($1::text IS NULL OR p.city_code = $1)
  AND ($2::text IS NULL
       OR EXISTS (SELECT 1 FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code
                  WHERE e.person_key = p.person_key AND (pr.institution_code = $2 OR pr.evaluator_code = $2))
       OR EXISTS (SELECT 1 FROM training.training_requests r JOIN training.projects pr ON pr.project_code = r.project_code
                  WHERE r.person_key = p.person_key AND pr.institution_code = $2))`;

const scopeParams = (s: PersonSearchScope) => [
  s.kind === 'city' ? s.city : null,
  s.kind === 'institution' ? s.institution : null,
];

/** A project named in a search must lie in the caller's scope: its city, or run or evaluated by the institution. */
async function assertProjectInScope(db: Db, scope: PersonSearchScope, code: string) {
  const [p] = await db.query<{ city_code: string; institution_code: string; evaluator_code: string | null }>(
    'SELECT city_code, institution_code, evaluator_code FROM training.projects WHERE project_code = $1',
    [code],
  );
  if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
  const ok =
    scope.kind === 'province' ||
    (scope.kind === 'city' && p.city_code === scope.city) ||
    (scope.kind === 'institution' &&
      (p.institution_code === scope.institution || p.evaluator_code === scope.institution));
  if (!ok) throw outOfScope();
}

/**
 * The pickers' search: persons by name, by a piece of the masked ID (`3203`, `7319`,
 * `3203**********7319`) or by the full number (through the blind index), within the caller's scope
 * (registry.policy.ts § personSearchScope). A piece of an ID needs three digits at least. Masked; at most `limit` (20) answers, exact names first.
 */
export async function searchPersons(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  query: { q: string; project?: string; limit?: number },
): Promise<TPersonMatch[]> {
  const scope = personSearchScope(actor);
  if (query.project) await assertProjectInScope(db, scope, query.project);
  const q = query.q.trim();
  const full = /^\d{17}[\dXx]$/.test(q) ? vault.blindIndex(q.toUpperCase()) : null;
  const idPart = !full && /^[\dXx*]+$/.test(q) && /\d{3}/.test(q) ? `%${q.toUpperCase()}%` : null;
  const name = !full && !idPart ? `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  return db.query<TPersonMatch>(
    `SELECT p.person_key AS "personKey", p.name, p.id_masked AS "idMasked", c.name AS "cityName", p.groups,
            CASE WHEN $7::text IS NULL THEN NULL
                 ELSE EXISTS (SELECT 1 FROM training.enrolments e WHERE e.project_code = $7 AND e.person_key = p.person_key) END AS "inProject"
     FROM persons p LEFT JOIN catalog.cities c ON c.code = p.city_code
     WHERE ${SCOPED}
       AND ($3::text IS NULL OR p.person_key = $3) AND ($4::text IS NULL OR p.id_masked LIKE $4) AND ($5::text IS NULL OR p.name LIKE $5)
     ORDER BY (p.name = $8) DESC, p.name, p.id_masked LIMIT $6`,
    [...scopeParams(scope), full, idPart, name, query.limit ?? 20, query.project ?? null, q],
  );
}

/**
 * A person a picker found, chosen by key (enrolment without typing the ID number): the key must
 * name a person within the caller's search scope, or it is refused as out of scope.
 */
export async function requireScopedPerson(db: Db, actor: Actor, personKey: string): Promise<RegisteredPerson> {
  const scope = personSearchScope(actor);
  const [p] = await db.query<RegisteredPerson>(
    `SELECT p.person_key, p.name, p.id_masked, p.city_code, p.groups FROM persons p WHERE p.person_key = $3 AND ${SCOPED}`,
    [...scopeParams(scope), personKey],
  );
  if (!p) throw outOfScope();
  return p;
}
