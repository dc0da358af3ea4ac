import type { Db } from '../../db/client.ts';
import { addMonths } from '../../kernel/dates.ts';

export interface EmploymentRates {
  projectCode: string;
  /** The class's completion date: closing day, or the planned end for imported projects. */
  completedOn: string;
  completers: number;
  employed3: number;
  employed6: number;
  /** Employed within 6 months on a contract of at least `stableContractMonths` (稳定就业). */
  stable6: number;
  /** Whether the 3- and 6-month windows have ended (before that the rates can still rise). */
  final3: boolean;
  final6: boolean;
}

/**
 * Employment of a class's completers (those the closing marked complete; an imported project has
 * none until it is closed here): a completer counts as employed within N months when an
 * employment starts between the class's start and N months after completion.
 */
export async function employmentRates(
  db: Db,
  projectCode: string,
  today: string,
  stableContractMonths: number,
): Promise<EmploymentRates | null> {
  const [p] = await db.query<{ start_date: string; completed_on: string }>(
    'SELECT start_date, COALESCE(closed_on, end_date) AS completed_on FROM training.projects WHERE project_code = $1',
    [projectCode],
  );
  if (!p) return null;
  const m3 = addMonths(p.completed_on, 3);
  const m6 = addMonths(p.completed_on, 6);
  const [r] = await db.query<{ completers: number; e3: number; e6: number; s6: number }>(
    `SELECT count(*)::int AS completers,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.employment m WHERE m.person_key = e.person_key AND m.start_date BETWEEN $2 AND $3))::int AS e3,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.employment m WHERE m.person_key = e.person_key AND m.start_date BETWEEN $2 AND $4))::int AS e6,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.employment m WHERE m.person_key = e.person_key AND m.start_date BETWEEN $2 AND $4
                                                                         AND m.contract_months >= $5))::int AS s6
     FROM training.enrolments e WHERE e.project_code = $1 AND e.completed`,
    [projectCode, p.start_date, m3, m6, stableContractMonths],
  );
  return {
    projectCode,
    completedOn: p.completed_on,
    completers: r.completers,
    employed3: r.e3,
    employed6: r.e6,
    stable6: r.s6,
    final3: today > m3,
    final6: today > m6,
  };
}
