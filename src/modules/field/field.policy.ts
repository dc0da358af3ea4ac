import type { Actor } from '../../kernel/auth.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { inScope, outOfScope } from '../../kernel/scope.ts';
import type { Award, CompetitionLevel } from './field.labels.ts';

/**
 * Who may do what with field activities and competitions (docs/field-activities.md § Who may).
 * The one scope rule (kernel/scope.ts): the province everything, a city officer its city, a
 * department its sectors, an institution what it organises itself.
 */

/** The roles that organise activities; enterprises and workers take part, they do not organise. */
const ORGANISERS = ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] as const;

/** An organiser creates, checks in at and records hires of an activity inside its scope only. */
export function assertMayOrganiseActivity(
  actor: Actor,
  a: { city_code: string; sector: string | null; institution_code: string | null },
): void {
  if (!(ORGANISERS as readonly string[]).includes(actor.role)) throw new Forbidden();
  if (!inScope(actor, { city: a.city_code, sector: a.sector, institution: a.institution_code })) throw outOfScope();
}

/**
 * A contest's organiser: the province any contest; a city officer city contests of its city; a
 * department industry contests in its sectors. Institutions and enterprises do not run them here.
 */
export function assertMayOrganiseCompetition(
  actor: Actor,
  c: { level: CompetitionLevel; city_code: string | null; sector: string | null },
): void {
  if (actor.role === 'province_admin') return;
  if (actor.role === 'city_officer' && c.level === 'city' && c.city_code === actor.cityCode) return;
  if (actor.role === 'department_officer' && c.level === 'industry' && c.sector && actor.sectors.includes(c.sector))
    return;
  if (actor.role === 'city_officer' || actor.role === 'department_officer')
    throw new Forbidden(
      'COMPETITION_LEVEL_NOT_YOURS',
      '市级人员只能组织本市的市级竞赛，行业部门只能组织本领域的行业竞赛',
      'a city officer organises city contests of its city; a department industry contests in its sectors',
    );
  throw new Forbidden();
}

/** Check-in happens on the activity's own days (China time), not before and not afterwards. */
export function checkinOutsideActivityDays(today: string, startDay: string, endDay: string): Invalid | null {
  if (today < startDay || today > endDay)
    return new Invalid(
      'CHECKIN_NOT_ON_ACTIVITY_DAY',
      `只能在活动当天签到（${startDay === endDay ? startDay : `${startDay}至${endDay}`}）`,
      `check-in is possible on the activity's days only (${startDay === endDay ? startDay : `${startDay} to ${endDay}`})`,
    );
  return null;
}

/**
 * 竞赛晋升: which results may lead to a level promotion record. The action plan names the contests
 * (“举办‘江苏工匠’岗位练兵职业技能竞赛活动”) but no promotion rule, so the rule is policy data the
 * province sets (`promotion_rules`, promotion-rules.ts; docs/field-activities.md § Promotion rule):
 * the version in force on the contest's last day. A proposal is a record an official confirms —
 * never a certificate.
 */
export interface PromotionRule {
  code: string;
  levels: CompetitionLevel[];
  awards: Award[];
  /** The highest level rank (新八级工) a result may lead to. */
  maxRank: number;
}

/** Whether a result earns a promotion proposal under the rule in force (none: never). */
export function resultAllowsPromotion(
  rule: PromotionRule | null,
  level: CompetitionLevel,
  award: Award | null,
): rule is PromotionRule {
  return !!rule && rule.levels.includes(level) && award !== null && rule.awards.includes(award);
}

/** The province sets the promotion rule, as it confirms the promotions it proposes. */
export function assertMaySetPromotionRule(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden(
      'PROVINCE_SETS_PROMOTION_RULE',
      '竞赛晋升规则由省人社厅设定',
      'the province sets the promotion rule',
    );
}

/** Only prize-winners (any award) are offered for the 江苏工匠 nomination. */
export function mayBeNominated(award: string | null): boolean {
  return award !== null;
}

/** Promotions are confirmed by the province (the level ladder is the province's). */
export function assertMayDecidePromotion(actor: Actor): void {
  if (actor.role !== 'province_admin') throw new Forbidden();
}
