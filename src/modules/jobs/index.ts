export { createJobOrder, listJobOrders, closeJobOrder, openDemand, type NewJobOrder } from './job-orders.ts';
export { matchScore, candidatesFor, jobsForMe, recordHire, type Hire, type MatchReason } from './matching.ts';
export { employmentRates, type EmploymentRates } from './outcomes.ts';
export { jobsRoutes } from './jobs.routes.ts';
