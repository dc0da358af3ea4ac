import type { Db } from '../../db/client.ts';
import type { Case } from './facts.ts';
import { loadPolicy } from './policy.repo.ts';
import { TRAINING } from './programs/index.ts';
import { amountBasis, type AmountBasis } from './rules.ts';

/** A class as 找培训 lists it: what its certificate and its city would be. */
export interface ClassForSubsidy {
  projectCode: string;
  occupationCode: string;
  /** The class's target level; a class without one has no expected amount (the certificate decides). */
  level: string | null;
  cityCode: string;
  startDate: string;
  institutionCode: string;
}

/**
 * 预计补贴 for a class in the course catalog: the training subsidy (职业培训补贴) a trainee who
 * completes it and is certified at its level would be decided, under the policy active today.
 *
 * Nothing here restates a rule: the amount is `amountBasis` of settlement for a probe case — a
 * skill-level certificate of the class's occupation and level issued today, in the class's project
 * (so the class's city factor applies). The shortage factor is today's shortage list (the
 * certificate's issue date decides in settlement). Whether a given worker is eligible (target group,
 * limits) is theirs to see on 我的补贴; this is the amount for an eligible one. Null when the level
 * has no training amount (e.g. 专项能力 or no level).
 */
export async function expectedTrainingSubsidy(
  db: Db,
  classes: readonly ClassForSubsidy[],
  today: string,
): Promise<Map<string, AmountBasis | null>> {
  const out = new Map<string, AmountBasis | null>();
  if (classes.length === 0) return out;
  const codes = [...new Set(classes.map((c) => c.occupationCode))];
  const [policy, occupations, shortage] = await Promise.all([
    loadPolicy(db, undefined, today),
    db.query<{ code: string; category: 'A' | 'B' | 'C'; sector: string }>(
      'SELECT code, category, sector FROM catalog.occupations WHERE code = ANY($1::text[])',
      [codes],
    ),
    db.query<{ occupation_code: string }>(
      `SELECT DISTINCT occupation_code FROM catalog.shortage_list
       WHERE occupation_code = ANY($1::text[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)`,
      [codes, today],
    ),
  ]);
  const occupationOf = new Map(occupations.map((o) => [o.code, o]));
  const short = new Set(shortage.map((s) => s.occupation_code));
  for (const k of classes) {
    const occupation = occupationOf.get(k.occupationCode);
    if (!k.level || !occupation) {
      out.set(k.projectCode, null);
      continue;
    }
    const probe: Case = {
      app: {
        applicationId: '~expected',
        type: TRAINING.code,
        personKey: '',
        certificateNo: '',
        projectCode: k.projectCode,
        appliedOn: today,
      },
      person: { groups: [], insuredMonths: 0, cityCode: k.cityCode },
      cert: {
        personKey: '',
        occupationCode: k.occupationCode,
        kind: 'skill_level',
        level: k.level,
        issuedOn: today,
        evaluatorCode: '',
        revokedOn: null,
      },
      occupation: { category: occupation.category, sector: occupation.sector },
      evaluator: null,
      project: { cityCode: k.cityCode, startDate: k.startDate, keyTask: null, institutionCode: k.institutionCode },
      institution: null,
      enrolled: true,
      ratio: { attendedMs: 0, scheduledMs: 0 },
      shortageOnIssue: short.has(k.occupationCode),
      counted: [],
      certCounted: false,
      flags: [],
    };
    out.set(k.projectCode, amountBasis(probe, policy.params, TRAINING));
  }
  return out;
}
