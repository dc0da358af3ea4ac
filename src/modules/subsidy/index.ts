export { settleApplications, type SettleOptions, type SettleResult } from './settle-applications.ts';
export { seedPolicy, loadPolicy, listPolicies } from './policy.repo.ts';
export { JS_2025, DEFAULT_POLICY_CODE, type PolicyParams } from './policy.ts';
export { REASONS, explainReason, type ReasonCode } from './reasons.ts';
export { decide, type Case, type CountedDecision } from './rules.ts';
export { subsidyRoutes } from './subsidy.routes.ts';
