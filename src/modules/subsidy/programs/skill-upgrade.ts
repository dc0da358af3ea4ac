import type { Rule } from '../facts.ts';
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
export const upgradeAnnualLimit: Rule = (c, p) => {
  const thisYear = c.counted.filter((d) => d.type === CODE && year(d.appliedOn) === year(c.app.appliedOn));
  if (thisYear.length >= p.upgrade.annualLimit) return 'UPGRADE_ANNUAL_LIMIT';
  if (!c.shortageOnIssue && thisYear.filter((d) => !d.shortage).length >= p.upgrade.nonShortageAnnualLimit)
    return 'UPGRADE_ANNUAL_LIMIT';
  return null;
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
