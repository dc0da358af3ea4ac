import type { Case, Certified, ClaimFacts, ClaimParams, ClaimRule, ProgramCode, Rule } from '../facts.ts';
import type { ProgrammeFund } from '../ledger.ts';
import type { PolicyParams } from '../policy.ts';
import type { ReasonCode } from '../reasons.ts';

/**
 * A subsidy programme (补贴项目): everything that differs between, say, 职业培训补贴 and 技能提升补贴,
 * declared in one place — its code and name, its own eligibility rules, how its amount is made,
 * the fund that pays it and who is paid. The machinery around it (settlement, the ledger, payment
 * batches, bank files, clawbacks) asks the programme instead of testing the type, so a new
 * programme — a city's own, a department's — is one new file in programs/ added to `PROGRAMS`
 * (programs/index.ts), not a branch in every place that handles money.
 *
 * Numbers stay in the policy version (policy.ts); a programme holds rules and reads its numbers
 * from there. The payee also says how claims arrive and are stored:
 * - `person`: a worker applies (applications → decisions, decided by settlement); the worker is
 *   paid to their social-security card. The shared rules (rules.ts `COMMON_RULES`) run first, then
 *   the programme's `rules`; the amount is `baseFen` × shortage factor × city factor.
 * - `institution`: an institution claims for its class (project_claims, decided at once); it is
 *   paid to its basic account. Only the programme's `rules` run; `amountFen` is the amount.
 * The payables view (migration 0009) pays decisions to the person and project claims to the
 * institution, so a programme's payee must match the table it is decided into.
 */
export type SubsidyProgram = ApplicationProgram | ClaimProgram;

interface ProgramFace {
  /** Stored as the application's (and the payable's) `type`. */
  code: ProgramCode;
  /** As the applicant and the bank file read it (the bank file's purpose is `name.zh`). */
  name: { zh: string; en: string };
  /** Which fund's budget it is committed against and paid from (ledger.ts `FUNDS`). */
  fund: ProgrammeFund;
}

/** A subsidy a worker applies for with a certificate, decided in settlement order (policy.md § Order). */
export interface ApplicationProgram extends ProgramFace {
  payee: 'person';
  /** The programme's own reasons, in policy.md's order; they run after `COMMON_RULES`. */
  rules: readonly Rule[];
  /** The base amount in fen before factors; undefined when the certificate has none (amount 0). */
  baseFen(c: Certified, p: PolicyParams): number | undefined;
  /** The city whose factor applies; the applicant's residence when not declared. */
  cityOf?(c: Case): string;
  /** Integrity flags that hold an otherwise approved decision for review; none when not declared. */
  reviewFlags?(c: Case): string[];
}

/** A payment an institution claims for its class. */
export interface ClaimProgram extends ProgramFace {
  payee: 'institution';
  rules: readonly ClaimRule[];
  amountFen(f: ClaimFacts, p: ClaimParams): number;
}

/** The reasons a case fails, each once, sorted (policy.md § Reasons). */
export function failingReasons<F, P>(rules: readonly ((f: F, p: P) => ReasonCode | null)[], f: F, p: P): ReasonCode[] {
  return [...new Set(rules.map((r) => r(f, p)).filter((x): x is ReasonCode => x !== null))].sort();
}
