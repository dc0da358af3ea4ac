import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CredentialMapping, NominationListItem, PublishedCraftsman, WorkerProfile } from './evaluation.schema.ts';

/** Default 技能等级 ↔ 职称 / 学历 mapping (the plan's 七); the province edits it. */
const DEFAULT_MAPPINGS: [string, string, string][] = [
  ['L3', '助理级（初级职称）', '中专/技工院校中级工班 → 可按规定参加相应职称评审'],
  ['L2', '中级职称', '预备技师（技师）班毕业享受大专学历待遇'],
  ['L1', '副高级职称', '高级技师享受相应专业技术人员待遇'],
  ['LS', '正高级职称', '特级技师'],
  ['LC', '正高级职称', '首席技师'],
];

export async function seedCredentialMappings(db: Db): Promise<void> {
  for (const [level, title, edu] of DEFAULT_MAPPINGS) {
    await db.query(
      'INSERT INTO credential_mappings (level, title_level, education) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING',
      [level, title, edu],
    );
  }
}

export async function listCredentialMappings(db: Db) {
  return db.query<CredentialMapping>(
    'SELECT m.level, l.name AS level_name, m.title_level, m.education, m.note FROM credential_mappings m JOIN catalog.levels l ON l.code = m.level ORDER BY l.rank',
  );
}

/** The province edits one level's mapping (audited). */
export async function setCredentialMapping(
  db: Db,
  actor: Actor,
  level: string,
  v: { titleLevel: string; education: string; note?: string | null },
) {
  return db.transaction(async (tx) => {
    const [l] = await tx.query('SELECT 1 FROM catalog.levels WHERE code = $1', [level]);
    if (!l) throw new NotFound({ zh: `等级 ${level}`, en: `level ${level}` });
    const [before] = await tx.query('SELECT title_level, education, note FROM credential_mappings WHERE level = $1', [
      level,
    ]);
    await tx.query(
      `INSERT INTO credential_mappings (level, title_level, education, note) VALUES ($1,$2,$3,$4)
      ON CONFLICT (level) DO UPDATE SET title_level = EXCLUDED.title_level, education = EXCLUDED.education, note = EXCLUDED.note`,
      [level, v.titleLevel, v.education, v.note ?? null],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'credential_mapping.set',
        entity: 'credential_mapping',
        entityId: level,
        before: before ?? null,
        after: v,
      },
    ]);
  });
}

/**
 * A worker's profile in one place: who they are (their own full ID), their trainings with
 * attendance, certificates with the mapped title and education, and subsidies.
 */
export async function workerProfile(db: Db, actor: Actor, revealId: (enc: string) => string): Promise<WorkerProfile> {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const key = actor.personKey;
  const [person] = await db.query<{
    id_enc: string;
    name: string;
    phone: string | null;
    city_name: string | null;
    groups: string[];
    insured_months: number;
  }>(
    'SELECT p.id_enc, p.name, p.phone, c.name AS city_name, p.groups, p.insured_months FROM registry.persons p LEFT JOIN catalog.cities c ON c.code = p.city_code WHERE p.person_key = $1',
    [key],
  );
  if (!person) throw new NotFound({ zh: '人员', en: 'person' });
  const trainings = await db.query<WorkerProfile['trainings'][number]>(
    `SELECT e.project_code, pr.title, i.name AS institution_name, pr.start_date, pr.end_date,
            (SELECT count(*)::int FROM training.sessions s WHERE s.project_code = e.project_code) AS sessions,
            (SELECT count(DISTINCT a.session_no)::int FROM training.attendance a WHERE a.project_code = e.project_code AND a.person_key = e.person_key AND a.method <> 'manual') AS sessions_with_records
     FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     WHERE e.person_key = $1 ORDER BY pr.start_date DESC`,
    [key],
  );
  const certificates = await db.query<WorkerProfile['certificates'][number]>(
    `SELECT c.certificate_no, c.kind, c.level, l.name AS level_name, o.name AS occupation_name, c.issued_on, c.revoked_on,
            m.title_level, m.education
     FROM certificates c LEFT JOIN catalog.levels l ON l.code = c.level LEFT JOIN catalog.occupations o ON o.code = c.occupation_code
     LEFT JOIN credential_mappings m ON m.level = c.level WHERE c.person_key = $1 ORDER BY c.issued_on DESC`,
    [key],
  );
  const { id_enc, ...rest } = person;
  return { person: { ...rest, id_number: revealId(id_enc) }, trainings, certificates };
}

export interface Nomination {
  year: number;
  idNumberKey: string;
  unit: string;
  citation: string;
}

/** Cities and departments nominate 江苏工匠 candidates (a real-name person with certificates). */
export async function nominateCraftsman(db: Db, actor: Actor, input: Nomination, clock: Clock = systemClock) {
  const [p] = await db.query<{ city_code: string }>('SELECT city_code FROM registry.persons WHERE person_key = $1', [
    input.idNumberKey,
  ]);
  if (!p) throw new Invalid('UNKNOWN_PERSON', '被推荐人不在实名库中', 'the nominee is not in the real-name registry');
  if (actor.role === 'city_officer' && actor.cityCode !== p.city_code)
    throw new Forbidden('OUT_OF_SCOPE', '只能推荐本市人员', 'you may nominate residents of your city only');
  // A department nominates craftsmen of its sectors: the nominee holds a certificate in one of its occupations.
  if (
    actor.role === 'department_officer' &&
    !(
      await db.query(
        'SELECT 1 FROM certificates x JOIN catalog.occupations o ON o.code = x.occupation_code WHERE x.person_key = $1 AND o.sector = ANY($2::text[]) LIMIT 1',
        [input.idNumberKey, actor.sectors],
      )
    ).length
  ) {
    throw new Forbidden(
      'OUT_OF_SCOPE',
      '只能推荐持有本领域职业证书的人员',
      'you may nominate holders of certificates in your sectors only',
    );
  }
  if (input.citation.trim().length < 10)
    throw new Invalid('CITATION_TOO_SHORT', '推荐事迹至少10个字', 'the citation needs at least 10 characters');
  const id = newId();
  await db.transaction(async (tx) => {
    // The unique index on (year, person_key) decides between parallel nominations: one is stored, the others are refused.
    const [stored] = await tx.query(
      `INSERT INTO craftsman_nominations (id, year, person_key, nominated_by, unit, citation, status, created_at) VALUES ($1,$2,$3,$4,$5,$6,'nominated',$7)
      ON CONFLICT (year, person_key) DO NOTHING RETURNING id`,
      [id, input.year, input.idNumberKey, actorName(actor), input.unit, input.citation, clock.now()],
    );
    if (!stored)
      throw new Conflict('ALREADY_NOMINATED', '该人员本年度已被推荐', 'this person is already nominated this year');
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'craftsman.nominate',
          entity: 'craftsman_nomination',
          entityId: id,
          after: { year: input.year, unit: input.unit },
        },
      ],
      clock,
    );
  });
  return { id, status: 'nominated' as const };
}

/** Nominations with each nominee's certificate history, for review. */
export async function listNominations(db: Db, actor: Actor, year: number) {
  return db.query<NominationListItem>(
    `SELECT n.id, n.year, n.unit, n.citation, n.status, n.review_note, n.nominated_by, p.name, p.id_masked, c.name AS city_name,
            (SELECT json_agg(json_build_object('certificate_no', x.certificate_no, 'occupation', o.name, 'level', x.level, 'issued_on', x.issued_on, 'revoked_on', x.revoked_on) ORDER BY x.issued_on)
             FROM certificates x LEFT JOIN catalog.occupations o ON o.code = x.occupation_code WHERE x.person_key = n.person_key) AS certificates
     FROM craftsman_nominations n JOIN registry.persons p ON p.person_key = n.person_key LEFT JOIN catalog.cities c ON c.code = p.city_code
     WHERE n.year = $1 AND ($2::text IS NULL OR p.city_code = $2)
       AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM certificates x JOIN catalog.occupations o ON o.code = x.occupation_code
                                          WHERE x.person_key = n.person_key AND o.sector = ANY($3::text[])))
     ORDER BY c.name, p.name`,
    [year, cityScope(actor), actor.role === 'department_officer' ? actor.sectors : null],
  );
}

/** The province reviews: select (published) or reject, with a note. */
export async function reviewNomination(
  db: Db,
  actor: Actor,
  id: string,
  decision: 'selected' | 'rejected',
  note: string,
) {
  return db.transaction(async (tx) => {
    const [n] = await tx.query<{ status: string }>(
      'SELECT status FROM craftsman_nominations WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!n) throw new NotFound({ zh: '推荐', en: 'nomination' });
    await tx.query('UPDATE craftsman_nominations SET status = $2, review_note = $3 WHERE id = $1', [
      id,
      decision,
      note,
    ]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `craftsman.${decision}`,
        entity: 'craftsman_nomination',
        entityId: id,
        before: { status: n.status },
        after: { status: decision, note },
      },
    ]);
    return { id, status: decision };
  });
}

/** The published yearly list of 江苏工匠 (public): name, city, unit, occupations — no ID numbers. */
/** 省级工匠 of a year: the nominations the province selected (the plan's ~100 a year counts these). */
export async function selectedCraftsmenCount(db: Db, year: number): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM craftsman_nominations WHERE year = $1 AND status = 'selected'",
    [year],
  );
  return n;
}

export async function publishedCraftsmen(db: Db, year: number) {
  return db.query<PublishedCraftsman>(
    `SELECT p.name, c.name AS city_name, n.unit, n.citation,
            (SELECT string_agg(DISTINCT o.name, '、') FROM certificates x JOIN catalog.occupations o ON o.code = x.occupation_code WHERE x.person_key = n.person_key AND x.revoked_on IS NULL) AS occupations
     FROM craftsman_nominations n JOIN registry.persons p ON p.person_key = n.person_key LEFT JOIN catalog.cities c ON c.code = p.city_code
     WHERE n.year = $1 AND n.status = 'selected' ORDER BY c.name, p.name`,
    [year],
  );
}
