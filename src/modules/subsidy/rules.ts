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

/** policy.md § Every application: these run first, then the programme's own (programs/). */
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

/** The programme's base × shortage factor × city factor, rounded half-up to the fen (policy.md § Amount). */
export function amountFen(
  c: Case,
  p: PolicyParams,
  program: ApplicationProgram = applicationProgramOf(c.app.type),
): number {
  if (!certified(c)) return 0;
  const base = program.baseFen(c, p);
  if (base === undefined) return 0;
  const cityBp = p.cityFactorBp[decisionCity(c, program)] ?? p.defaultCityFactorBp;
  return applyFactorsFen(base, [c.shortageOnIssue ? p.shortageFactorBp : 10000, cityBp]);
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
