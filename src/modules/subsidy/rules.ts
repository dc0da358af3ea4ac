import { addMonths } from '../../kernel/dates.ts';
import { applyFactorsFen } from '../../kernel/money.ts';
import { ratioBelow, type Ratio } from '../training/index.ts';
import { blacklistedBy, listedAs } from '../registry/index.ts';
import type { PolicyParams } from './policy.ts';
import type { ReasonCode } from './reasons.ts';

/**
 * policy.md as code: one named function per reason, the reason code beside it, numbers from the
 * policy version. An auditor can read this file against the spec line by line.
 */

export interface Institution {
  roles: string[];
  listedFrom: string | null;
  blacklistedFrom: string | null;
  cityCode: string;
}

/** An earlier decision that counts (approved or review). */
export interface CountedDecision {
  applicationId: string;
  type: 'training' | 'skill_upgrade';
  appliedOn: string;
  certificateNo: string;
  occupationCode: string | null;
  level: string | null;
  /** Was the certificate's occupation on the shortage list on its issue date? */
  shortage: boolean;
}

/** Everything one decision needs, gathered before the rules run. */
export interface Case {
  app: {
    applicationId: string;
    type: 'training' | 'skill_upgrade';
    personKey: string;
    certificateNo: string;
    projectCode: string | null;
    appliedOn: string;
  };
  person: { groups: string[]; insuredMonths: number; cityCode: string };
  cert: {
    personKey: string;
    occupationCode: string;
    kind: string;
    level: string | null;
    issuedOn: string;
    evaluatorCode: string;
  } | null;
  occupation: { category: 'A' | 'B' | 'C'; sector: string } | null;
  evaluator: Institution | null;
  project: { cityCode: string; startDate: string; keyTask: number | null; institutionCode: string } | null;
  institution: Institution | null;
  enrolled: boolean;
  ratio: Ratio;
  shortageOnIssue: boolean;
  /** The person's counted decisions so far, in decision order. */
  counted: CountedDecision[];
  /** Counted decisions for this certificate, by anyone. */
  certCounted: boolean;
  /** Integrity flag codes on the person's attendance in the project. */
  flags: string[];
}

type Rule = (c: Case, p: PolicyParams) => ReasonCode | null;

const levelled = (c: Case) => !!c.cert?.level;
const rank = (p: PolicyParams, level: string | null) => (level ? p.levelOrder.indexOf(level) : -1);
const year = (date: string) => date.slice(0, 4);

// § Every application
export const certNotFound: Rule = (c) => (c.cert ? null : 'CERT_NOT_FOUND');
export const certOtherPerson: Rule = (c) =>
  c.cert && c.cert.personKey !== c.app.personKey ? 'CERT_OTHER_PERSON' : null;
export const evaluatorNotListed: Rule = (c) => {
  if (!c.cert) return null;
  const e = c.evaluator;
  return listedAs(e, 'evaluation', c.cert.issuedOn) && !blacklistedBy(e, c.cert.issuedOn)
    ? null
    : 'EVALUATOR_NOT_LISTED';
};
export const appliedBeforeCert: Rule = (c) =>
  c.cert && c.app.appliedOn < c.cert.issuedOn ? 'APPLIED_BEFORE_CERT' : null;
export const lateApplication: Rule = (c, p) =>
  c.cert && c.app.appliedOn > addMonths(c.cert.issuedOn, p.applyWithinMonths) ? 'LATE_APPLICATION' : null;
export const certAlreadySubsidized: Rule = (c) => (c.cert && c.certCounted ? 'CERT_ALREADY_SUBSIDIZED' : null);
export const sameOccupationLevel: Rule = (c) =>
  c.cert &&
  levelled(c) &&
  c.counted.some(
    (d) =>
      d.certificateNo !== c.app.certificateNo &&
      d.occupationCode === c.cert!.occupationCode &&
      d.level === c.cert!.level,
  )
    ? 'SAME_OCCUPATION_LEVEL'
    : null;
export const lowerThanSubsidized: Rule = (c, p) =>
  c.cert &&
  levelled(c) &&
  c.counted.some((d) => d.occupationCode === c.cert!.occupationCode && rank(p, d.level) > rank(p, c.cert!.level))
    ? 'LOWER_THAN_SUBSIDIZED'
    : null;
export const annualLimit: Rule = (c, p) =>
  c.counted.filter((d) => year(d.appliedOn) === year(c.app.appliedOn)).length >= p.annualLimit ? 'ANNUAL_LIMIT' : null;

// § Type training (职业培训补贴)
export const notTargetGroup: Rule = (c) => (c.person.groups.length === 0 ? 'NOT_TARGET_GROUP' : null);
export const trainingLifetimeLimit: Rule = (c, p) =>
  c.counted.filter((d) => d.type === 'training').length >= p.trainingLifetimeLimit ? 'TRAINING_LIFETIME_LIMIT' : null;
/** Levelled kinds with a level the baseline table has no amount for (LA, LS, LC), or no level at all. */
export const trainingLevelNotCovered: Rule = (c, p) =>
  c.cert && p.levelledKinds.includes(c.cert.kind) && (!c.cert.level || !p.trainingBaseFen.levelled[c.cert.level])
    ? 'LEVEL_NOT_COVERED'
    : null;
export const projectNotFound: Rule = (c) => (c.app.projectCode && !c.project ? 'PROJECT_NOT_FOUND' : null);
export const notEnrolled: Rule = (c) => (c.project && !c.enrolled ? 'NOT_ENROLLED' : null);
export const institutionNotListed: Rule = (c) =>
  c.project && !listedAs(c.institution, 'training', c.project.startDate) ? 'INSTITUTION_NOT_LISTED' : null;
export const institutionBlacklisted: Rule = (c) =>
  c.project && blacklistedBy(c.institution, c.app.appliedOn) ? 'INSTITUTION_BLACKLISTED' : null;
export const attendanceBelow80: Rule = (c, p) =>
  c.project && ratioBelow(c.ratio, p.attendanceMinPercent) ? 'ATTENDANCE_BELOW_80' : null;

// § Type skill_upgrade (技能提升补贴)
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
  const thisYear = c.counted.filter((d) => d.type === 'skill_upgrade' && year(d.appliedOn) === year(c.app.appliedOn));
  if (thisYear.length >= p.upgrade.annualLimit) return 'UPGRADE_ANNUAL_LIMIT';
  if (!c.shortageOnIssue && thisYear.filter((d) => !d.shortage).length >= p.upgrade.nonShortageAnnualLimit)
    return 'UPGRADE_ANNUAL_LIMIT';
  return null;
};

export const COMMON_RULES: Rule[] = [
  certNotFound,
  certOtherPerson,
  evaluatorNotListed,
  appliedBeforeCert,
  lateApplication,
  certAlreadySubsidized,
  sameOccupationLevel,
  lowerThanSubsidized,
  annualLimit,
];
export const TRAINING_RULES: Rule[] = [
  notTargetGroup,
  trainingLifetimeLimit,
  trainingLevelNotCovered,
  projectNotFound,
  notEnrolled,
  institutionNotListed,
  institutionBlacklisted,
  attendanceBelow80,
];
export const UPGRADE_RULES: Rule[] = [insuredMonthsShort, kindNotCovered, upgradeLevelNotCovered, upgradeAnnualLimit];

export interface Decision {
  decision: 'approved' | 'rejected' | 'review';
  amountFen: number;
  reasons: string[];
  cityCode: string;
}

/** The city whose factor applies: the project's for a training application with a project, else residence. */
export function decisionCity(c: Case): string {
  return c.app.type === 'training' && c.project ? c.project.cityCode : c.person.cityCode;
}

/** base × shortage factor × city factor, rounded half-up to the fen (policy.md § Amount). */
export function amountFen(c: Case, p: PolicyParams): number {
  if (!c.cert || !c.occupation) return 0;
  let base: number | undefined;
  if (c.app.type === 'skill_upgrade') base = c.cert.level ? p.upgrade.baseFen[c.cert.level] : undefined;
  else if (p.levelledKinds.includes(c.cert.kind))
    base = c.cert.level ? p.trainingBaseFen.levelled[c.cert.level]?.[c.occupation.category] : undefined;
  else base = p.trainingBaseFen.byKind[c.cert.kind]?.[c.occupation.category];
  if (base === undefined) return 0;
  const city = decisionCity(c);
  const cityBp = p.cityFactorBp[city] ?? p.defaultCityFactorBp;
  return applyFactorsFen(base, [c.shortageOnIssue ? p.shortageFactorBp : 10000, cityBp]);
}

/** Decides one application: all failing reasons → rejected; else flags → review; else approved. */
export function decide(c: Case, p: PolicyParams): Decision {
  const rules = [...COMMON_RULES, ...(c.app.type === 'training' ? TRAINING_RULES : UPGRADE_RULES)];
  const failing = [...new Set(rules.map((r) => r(c, p)).filter((x): x is ReasonCode => x !== null))].sort();
  const cityCode = decisionCity(c);
  if (failing.length) return { decision: 'rejected', amountFen: 0, reasons: failing, cityCode };
  const amount = amountFen(c, p);
  if (c.app.type === 'training' && c.project && c.flags.length) {
    return { decision: 'review', amountFen: amount, reasons: [...new Set(c.flags)].sort(), cityCode };
  }
  return { decision: 'approved', amountFen: amount, reasons: [], cityCode };
}
