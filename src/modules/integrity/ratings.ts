import type { Db } from '../../db/client.ts';
import { cityScope, type Actor } from '../../kernel/auth.ts';

/**
 * Institution credit (信用) and star rating (星级). Both are documented formulas over the records;
 * the numbers are parameters.
 *   credit = 100 − Σ penalty of confirmed cases in the institution's projects (or against it as an
 *            evaluator) − 3 per upheld complaint − 10 per failed government spot check (score < 60),
 *            floored at 0.
 *   stars  = 1 + ⌊4.999 × quality⌋, quality = weighted mean of the components that have data:
 *            pass rate (certificates from its projects ÷ enrolments), skill uplift (target level of
 *            its projects, 初级 0.25 … 技师及以上 1), employment at 6 months (completers with a job
 *            starting within 6 months of the project's end ÷ enrolments), trainee satisfaction (mean of
 *            1–5 given with trainee confirmations, as (s − 1) ÷ 4) and attendance integrity (share of
 *            its attendance records without an integrity flag).
 *   sanction (recommended) by credit: ≥ 90 none, ≥ 80 warning, ≥ 70 rectification, ≥ 60 suspension,
 *            otherwise removal from the directory.
 */
export const RATING_PARAMS = {
  casePenalty: {
    GHOST_CONSTANT_FACE: 10,
    SYNCHRONIZED_CHECKINS: 10,
    MULTI_INSTITUTION_CLAIM: 5,
    IMPOSSIBLE_TRAVEL: 5,
    CERTIFICATE_MILL: 30,
    EVALUATOR_PASS_RATE: 30,
    SHARED_DEVICE: 10,
    SHARED_FACE_TEMPLATE: 10,
    TOO_PERFECT_ATTENDANCE: 10,
    FABRICATED_CLASS: 30,
    STAFF_AS_TRAINEE: 10,
    TRAINEE_DENIED: 10,
    EMPLOYER_DENIED: 10,
    NOT_CONFIRMED: 2,
    DUPLICATE_PERSON: 0,
  } as Record<string, number>,
  complaintPenalty: 3,
  failedSpotCheckPenalty: 10,
  spotCheckPassScore: 60,
  weights: { passRate: 0.25, uplift: 0.15, employment: 0.25, satisfaction: 0.15, integrity: 0.2 },
  levelUplift: { L5: 0.25, L4: 0.5, L3: 0.75, L2: 1, L1: 1, LS: 1, LC: 1 } as Record<string, number>,
  sanctionBands: [
    [90, 'none'],
    [80, 'warning'],
    [70, 'rectification'],
    [60, 'suspension'],
    [0, 'removal'],
  ] as [number, string][],
};

export const SANCTIONS = {
  none: { zh: '无', en: 'None' },
  warning: { zh: '警示', en: 'Warning' },
  rectification: { zh: '限期整改', en: 'Rectification' },
  suspension: { zh: '暂停补贴培训', en: 'Suspension' },
  removal: { zh: '移出目录', en: 'Removal from the directory' },
  blacklist: { zh: '列入黑名单', en: 'Blacklist' },
} as const;
export type Sanction = keyof typeof SANCTIONS;

export interface InstitutionRating {
  creditCode: string;
  name: string;
  cityCode: string;
  credit: number;
  confirmedCases: number;
  stars: number | null;
  complaintsUpheld: number;
  failedSpotChecks: number;
  components: {
    passRate: number | null;
    uplift: number | null;
    employment: number | null;
    satisfaction: number | null;
    integrity: number | null;
  };
  recommendedSanction: Sanction;
}

/** Credit and stars of every institution in the caller's scope (officials: a city its own, the province all). */
export async function institutionRatings(db: Db, actor: Actor): Promise<InstitutionRating[]> {
  return ratingsOf(db, { city: cityScope(actor), codes: null });
}

/**
 * 信用等级: the public face of credit — a grade by the same bands as the recommended sanction, never the
 * score's evidence (cases, complaints, spot checks stay with officials).
 *   A ≥ 90 (no sanction) · B ≥ 80 (warning) · C ≥ 70 (rectification) · D below 70.
 */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export const CREDIT_GRADE_NAMES: Record<CreditGrade, { zh: string; en: string }> = {
  A: { zh: 'A 守信', en: 'A Trustworthy' },
  B: { zh: 'B 基本守信', en: 'B Mostly trustworthy' },
  C: { zh: 'C 关注', en: 'C Under watch' },
  D: { zh: 'D 失信风险', en: 'D At risk' },
};
export function creditGrade(credit: number): CreditGrade {
  return credit >= 90 ? 'A' : credit >= 80 ? 'B' : credit >= 70 ? 'C' : 'D';
}

/** What the public sees of a rating (找培训, the directory): the stars, the credit grade and the pass and employment rates, not the credit score. */
export interface PublicRating {
  stars: number | null;
  creditGrade: CreditGrade;
  passRate: number | null;
  employmentRate: number | null;
}

/** Credit and stars of the named institutions (dispatch ranking; the caller has checked who may see them). */
export async function ratingsByCode(db: Db, codes: readonly string[]): Promise<Map<string, InstitutionRating>> {
  if (codes.length === 0) return new Map();
  const all = await ratingsOf(db, { city: null, codes: [...new Set(codes)] });
  return new Map(all.map((r) => [r.creditCode, r]));
}

/** The public part of the named institutions' ratings, by credit code (the same formula as the officials' list). */
export async function publicRatings(db: Db, codes: readonly string[]): Promise<Map<string, PublicRating>> {
  if (codes.length === 0) return new Map();
  const all = await ratingsOf(db, { city: null, codes: [...new Set(codes)] });
  return new Map(
    all.map((r) => [
      r.creditCode,
      {
        stars: r.stars,
        creditGrade: creditGrade(r.credit),
        passRate: r.components.passRate,
        employmentRate: r.components.employment,
      },
    ]),
  );
}

async function ratingsOf(db: Db, scope: { city: string | null; codes: string[] | null }): Promise<InstitutionRating[]> {
  const rows = await db.query<{
    credit_code: string;
    name: string;
    city_code: string;
    enrolled: number;
    certified: number;
    employed: number;
    records: number;
    flagged: number;
    levels: string[] | null;
    penalties: { detector: string; n: number }[] | null;
    complaints: number;
    failed_checks: number;
    satisfaction: number | null;
  }>(
    `SELECT i.credit_code, i.name, i.city_code,
       (SELECT count(*)::int FROM training.enrolments e JOIN training.projects p ON p.project_code = e.project_code WHERE p.institution_code = i.credit_code) AS enrolled,
       (SELECT count(DISTINCT c.person_key || c.project_code)::int FROM evaluation.certificates c JOIN training.projects p ON p.project_code = c.project_code WHERE p.institution_code = i.credit_code AND c.revoked_on IS NULL) AS certified,
       (SELECT count(DISTINCT e.person_key || e.project_code)::int FROM training.enrolments e JOIN training.projects p ON p.project_code = e.project_code
          JOIN training.employment m ON m.person_key = e.person_key AND m.start_date BETWEEN p.end_date AND p.end_date + 183
        WHERE p.institution_code = i.credit_code) AS employed,
       (SELECT count(*)::int FROM training.attendance a JOIN training.projects p ON p.project_code = a.project_code WHERE p.institution_code = i.credit_code) AS records,
       (SELECT count(DISTINCT f.attendance_id)::int FROM flags f JOIN training.projects p ON p.project_code = f.project_code WHERE p.institution_code = i.credit_code AND f.status <> 'dismissed') AS flagged,
       (SELECT array_agg(p.level) FROM training.projects p WHERE p.institution_code = i.credit_code AND p.level IS NOT NULL) AS levels,
       (SELECT json_agg(json_build_object('detector', x.detector, 'n', x.n)) FROM (
          SELECT c.detector, count(*)::int AS n FROM integrity_cases c LEFT JOIN training.projects p ON p.project_code = c.project_code
          WHERE c.status = 'confirmed' AND (p.institution_code = i.credit_code OR (c.subject_kind = 'evaluator' AND c.subject_key = i.credit_code))
          GROUP BY c.detector) x) AS penalties,
       (SELECT count(*)::int FROM complaints c WHERE c.institution_code = i.credit_code AND c.status = 'upheld') AS complaints,
       (SELECT count(*)::int FROM quality_evaluations q JOIN training.projects p ON p.project_code = q.project_code
          WHERE p.institution_code = i.credit_code AND q.source = 'spot_check' AND q.score < ${RATING_PARAMS.spotCheckPassScore}) AS failed_checks,
       (SELECT avg(t.satisfaction)::float FROM trainee_confirmations t JOIN training.projects p ON p.project_code = t.project_code
          WHERE p.institution_code = i.credit_code AND t.satisfaction IS NOT NULL) AS satisfaction
     FROM registry.institutions i WHERE ($1::text IS NULL OR i.city_code = $1) AND ($2::text[] IS NULL OR i.credit_code = ANY($2::text[]))
     ORDER BY i.city_code, i.name`,
    [scope.city, scope.codes],
  );
  const P = RATING_PARAMS;
  return rows.map((r) => {
    const penalties = r.penalties ?? [];
    const credit = Math.max(
      0,
      100 -
        penalties.reduce((s, p) => s + (P.casePenalty[p.detector] ?? 10) * p.n, 0) -
        P.complaintPenalty * r.complaints -
        P.failedSpotCheckPenalty * r.failed_checks,
    );
    const components = {
      passRate: r.enrolled ? Math.min(1, r.certified / r.enrolled) : null,
      uplift: r.levels?.length ? r.levels.reduce((s, l) => s + (P.levelUplift[l] ?? 0), 0) / r.levels.length : null,
      employment: r.enrolled ? Math.min(1, r.employed / r.enrolled) : null,
      satisfaction: r.satisfaction === null ? null : (r.satisfaction - 1) / 4,
      integrity: r.records ? 1 - r.flagged / r.records : null,
    };
    let weight = 0;
    let sum = 0;
    for (const [k, v] of Object.entries(components))
      if (v !== null) {
        weight += P.weights[k as keyof typeof P.weights];
        sum += v * P.weights[k as keyof typeof P.weights];
      }
    const quality = weight > 0 ? sum / weight : null;
    return {
      creditCode: r.credit_code,
      name: r.name,
      cityCode: r.city_code,
      credit,
      confirmedCases: penalties.reduce((s, p) => s + p.n, 0),
      complaintsUpheld: r.complaints,
      failedSpotChecks: r.failed_checks,
      stars: quality === null ? null : 1 + Math.floor(4.999 * quality),
      components,
      recommendedSanction: P.sanctionBands.find(([min]) => credit >= min)![1] as Sanction,
    };
  });
}
