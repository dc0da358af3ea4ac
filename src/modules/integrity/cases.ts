import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { DETECTORS } from './detectors.ts';

export interface CaseQuery extends PageQuery {
  status?: string;
  detector?: string;
  city?: string;
}

const CASE_SORTS: Record<string, string> = {
  created_at: 'c.created_at',
  detector: 'c.detector',
  project_code: 'c.project_code',
  city_code: 'c.city_code',
};

/**
 * Cases in the actor's scope, filtered, one page of them with the total, each with its detector's
 * explanation (a province's detectors raise thousands: the list pages rather than stop at a cap).
 */
export async function listCases(db: Db, actor: Actor, query: CaseQuery = {}) {
  const { limit, offset } = pageBounds(query);
  const rows = await db.query<{
    id: number;
    detector: keyof typeof DETECTORS;
    subject_kind: string;
    subject_key: string;
    project_code: string;
    city_code: string | null;
    evidence: Record<string, unknown>;
    status: string;
    finding: string | null;
    decided_by: string | null;
    created_at: Date;
    person_name: string | null;
    id_masked: string | null;
  }>(
    `SELECT c.*, p.name AS person_name, p.id_masked FROM integrity_cases c
     LEFT JOIN registry.persons p ON c.subject_kind = 'person' AND p.person_key = c.subject_key
     ${CASES_WHERE}
     ${orderBy(query, CASE_SORTS, 'c.created_at DESC', 'c.id DESC')} LIMIT ${limit} OFFSET ${offset}`,
    caseParams(actor, query),
  );
  const items = rows.map((r) => ({ ...r, explanation: DETECTORS[r.detector] ?? null }));
  return { items, total: await countCases(db, actor, query) };
}

const CASES_WHERE = `WHERE ($1::text IS NULL OR c.status = $1) AND ($2::text IS NULL OR c.city_code = $2)
  AND ($3::text IS NULL OR c.detector = $3) AND ($4::text IS NULL OR c.city_code = $4)`;
const caseParams = (actor: Actor, q: CaseQuery) => [
  q.status ?? null,
  cityScope(actor),
  q.detector ?? null,
  q.city ?? null,
];

/** How many cases match the list's filter in the caller's city: the list's total, and the to-do card's count. */
export async function countCases(db: Db, actor: Actor, query: CaseQuery = {}) {
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM integrity_cases c ${CASES_WHERE}`,
    caseParams(actor, query),
  );
  return n;
}

/** Precision per detector from officials' findings: confirmed ÷ (confirmed + dismissed). */
export async function detectorPrecision(db: Db) {
  const rows = await db.query<{ detector: string; month: string; confirmed: number; dismissed: number; open: number }>(
    `SELECT detector, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
            count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'dismissed')::int AS dismissed,
            count(*) FILTER (WHERE status = 'open')::int AS open FROM integrity_cases GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const precision = (c: number, d: number) => (c + d > 0 ? c / (c + d) : null);
  // Per detector overall, and month by month (the month a case was opened): how thresholds fare over time.
  const out = new Map<
    string,
    {
      detector: string;
      confirmed: number;
      dismissed: number;
      open: number;
      precision: number | null;
      months: { month: string; confirmed: number; dismissed: number; precision: number | null }[];
    }
  >();
  for (const r of rows) {
    const d = out.get(r.detector) ?? {
      detector: r.detector,
      confirmed: 0,
      dismissed: 0,
      open: 0,
      precision: null,
      months: [],
    };
    d.confirmed += r.confirmed;
    d.dismissed += r.dismissed;
    d.open += r.open;
    d.months.push({
      month: r.month,
      confirmed: r.confirmed,
      dismissed: r.dismissed,
      precision: precision(r.confirmed, r.dismissed),
    });
    out.set(r.detector, d);
  }
  return [...out.values()].map((d) => ({ ...d, precision: precision(d.confirmed, d.dismissed) }));
}

/**
 * Closes an open case with the official's finding (locked, in the caller's transaction, in the
 * official's city); returns what the case was about so the caller can act on a confirmation.
 */
export async function closeCase(tx: Db, actor: Actor, id: number, status: 'confirmed' | 'dismissed', finding: string) {
  const [c] = await tx.query<{
    status: string;
    subject_kind: string;
    subject_key: string;
    project_code: string;
    city_code: string | null;
    detector: string;
    evidence: { application?: string; objections?: { application?: string }[] } | null;
  }>(
    'SELECT status, subject_kind, subject_key, project_code, city_code, detector, evidence FROM integrity_cases WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!c) throw new NotFound({ zh: '案件', en: 'case' });
  if (c.city_code) assertCity(actor, c.city_code);
  if (c.status !== 'open') throw new Conflict('CASE_CLOSED', '该案件已处理', 'this case has been decided');
  await tx.query('UPDATE integrity_cases SET status = $2, finding = $3, decided_by = $4 WHERE id = $1', [
    id,
    status,
    finding,
    actorName(actor),
  ]);
  return c;
}
