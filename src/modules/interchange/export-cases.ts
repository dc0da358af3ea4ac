import type { Db } from '../../db/client.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { csvLine } from '../../kernel/tabular/csv-write.ts';
import { recordAudit } from '../audit/index.ts';

/** The columns of `cases.csv` (docs/import-files.md § Exports explains each). */
export const CASE_COLUMNS = [
  'case_id',
  'detector',
  'subject_kind',
  'subject_id',
  'subject_name',
  'project_code',
  'institution_code',
  'institution_name',
  'city_code',
  'opened_on',
  'status',
  'finding',
  'decided_by',
] as const;

/**
 * One row per integrity case, for auditors: the subject's full ID number when it is a person (the
 * file is sensitive: the route and the CLI audit each export), the credit code for an institution
 * or evaluator, the detector's key otherwise (a device, a group of persons). The institution is the
 * project's, or the subject itself when the case is against an institution. Opened on: China date.
 */
export async function caseLines(
  db: Db,
  vault: PiiVault,
  period: { from: string | null; to: string | null },
  actor: string,
): Promise<string[]> {
  const rows = await db.query<{
    id: number;
    detector: string;
    subject_kind: string;
    subject_key: string;
    id_enc: string | null;
    person_name: string | null;
    project_code: string;
    institution_code: string | null;
    institution_name: string | null;
    city_code: string | null;
    opened_on: string;
    status: string;
    finding: string | null;
    decided_by: string | null;
  }>(
    `SELECT c.id, c.detector, c.subject_kind, c.subject_key, p.id_enc, p.name AS person_name, c.project_code,
            COALESCE(pr.institution_code, si.credit_code) AS institution_code, COALESCE(pi.name, si.name) AS institution_name,
            c.city_code, to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opened_on,
            c.status, c.finding, c.decided_by
     FROM integrity.integrity_cases c
     LEFT JOIN registry.persons p ON c.subject_kind = 'person' AND p.person_key = c.subject_key
     LEFT JOIN training.projects pr ON pr.project_code = c.project_code
     LEFT JOIN registry.institutions pi ON pi.credit_code = pr.institution_code
     LEFT JOIN registry.institutions si ON c.subject_kind IN ('institution', 'evaluator') AND si.credit_code = c.subject_key
     WHERE ($1::date IS NULL OR (c.created_at AT TIME ZONE 'Asia/Shanghai')::date >= $1::date)
       AND ($2::date IS NULL OR (c.created_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date)
     ORDER BY c.id`,
    [period.from, period.to],
  );
  // Full ID numbers leave the system: who took them, when, how many, is on the audit chain.
  await recordAudit(db, [
    { actor, action: 'export.cases', entity: 'export', entityId: 'cases.csv', after: { rows: rows.length, ...period } },
  ]);
  return [
    csvLine([...CASE_COLUMNS]),
    ...rows.map((r) =>
      csvLine([
        r.id,
        r.detector,
        r.subject_kind,
        r.id_enc ? vault.decrypt(r.id_enc) : r.subject_key,
        r.person_name ?? (r.subject_kind === 'person' ? null : r.institution_name),
        r.project_code || null,
        r.institution_code,
        r.institution_name,
        r.city_code,
        r.opened_on,
        r.status,
        r.finding,
        r.decided_by,
      ]),
    ),
  ];
}
