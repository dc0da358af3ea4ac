import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { AWARD_NAMES, COMPETITION_LEVEL_NAMES, type Award, type CompetitionLevel } from './field.labels.ts';
import { assertMaySetPromotionRule, type PromotionRule } from './field.policy.ts';

/** A version of the contest promotion rule as stored (docs/field-activities.md § Promotion rule). */
export interface PromotionRuleVersion extends PromotionRule {
  effectiveFrom: string;
  basis: string;
  setBy: string;
}

const COLUMNS = `effective_from::text AS "effectiveFrom", code, levels, awards, max_rank AS "maxRank", basis, set_by AS "setBy"`;

/** The rule in force on a day (a contest's last day): the latest version from that day or before; none before the first. */
export async function promotionRuleOn(db: Db, day: string): Promise<PromotionRuleVersion | null> {
  const [rule] = await db.query<PromotionRuleVersion>(
    `SELECT ${COLUMNS} FROM promotion_rules WHERE effective_from <= $1::date ORDER BY effective_from DESC LIMIT 1`,
    [day],
  );
  return rule ?? null;
}

/** Every version, newest first (the province reads them). */
export async function listPromotionRules(db: Db, actor: Actor): Promise<PromotionRuleVersion[]> {
  assertMaySetPromotionRule(actor);
  return db.query<PromotionRuleVersion>(`SELECT ${COLUMNS} FROM promotion_rules ORDER BY effective_from DESC`);
}

export interface NewPromotionRule {
  effectiveFrom: string;
  code: string;
  levels: string[];
  awards: string[];
  maxRank: number;
  basis: string;
}

/**
 * The province sets the rule from a day on (a version for that day is replaced): the contest levels
 * and awards that may lead to a promotion and the highest level, with the basis it rests on.
 * Audited `promotion_rule.set` with before and after. Contests that ended before the day keep the
 * rule they had.
 */
export async function setPromotionRule(
  db: Db,
  actor: Actor,
  input: NewPromotionRule,
  clock: Clock = systemClock,
): Promise<PromotionRuleVersion> {
  assertMaySetPromotionRule(actor);
  const effectiveFrom = requireDate(input.effectiveFrom, 'effectiveFrom');
  const code = input.code.trim();
  if (!/^[A-Z][A-Z0-9_]{2,59}$/.test(code))
    throw new Invalid(
      'BAD_RULE_CODE',
      '规则代码应为 3–60 位大写字母、数字或下划线',
      'the rule code is 3–60 capital letters, digits or underscores',
      { field: 'code' },
    );
  const levels = [...new Set(input.levels)];
  const badLevels = levels.filter((l) => !Object.hasOwn(COMPETITION_LEVEL_NAMES, l));
  if (!levels.length || badLevels.length)
    throw new Invalid(
      'BAD_CONTEST_LEVEL',
      `竞赛级别应为 ${Object.values(COMPETITION_LEVEL_NAMES)
        .map((n) => n.zh)
        .join('、')} 中的一个或多个`,
      `levels must be one or more of ${Object.keys(COMPETITION_LEVEL_NAMES).join(', ')}`,
      { field: 'levels' },
    );
  const awards = [...new Set(input.awards)];
  const badAwards = awards.filter((a) => !Object.hasOwn(AWARD_NAMES, a));
  if (!awards.length || badAwards.length)
    throw new Invalid(
      'UNKNOWN_AWARD',
      `奖项应为 ${Object.values(AWARD_NAMES)
        .map((n) => n.zh)
        .join('、')} 中的一个或多个`,
      `awards must be one or more of ${Object.keys(AWARD_NAMES).join(', ')}`,
      { field: 'awards' },
    );
  const ranks = await db.query<{ rank: number; name: string }>('SELECT rank, name FROM catalog.levels ORDER BY rank');
  if (!Number.isInteger(input.maxRank) || !ranks.some((r) => r.rank === input.maxRank))
    throw new Invalid(
      'BAD_MAX_RANK',
      `最高等级应为职业技能等级序号 ${ranks.map((r) => `${r.rank}（${r.name}）`).join('、')} 之一`,
      `maxRank must be the rank of a skill level: ${ranks.map((r) => r.rank).join(', ')}`,
      { field: 'maxRank' },
    );
  const basis = input.basis.trim();
  if (basis.length < 4)
    throw new Invalid(
      'BASIS_REQUIRED',
      '请写明规则依据（文件原文或所作假设）',
      'state the rule’s basis: the source text or the assumption',
      {
        field: 'basis',
      },
    );
  return db.transaction(async (tx) => {
    const [before] = await tx.query<PromotionRuleVersion>(
      `SELECT ${COLUMNS} FROM promotion_rules WHERE effective_from = $1::date`,
      [effectiveFrom],
    );
    await tx.query(
      `INSERT INTO promotion_rules (effective_from, code, levels, awards, max_rank, basis, set_by, set_at)
       VALUES ($1, $2, $3::text[], $4::text[], $5, $6, $7, $8)
       ON CONFLICT (effective_from) DO UPDATE SET code = EXCLUDED.code, levels = EXCLUDED.levels, awards = EXCLUDED.awards,
         max_rank = EXCLUDED.max_rank, basis = EXCLUDED.basis, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [effectiveFrom, code, levels, awards, input.maxRank, basis, actorName(actor), clock.now()],
    );
    const after: PromotionRuleVersion = {
      effectiveFrom,
      code,
      levels: levels as CompetitionLevel[],
      awards: awards as Award[],
      maxRank: input.maxRank,
      basis,
      setBy: actorName(actor),
    };
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'promotion_rule.set',
          entity: 'promotion_rule',
          entityId: effectiveFrom,
          before: before ?? null,
          after,
        },
      ],
      clock,
    );
    return after;
  });
}
