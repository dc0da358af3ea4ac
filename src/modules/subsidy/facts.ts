import type { DirectoryStanding } from '../registry/index.ts';
import type { BlendedRatio, Ratio } from '../training/index.ts';
import type { PolicyParams } from './policy.ts';
import type { ReasonCode } from './reasons.ts';

/**
 * The facts a subsidy programme's rules read, gathered before they run: a worker's application
 * (`Case`) or an institution's claim (`ClaimFacts`). Types only, so the shared rules (rules.ts) and
 * every programme (programs/) can name them without importing each other.
 */

/** A programme's code (programs/index.ts): an application's `type`, a payable's `type`. */
export type ProgramCode = string;

export interface Institution {
  roles: string[];
  listedFrom: string | null;
  blacklistedFrom: string | null;
  cityCode: string;
}

/** An earlier decision that counts (approved or review). */
export interface CountedDecision {
  applicationId: string;
  type: ProgramCode;
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
    type: ProgramCode;
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
    /** The day the province revoked it (fraud found later), else null: a revoked certificate claims nothing. */
    revokedOn: string | null;
  } | null;
  /** The name is carried for the applicant's notice (settlement); the rules read category and sector. */
  occupation: { category: 'A' | 'B' | 'C'; sector: string; name?: string } | null;
  evaluator: Institution | null;
  project: { cityCode: string; startDate: string; keyTask: number | null; institutionCode: string } | null;
  institution: Institution | null;
  enrolled: boolean;
  /** Attendance ratio the 80 % rule reads: classroom only, or blended (classroom + online counted). */
  ratio: Ratio;
  /** Set for a blended project (a project-bound online course): how each part counted. */
  blended?: BlendedRatio;
  shortageOnIssue: boolean;
  /** The person's counted decisions so far, in decision order. */
  counted: CountedDecision[];
  /** Counted decisions for this certificate, by anyone. */
  certCounted: boolean;
  /** Integrity flag codes on the person's attendance in the project. */
  flags: string[];
}

/** A case whose certificate and occupation were found: the only kind that has an amount. */
export type Certified = Case & { cert: NonNullable<Case['cert']>; occupation: NonNullable<Case['occupation']> };

/** One eligibility rule of policy.md: its reason code when the case fails it, else null. */
export type Rule = (c: Case, p: PolicyParams) => ReasonCode | null;

export const CLAIM_KINDS = ['completion', 'employment_bonus'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** An institution's claim for its closed class, as the claim rules see it. */
export interface ClaimFacts {
  kind: ClaimKind;
  appliedOn: string;
  completers: number;
  stablyEmployed: number;
  priceFen: number;
  institution: DirectoryStanding;
  projectStart: string;
  /** The approved completion amount (for the bonus). */
  completionAmountFen: number | null;
}

/** The numbers a claim is decided by. */
export type ClaimParams = PolicyParams['employmentBonus'];

/** One claim rule: its reason code when the claim fails it, else null. */
export type ClaimRule = (f: ClaimFacts, p: ClaimParams) => ReasonCode | null;
