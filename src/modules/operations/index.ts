export { jobRunning, recordJobRun } from './job-runs.ts';
export { createMetrics } from './metrics.ts';
export { operationsStatus, STUCK_AFTER_HOURS } from './status.ts';
export {
  claimQueuedJob,
  failQueuedJob,
  finishQueuedJob,
  insertQueuedJob,
  setQueuedJobProgress,
  type QueuedJobRow,
} from './queued-jobs.ts';
export { sharedRateLimitStore, type RateLimitStore } from './rate-limit-store.ts';
