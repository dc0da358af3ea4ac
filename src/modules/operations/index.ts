export { recordJobRun } from './job-runs.ts';
export { createMetrics, STUCK_AFTER_HOURS } from './metrics.ts';
export { operationsRoutes } from './operations.routes.ts';
