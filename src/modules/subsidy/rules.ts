import { addMonths } from '../../kernel/dates.ts';
import { applyFactorsFen } from '../../kernel/money.ts';
import { blacklistedBy, listedAs } from '../registry/index.ts';
import type { Case, Certified, Rule } from './facts.ts';
import type { PolicyParams } from './policy.ts';
import {
  applicationProgramOf,
  failingReasons,
  PROGRAMS,
  type ApplicationProgram,
  type SubsidyProgram,
} from './programs/index.ts';

/**
 * policy.md as code: one named function per reason, the reason code beside it, numbers from the
 * policy version. An auditor can read this file against the spec line by line. This file holds
 * what every application shares (§ Every application, § Amount's factors, the decision); each
 * programme's own reasons and base amount are in its file under programs/.
 */

export type { Case, CountedDecision, Institution, Rule } from './facts.ts';
import type { CountedDecision } from './facts.ts';
import { allowance, type Allowance } from './allowance.ts';

const levelled = (c: Case) => !!c.cert?.level;
const rank = (p: PolicyParams, level: string | null) => (level ? p.levelOrder.indexOf(level) : -1);
const year = (date: string) => date.slice(0, 4);

// § Every application
export const certNotFound: Rule = (c) => (c.cert ? null : 'CERT_NOT_FOUND');
export const certOtherPerson: Rule = (c) =>
  c.cert && c.cert.personKey !== c.app.personKey ? 'CERT_OTHER_PERSON' : null;
/**
 * Not in policy.md (its bundles have no revocations): a certificate the province revoked claims
 * nothing, whenever the claim was filed. Without it a claim filed after the revocation would be
 * approved and paid, since the clawback runs only once, at revocation.
 */
export const certRevoked: Rule = (c) => (c.cert?.revokedOn ? 'CERT_REVOKED' : null);
export const evaluatorNotListed: Rule = (c) => {
  if (!c.cert) return null;
  const e = c.evaluator;
  return listedAs(e, 'evaluation', c.cert.issuedOn) && !blacklistedBy(e, c.cert.issuedOn)
    ? null
    : 'EVALUATOR_NOT_LISTED';
};
export const appliedBeforeCert: Rule = (c) =>
  c.cert && c.app.appliedOn < c.cert.issuedOn ? 'APPLIED_BEFORE_CERT' : null;
/** The last day one may apply with a certificate issued on `issuedOn` (LATE_APPLICATION: issued + 12 calendar months). */
export const lastDayToApply = (issuedOn: string, p: PolicyParams): string => addMonths(issuedOn, p.applyWithinMonths);
export const lateApplication: Rule = (c, p) =>
  c.cert && c.app.appliedOn > lastDayToApply(c.cert.issuedOn, p) ? 'LATE_APPLICATION' : null;
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
/** ANNUAL_LIMIT as the person stands in a calendar year: subsidies of any type counted in that year (by applied_on). */
export const annualAllowance = (counted: readonly CountedDecision[], inYear: string, p: PolicyParams): Allowance =>
  allowance(p.annualLimit, counted.filter((d) => year(d.appliedOn) === inYear).length);
export const annualLimit: Rule = (c, p) =>
  annualAllowance(c.counted, year(c.app.appliedOn), p).left === 0 ? 'ANNUAL_LIMIT' : null;

/** policy.md § Every application: these run first, then the programme's own (programs/). */
export const COMMON_RULES: Rule[] = [
  certNotFound,
  certOtherPerson,
  certRevoked,
  evaluatorNotListed,
  appliedBeforeCert,
  lateApplication,
  certAlreadySubsidized,
  sameOccupationLevel,
  lowerThanSubsidized,
  annualLimit,
];

export interface Decision {
  decision: 'approved' | 'rejected' | 'review';
  amountFen: number;
  reasons: string[];
  cityCode: string;
}

/** The city whose factor applies: the programme's (training: the project's), else the residence. */
export function decisionCity(c: Case, program: ApplicationProgram = applicationProgramOf(c.app.type)): string {
  return program.cityOf ? program.cityOf(c) : c.person.cityCode;
}

const certified = (c: Case): c is Certified => !!c.cert && !!c.occupation;

/** How an amount is made (policy.md § Amount): the programme's base, the shortage and city factors, the result. */
export interface AmountBasis {
  baseFen: number;
  /** 13000 when the occupation was on the shortage list on the issue date, else 10000. */
  shortageBp: number;
  cityBp: number;
  cityCode: string;
  amountFen: number;
}

/** The parts of the amount; null when the case has none (no certificate, or no base for it). */
export function amountBasis(
  c: Case,
  p: PolicyParams,
  program: ApplicationProgram = applicationProgramOf(c.app.type),
): AmountBasis | null {
  if (!certified(c)) return null;
  const baseFen = program.baseFen(c, p);
  if (baseFen === undefined) return null;
  const cityCode = decisionCity(c, program);
  const cityBp = p.cityFactorBp[cityCode] ?? p.defaultCityFactorBp;
  const shortageBp = c.shortageOnIssue ? p.shortageFactorBp : 10000;
  return { baseFen, shortageBp, cityBp, cityCode, amountFen: applyFactorsFen(baseFen, [shortageBp, cityBp]) };
}

/** The programme's base × shortage factor × city factor, rounded half-up to the fen (policy.md § Amount). */
export function amountFen(
  c: Case,
  p: PolicyParams,
  program: ApplicationProgram = applicationProgramOf(c.app.type),
): number {
  return amountBasis(c, p, program)?.amountFen ?? 0;
}

/**
 * Decides one application by its programme (`programs` lets a test register its own): all failing
 * reasons, shared ones first → rejected; else flags the programme reviews → review; else approved.
 */
export function decide(c: Case, p: PolicyParams, programs: readonly SubsidyProgram[] = PROGRAMS): Decision {
  const program = applicationProgramOf(c.app.type, programs);
  const failing = failingReasons([...COMMON_RULES, ...program.rules], c, p);
  const cityCode = decisionCity(c, program);
  if (failing.length) return { decision: 'rejected', amountFen: 0, reasons: failing, cityCode };
  const amount = amountFen(c, p, program);
  const flags = program.reviewFlags?.(c) ?? [];
  if (flags.length) return { decision: 'review', amountFen: amount, reasons: [...new Set(flags)].sort(), cityCode };
  return { decision: 'approved', amountFen: amount, reasons: [], cityCode };
}
