export {
  createJobOrder,
  listJobOrders,
  countJobOrders,
  closeJobOrder,
  openDemand,
  type NewJobOrder,
} from './job-orders.ts';
export {
  matchScore,
  candidatesFor,
  jobsForMe,
  recordHire,
  myPendingHires,
  answerPendingHire,
  type Hire,
  type MatchReason,
} from './matching.ts';
export { EMPLOYED_BEFORE_CLASS, assertMayConfirmAsEmployer, HIRE_START_MAX_DAYS_AHEAD } from './jobs.policy.ts';
export { employmentRates, type EmploymentRates } from './outcomes.ts';
export { JOB_ORDER_STATUS_NAMES, HIRE_STATUS_NAMES } from './jobs.labels.ts';
