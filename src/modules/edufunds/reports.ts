import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { outOfScope } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';
import { enterpriseFilter, mayReportFund, type EnterpriseFacts } from './edufunds.policy.ts';
import { MAX_FUND_FEN, type FundRow } from './fund-rows.ts';
import { loadEdufundParameters } from './parameters.ts';
import { belowFrontLineShare, frontLineShareBp, spentFen, type ShareFinding } from './share-rule.ts';

/**
 * Writes checked fund reports (the latest for an enterprise and year replaces the earlier), each
 * change audited with the figures before and after. Callers have checked scope and values.
 */
export async function writeFundReports(
  tx: Db,
  actor: Actor,
  rows: FundRow[],
  how: { source: 'form' | 'upload'; uploadId?: string },
  clock: Clock,
) {
  const audit = [];
  for (const r of rows) {
    const [before] = await tx.query<Omit<FundRow, 'enterpriseCode' | 'year'>>(
      `SELECT extracted_fen AS "extractedFen", front_line_fen AS "frontLineFen", management_fen AS "managementFen", other_fen AS "otherFen"
       FROM edufund_reports WHERE enterprise_code = $1 AND year = $2 FOR UPDATE`,
      [r.enterpriseCode, r.year],
    );
    await tx.query(
      `INSERT INTO edufund_reports (enterprise_code, year, extracted_fen, front_line_fen, management_fen, other_fen, source, upload_id, reported_by, reported_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (enterprise_code, year) DO UPDATE SET extracted_fen = EXCLUDED.extracted_fen, front_line_fen = EXCLUDED.front_line_fen,
         management_fen = EXCLUDED.management_fen, other_fen = EXCLUDED.other_fen, source = EXCLUDED.source, upload_id = EXCLUDED.upload_id,
         reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at`,
      [
        r.enterpriseCode,
        r.year,
        r.extractedFen,
        r.frontLineFen,
        r.managementFen,
        r.otherFen,
        how.source,
        how.uploadId ?? null,
        actorName(actor),
        clock.now(),
      ],
    );
    const { enterpriseCode, year, ...after } = r;
    audit.push({
      actor: actorName(actor),
      action: 'edufund.report',
      entity: 'edufund_report',
      entityId: `${enterpriseCode}/${year}`,
      before: before ?? null,
      after: { ...after, source: how.source },
    });
  }
  if (audit.length) await recordAudit(tx, audit, clock);
}

/** 表单填报: one enterprise's fund for a year, typed in (amounts in fen), under the same rules as an upload row. */
export async function setFundReport(db: Db, actor: Actor, row: FundRow, clock: Clock = systemClock) {
  const [e] = await db.query<EnterpriseFacts>(
    `SELECT credit_code AS "creditCode", city_code AS "cityCode", sector FROM registry.enterprises WHERE credit_code = $1`,
    [row.enterpriseCode],
  );
  if (!e) throw new NotFound({ zh: '企业', en: 'enterprise' }, 'UNKNOWN_ENTERPRISE');
  if (!mayReportFund(actor, e)) throw outOfScope();
  if (!Number.isInteger(row.year) || row.year < 2025 || row.year > 2035)
    throw new Invalid('BAD_YEAR', '年度应为 2025–2035', 'the year must be 2025–2035', { field: 'year' });
  for (const f of ['extractedFen', 'frontLineFen', 'managementFen', 'otherFen'] as const)
    if (!Number.isSafeInteger(row[f]) || row[f] < 0 || row[f] > MAX_FUND_FEN)
      throw new Invalid(
        'BAD_AMOUNT',
        '金额应为非负整数分，且不超过 1000 亿元',
        `${f}: a non-negative whole number of fen, at most 100 billion yuan`,
        { field: f },
      );
  await db.transaction((tx) => writeFundReports(tx, actor, [row], { source: 'form' }, clock));
  return (await listFunds(db, actor, row.year)).funds.find((r) => r.enterpriseCode === row.enterpriseCode)!;
}

/** One enterprise's fund for a year, checked against the share and against the training the platform recorded. */
export interface FundCheck {
  enterpriseCode: string;
  name: string;
  cityCode: string;
  cityName: string;
  sector: string;
  sectorName: string;
  year: number;
  extractedFen: number;
  frontLineFen: number;
  managementFen: number;
  otherFen: number;
  spentFen: number;
  /** Front-line share of spending, basis points rounded down; null when nothing was spent. */
  frontLineShareBp: number | null;
  finding: ShareFinding;
  source: string;
  reportedBy: string;
  reportedAt: Date;
  /** Employees on record (就业登记 with this employer, overlapping the year). */
  employeesRecorded: number;
  /** Of them, those enrolled in a platform class starting in the year, and those who completed one. */
  employeesTrained: number;
  employeesCompleted: number;
}

/**
 * The fund reports of a year in the actor's scope, each with its front-line share, the finding of
 * plan (二)'s rule, and the training the platform recorded for the enterprise's employees.
 */
export async function listFunds(db: Db, actor: Actor, year: number) {
  const f = enterpriseFilter(actor);
  const p = await loadEdufundParameters(db);
  const rows = await db.query<Omit<FundCheck, 'spentFen' | 'frontLineShareBp' | 'finding'>>(
    `WITH r AS (
       SELECT r.*, e.name, e.city_code, e.sector FROM edufund_reports r JOIN registry.enterprises e ON e.credit_code = r.enterprise_code
       WHERE r.year = $1 AND ($2::text IS NULL OR e.city_code = $2) AND ($3::text IS NULL OR e.credit_code = $3)
         AND ($4::text[] IS NULL OR e.sector = ANY($4::text[]))),
     staff AS (
       SELECT DISTINCT m.employer_code, m.person_key FROM training.employment m
       WHERE m.employer_code IN (SELECT enterprise_code FROM r)
         AND m.start_date <= make_date($1, 12, 31) AND (m.end_date IS NULL OR m.end_date >= make_date($1, 1, 1))),
     trained AS (
       SELECT s.employer_code, count(DISTINCT s.person_key)::int AS trained,
              count(DISTINCT s.person_key) FILTER (WHERE n.completed)::int AS completed
       FROM staff s JOIN training.enrolments n ON n.person_key = s.person_key
         JOIN training.projects p ON p.project_code = n.project_code AND EXTRACT(YEAR FROM p.start_date)::int = $1
       GROUP BY 1)
     SELECT r.enterprise_code AS "enterpriseCode", r.name, r.city_code AS "cityCode", COALESCE(ct.name, r.city_code) AS "cityName",
            r.sector, COALESCE(sc.name, r.sector) AS "sectorName", r.year,
            r.extracted_fen AS "extractedFen", r.front_line_fen AS "frontLineFen", r.management_fen AS "managementFen", r.other_fen AS "otherFen",
            r.source, r.reported_by AS "reportedBy", r.reported_at AS "reportedAt",
            (SELECT count(*)::int FROM staff s WHERE s.employer_code = r.enterprise_code) AS "employeesRecorded",
            COALESCE(t.trained, 0) AS "employeesTrained", COALESCE(t.completed, 0) AS "employeesCompleted"
     FROM r LEFT JOIN trained t ON t.employer_code = r.enterprise_code
       LEFT JOIN catalog.cities ct ON ct.code = r.city_code LEFT JOIN catalog.sectors sc ON sc.code = r.sector
     ORDER BY r.sector, r.city_code, r.enterprise_code`,
    [year, f.city, f.enterprise, f.sectors],
  );
  return {
    year,
    parameters: p.all,
    funds: rows.map(
      (r): FundCheck => ({
        ...r,
        spentFen: spentFen(r),
        frontLineShareBp: frontLineShareBp(r),
        finding: belowFrontLineShare(r, p.frontLineShareBp),
      }),
    ),
  };
}
