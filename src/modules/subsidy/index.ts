export { settleApplications, type SettleOptions, type SettleResult } from './settle-applications.ts';
export type { PhaseTimings } from './phase-timings.ts';
export { seedPolicy, loadPolicy, listPolicies } from './policy.repo.ts';
export { JS_2025, DEFAULT_POLICY_CODE, ratioRules, type PolicyParams } from './policy.ts';
export { REASONS, explainReason, type ReasonCode } from './reasons.ts';
export { decide, type Case, type CountedDecision } from './rules.ts';
export {
  createPaymentBatches,
  exportBankFile,
  applyBankReturn,
  listBatches,
  countBatches,
  paymentOf,
  BANK_FILE_COLUMNS,
  RETURN_FILE_COLUMNS,
  type BatchSummary,
} from './payments.ts';
export { ledgerReport, ledgerBalances, setBudget, FUNDS, type Fund, type LedgerLine } from './ledger.ts';
export { listFunds, addFund, assertActiveFund, type FundRow } from './funds.ts';
export { PROGRAMS, programOf, type SubsidyProgram } from './programs/index.ts';
export { reviewQueue, countReviewQueue, resolveReview } from './review.ts';
export { listDecisions, countDecisions, type DecisionFilter } from './subsidy.repo.ts';
export { clawbackForCertificate, revocationEffects, type RevocationEffect } from './clawback.ts';
export {
  recordRecovery,
  requestWriteOff,
  decideWriteOff,
  listReceivables,
  RECOVERY_DUE_DAYS,
  type RecoveryInput,
} from './recovery.ts';
export { recordReferral, recordReferralOutcome, listReferrals, type NewReferral } from './referrals.ts';
export { whatIf, type WhatIfGroup, type WhatIfReport } from './what-if.ts';
export { proposeCityFactor, approvePolicy } from './policy.repo.ts';
export {
  submitProjectClaim,
  listProjectClaims,
  decideClaim,
  CLAIM_KINDS,
  type ClaimFacts,
  type ClaimKind,
} from './project-claims.ts';
export { writeApplicationRows } from './subsidy.writes.ts';
export {
  appealableSubsidies,
  redecideOnAppeal,
  releasePaymentOnAppeal,
  publicNotices,
  noticeInPeriod,
  type SubsidySubject,
  type PublicNoticeRow,
} from './appeals.ts';
export {
  APPLICATION_TYPE_NAMES,
  APPLICATION_STATUS_NAMES,
  DECISION_NAMES,
  BATCH_STATUS_NAMES,
  BATCH_STATUSES,
  PAYMENT_STATUS_NAMES,
  PAYMENT_STAGE_NAMES,
  CLAWBACK_STATUS_NAMES,
  CLAIM_KIND_NAMES,
} from './subsidy.labels.ts';
export { expectedTrainingSubsidy, type ClassForSubsidy } from './expected.ts';
export type { AmountBasis } from './rules.ts';
