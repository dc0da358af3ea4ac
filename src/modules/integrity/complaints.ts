import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { likeText, orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { recordAudit } from '../audit/index.ts';
import type { TComplaint } from './integrity.schema.ts';

/** A trainee complains about the institution of a class they were enrolled in. */
export async function fileComplaint(db: Db, actor: Actor, input: { projectCode: string; text: string }) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const text = input.text?.trim();
  if (!text || text.length > 1000)
    throw new Invalid(
      'BAD_TEXT',
      '请填写投诉内容（不超过1000字）',
      'describe the complaint (at most 1,000 characters)',
      { field: 'text' },
    );
  const [p] = await db.query<{ institution_code: string; city_code: string }>(
    `SELECT pr.institution_code, pr.city_code FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code WHERE e.project_code = $1 AND e.person_key = $2`,
    [input.projectCode, actor.personKey],
  );
  if (!p)
    throw new Invalid('NOT_ENROLLED', '只能投诉本人参加过的培训', 'you can complain only about a class you were in', {
      field: 'projectCode',
    });
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO complaints (id, institution_code, project_code, person_key, city_code, text) VALUES ($1,$2,$3,$4,$5,$6)',
      [id, p.institution_code, input.projectCode, actor.personKey, p.city_code, text],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'complaint.file',
        entity: 'complaint',
        entityId: id,
        after: { institution: p.institution_code, project: input.projectCode },
      },
    ]);
  });
  return { id, status: 'open' };
}

/** What the complaint list may be narrowed to, beside the caller's scope. */
export interface ComplaintQuery extends PageQuery {
  status?: string;
  city?: string;
  /** Part of the institution's name, the project code, the complainant's name or the text. */
  q?: string;
}

/** The columns the complaint list may be sorted by (never the caller's text in SQL). */
const COMPLAINT_SORTS: Record<string, string> = {
  created_at: 'c.created_at',
  institution_name: 'i.name',
  project_code: 'c.project_code',
  city_name: 'c.city_code',
  status: 'c.status',
};
/** The most rows one export carries. */
export const COMPLAINT_EXPORT_CAP = 100_000;

/**
 * Complaints in the caller's scope (a worker's own, an institution's against it, a city's), filtered,
 * sorted and one page of them with the total (`page: false`: every match up to the cap, for the export).
 */
export async function listComplaints(
  db: Db,
  actor: Actor,
  query: ComplaintQuery = {},
  page = true,
): Promise<{ items: TComplaint[]; total: number }> {
  const from = `FROM complaints c LEFT JOIN registry.institutions i ON i.credit_code = c.institution_code
     JOIN registry.persons p ON p.person_key = c.person_key LEFT JOIN catalog.cities ct ON ct.code = c.city_code
     WHERE ($1::text IS NULL OR c.city_code = $1) AND ($2::text IS NULL OR c.person_key = $2) AND ($3::text IS NULL OR c.institution_code = $3)
       AND ($4::text IS NULL OR c.status = $4) AND ($5::text IS NULL OR c.city_code = $5)
       AND ($6::text IS NULL OR i.name ILIKE '%' || $6 || '%' OR c.project_code ILIKE '%' || $6 || '%'
            OR p.name ILIKE '%' || $6 || '%' OR c.text ILIKE '%' || $6 || '%')`;
  const params = [
    cityScope(actor),
    actor.role === 'worker' ? actor.personKey : null,
    actor.role === 'institution_staff' ? actor.institutionCode : null,
    query.status ?? null,
    query.city ?? null,
    likeText(query.q),
  ];
  const { limit, offset } = page ? pageBounds(query) : { limit: COMPLAINT_EXPORT_CAP, offset: 0 };
  const items = await db.query<TComplaint>(
    `SELECT c.id, c.institution_code, i.name AS institution_name, c.project_code, c.city_code, ct.name AS city_name,
            c.text, c.status, c.finding, c.created_at, p.name AS person_name
     ${from}
     ${orderBy(query, COMPLAINT_SORTS, 'c.created_at DESC', 'c.id')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return { items, total: n };
}

/** An official upholds or rejects a complaint with a finding; upheld complaints count against credit. */
export async function decideComplaint(
  db: Db,
  actor: Actor,
  id: string,
  input: { status: 'upheld' | 'rejected'; finding: string },
) {
  if (!input.finding?.trim())
    throw new Invalid('FINDING_REQUIRED', '请填写核查结论', 'give the finding', { field: 'finding' });
  return db.transaction(async (tx) => {
    const [c] = await tx.query<{ city_code: string; status: string }>(
      'SELECT city_code, status FROM complaints WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!c) throw new NotFound({ zh: '投诉', en: 'complaint' });
    assertCity(actor, c.city_code);
    if (c.status !== 'open') throw new Conflict('COMPLAINT_CLOSED', '该投诉已处理', 'this complaint has been decided');
    await tx.query('UPDATE complaints SET status = $2, finding = $3, decided_by = $4 WHERE id = $1', [
      id,
      input.status,
      input.finding.trim(),
      actorName(actor),
    ]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `complaint.${input.status}`,
        entity: 'complaint',
        entityId: id,
        before: { status: 'open' },
        after: { status: input.status, finding: input.finding.trim() },
      },
    ]);
    return { id, status: input.status };
  });
}
