import type { Db } from '../../db/client.ts';
import { cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { explainReason } from './reasons.ts';
import { ATTENDANCE_NOTE_COLUMNS, type AttendanceNoteRow, withAttendanceNote } from './attendance-note.ts';
import type { TClawback, TSubsidyDecision } from './subsidy.schema.ts';

/** What the 补贴决定 table can be narrowed by; the city filter narrows within the caller's scope only. */
export interface DecisionFilter extends PageQuery {
  decision?: 'approved' | 'rejected' | 'review';
  type?: string;
  city?: string;
  /** A person's name (prefix), an application ID, a certificate number or a project code. */
  q?: string;
  from?: string;
  to?: string;
  /** open: approved and still in its public notice period (公示) on `today`, so not yet payable. */
  notice?: 'open';
}

const DECISION_SORTS: Record<string, string> = {
  application_id: 'd.application_id',
  applied_on: 'd.applied_on',
  amount_fen: 'd.amount_fen',
  person_name: 'p.name',
  city_name: 'd.city_code',
  decision: 'd.decision',
  type: 'd.type',
};

/**
 * Subsidy decisions in the caller's scope (a city officer their city's, a worker their own), one page
 * of them filtered and sorted on the server, each reason in plain words; `total` counts the whole
 * filtered list. `page: false` returns every match up to `EXPORT_CAP` rows (the XLSX export).
 */
export async function listDecisions(
  db: Db,
  actor: Actor,
  query: DecisionFilter = {},
  page = true,
  today: string = chinaDate(new Date()),
): Promise<{ items: TSubsidyDecision[]; total: number }> {
  const { from, params } = decisionsWhere(actor, query, today);
  const { limit, offset } = page ? pageBounds(query) : { limit: EXPORT_CAP, offset: 0 };
  const rows = await db.query<Omit<TSubsidyDecision, 'reasons'> & { reasons: string[] } & AttendanceNoteRow>(
    `SELECT d.application_id, d.type, d.applied_on, d.certificate_no, d.project_code, d.decision, d.amount_fen, d.reasons, d.policy_version,
            d.city_code, c.name AS city_name, p.name AS person_name, p.id_masked, ${ATTENDANCE_NOTE_COLUMNS}
     ${from}
     ${orderBy(query, DECISION_SORTS, 'd.applied_on DESC', 'd.application_id')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  const total = await countDecisions(db, actor, query, today);
  return {
    items: rows.map((row) => ({ ...withAttendanceNote(row), reasons: row.reasons.map(explainReason) })),
    total,
  };
}

/** How many decisions match the list's filter for this caller: the list's own `total` (a to-do card's count). */
export async function countDecisions(
  db: Db,
  actor: Actor,
  query: DecisionFilter = {},
  today: string = chinaDate(new Date()),
): Promise<number> {
  const { from, params } = decisionsWhere(actor, query, today);
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total ${from}`, params);
  return total;
}

/** The one filter behind the decision list, its count and its export: scope, then the query. */
function decisionsWhere(actor: Actor, query: DecisionFilter, today: string) {
  const params = [
    cityScope(actor),
    actor.role === 'worker' ? actor.personKey : null,
    query.decision ?? null,
    query.type ?? null,
    query.city ?? null,
    query.q?.trim() || null,
    query.from ?? null,
    query.to ?? null,
    query.notice ?? null,
    today,
  ];
  // decision_attendance joins on its key: PostgreSQL drops the join where its columns are not read (counts).
  const from = `FROM decisions d JOIN registry.persons p ON p.person_key = d.person_key LEFT JOIN catalog.cities c ON c.code = d.city_code
     LEFT JOIN decision_attendance da ON da.application_id = d.application_id
     WHERE ($1::text IS NULL OR d.city_code = $1) AND ($2::text IS NULL OR d.person_key = $2) AND ($3::text IS NULL OR d.decision = $3)
       AND ($4::text IS NULL OR d.type = $4) AND ($5::text IS NULL OR d.city_code = $5)
       AND ($6::text IS NULL OR p.name LIKE $6 || '%' OR d.application_id = $6 OR d.certificate_no = $6 OR d.project_code = $6)
       AND ($7::date IS NULL OR d.applied_on >= $7::date) AND ($8::date IS NULL OR d.applied_on <= $8::date)
       AND ($9::text IS NULL OR (d.decision = 'approved'
         AND EXISTS (SELECT 1 FROM public_notices n WHERE n.application_id = d.application_id AND n.notice_until >= $10::date)))`;
  return { from, params };
}

/** The most rows one export carries (a province's year of decisions fits; beyond, narrow the filter). */
export const EXPORT_CAP = 200_000;

/** Clawback receivables (追回) in the caller's city, newest first. */
export async function listClawbacks(db: Db, actor: Actor): Promise<TClawback[]> {
  return db.query<TClawback>(
    `SELECT c.id, c.application_id, c.amount_fen, c.reason, c.status, c.trail, c.created_at, d.city_code
     FROM clawbacks c JOIN decisions d USING (application_id)
     WHERE ($1::text IS NULL OR d.city_code = $1) ORDER BY c.created_at DESC`,
    [cityScope(actor)],
  );
}
