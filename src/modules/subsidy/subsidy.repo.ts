import type { Db } from '../../db/client.ts';
import { cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { explainReason } from './reasons.ts';
import type { TClawback, TSubsidyDecision } from './subsidy.schema.ts';

/** What the decision list may be narrowed to, beside the caller's scope. */
export interface DecisionQuery {
  decision?: 'approved' | 'rejected' | 'review';
  /** open: approved and still in its public notice period (公示) on `today`, so not yet payable. */
  notice?: 'open';
  limit?: number;
}

/** The one filter behind the decision list and its count: scope, then the query. */
function decisionsWhere(actor: Actor, query: DecisionQuery, today: string) {
  return {
    where: `WHERE ($1::text IS NULL OR d.city_code = $1) AND ($2::text IS NULL OR d.person_key = $2) AND ($3::text IS NULL OR d.decision = $3)
       AND ($4::text IS NULL OR (d.decision = 'approved'
         AND EXISTS (SELECT 1 FROM public_notices n WHERE n.application_id = d.application_id AND n.notice_until >= $5::date)))`,
    params: [
      cityScope(actor),
      actor.role === 'worker' ? actor.personKey : null,
      query.decision ?? null,
      query.notice ?? null,
      today,
    ],
  };
}

/**
 * Subsidy decisions in the caller's scope (a city officer their city's, a worker their own), each
 * reason in plain words.
 */
export async function listDecisions(
  db: Db,
  actor: Actor,
  query: DecisionQuery = {},
  today: string = chinaDate(new Date()),
): Promise<TSubsidyDecision[]> {
  const { where, params } = decisionsWhere(actor, query, today);
  const rows = await db.query<Omit<TSubsidyDecision, 'reasons'> & { reasons: string[] }>(
    `SELECT d.application_id, d.type, d.applied_on, d.certificate_no, d.project_code, d.decision, d.amount_fen, d.reasons, d.policy_version,
            d.city_code, c.name AS city_name, p.name AS person_name, p.id_masked
     FROM decisions d JOIN registry.persons p ON p.person_key = d.person_key LEFT JOIN catalog.cities c ON c.code = d.city_code
     ${where}
     ORDER BY d.application_id LIMIT $6`,
    [...params, query.limit ?? 200],
  );
  return rows.map((row) => ({ ...row, reasons: row.reasons.map(explainReason) }));
}

/** How many decisions match the list's filter for this caller (the list answers at most `limit` of them). */
export async function countDecisions(
  db: Db,
  actor: Actor,
  query: Omit<DecisionQuery, 'limit'> = {},
  today: string = chinaDate(new Date()),
): Promise<number> {
  const { where, params } = decisionsWhere(actor, query, today);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM decisions d ${where}`, params);
  return n;
}

/** Clawback receivables (追回) in the caller's city, newest first. */
export async function listClawbacks(db: Db, actor: Actor): Promise<TClawback[]> {
  return db.query<TClawback>(
    `SELECT c.id, c.application_id, c.amount_fen, c.reason, c.status, c.trail, c.created_at, d.city_code
     FROM clawbacks c JOIN decisions d USING (application_id)
     WHERE ($1::text IS NULL OR d.city_code = $1) ORDER BY c.created_at DESC`,
    [cityScope(actor)],
  );
}
