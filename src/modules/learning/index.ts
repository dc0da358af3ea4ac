export {
  computeValidTime,
  wallTimeMs,
  LOST_REASONS,
  type ValidTime,
  type SessionBeats,
  type CheckOutcome,
} from './valid-time.ts';
export { storedLearning, personValidTime, rulesOf, projectOnlineValidMs } from './progress.ts';
export { learningParams } from './learning-params.ts';
export { DEFAULT_LEARNING_PARAMS, type TLearningParams } from './learning.policy.ts';
export { startSession, recordHeartbeat, signSession } from './learner-sessions.ts';
export {
  OWNER_KIND_NAMES,
  COURSE_ACCESS_NAMES,
  MODULE_KIND_NAMES,
  LOST_REASON_NAMES,
  CHECK_STATUS_NAMES,
} from './learning.labels.ts';
export { createCourse, addModule, uploadMedia } from './courses.ts';
export { LocalDiskStore, type MediaStore } from './media-store.ts';
export { mediaStoreFor } from './media-store-for.ts';
export { S3Error, S3Store } from './s3-store.ts';
export {
  voidedChecksOf,
  checkForAppeal,
  overruleCheck,
  voidedCheckTitle,
  voidedCheckWhy,
  type VoidedCheck,
} from './learning-appeals.ts';
export { makeLiveReminders, liveReminderDue, type LiveRemindersOptions } from './live-reminders.ts';
export {
  scheduleLiveClass,
  rescheduleLiveClass,
  cancelLiveClass,
  joinLiveClass,
  recordLiveEvent,
} from './live-classes.ts';
export { submitQuiz } from './progress.ts';
