import { allowance, type Allowance } from '../allowance.ts';
import type { CountedDecision, Rule } from '../facts.ts';
import type { PolicyParams } from '../policy.ts';
import type { ApplicationProgram } from './program.ts';

// policy.md § Reasons, type `skill_upgrade` (技能提升补贴), in the spec's order.
const CODE = 'skill_upgrade';
const year = (date: string) => date.slice(0, 4);

export const insuredMonthsShort: Rule = (c, p) =>
  c.person.insuredMonths < p.upgrade.insuredMonthsMin ? 'INSURED_MONTHS_SHORT' : null;
export const kindNotCovered: Rule = (c, p) =>
  c.cert && !p.upgrade.kinds.includes(c.cert.kind) ? 'KIND_NOT_COVERED' : null;
/** Only for kinds the subsidy covers: a kind already refused is not refused twice for its level. */
export const upgradeLevelNotCovered: Rule = (c, p) =>
  c.cert && p.upgrade.kinds.includes(c.cert.kind) && !(c.cert.level && p.upgrade.baseFen[c.cert.level] !== undefined)
    ? 'LEVEL_NOT_COVERED'
    : null;
/**
 * UPGRADE_ANNUAL_LIMIT as the person stands in a calendar year: skill-upgrade subsidies counted in
 * that year (`any`, at most 3), and of them for occupations not on the shortage list (`nonShortage`,
 * at most 1). A non-shortage occupation is open while both have some left; a shortage one while `any` has.
 */
export function upgradeAllowance(
  counted: readonly CountedDecision[],
  inYear: string,
  p: PolicyParams,
): { any: Allowance; nonShortage: Allowance } {
  const thisYear = counted.filter((d) => d.type === CODE && year(d.appliedOn) === inYear);
  const any = allowance(p.upgrade.annualLimit, thisYear.length);
  const nonShortage = allowance(p.upgrade.nonShortageAnnualLimit, thisYear.filter((d) => !d.shortage).length);
  return { any, nonShortage: { ...nonShortage, left: Math.min(nonShortage.left, any.left) } };
}
export const upgradeAnnualLimit: Rule = (c, p) => {
  const { any, nonShortage } = upgradeAllowance(c.counted, year(c.app.appliedOn), p);
  return any.left === 0 || (!c.shortageOnIssue && nonShortage.left === 0) ? 'UPGRADE_ANNUAL_LIMIT' : null;
};

/** 技能提升补贴: for insured workers, from the unemployment-insurance fund, to the worker. */
export const SKILL_UPGRADE: ApplicationProgram = {
  code: CODE,
  name: { zh: '技能提升补贴', en: 'Skill-upgrade subsidy' },
  fund: 'unemployment_insurance',
  payee: 'person',
  rules: [insuredMonthsShort, kindNotCovered, upgradeLevelNotCovered, upgradeAnnualLimit],
  /** policy.md § Amount: by level only (L5, L4, L3). */
  baseFen: (c, p) => (c.cert.level ? p.upgrade.baseFen[c.cert.level] : undefined),
};
