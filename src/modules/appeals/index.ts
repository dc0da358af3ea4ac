export {
  fileAppeal,
  appealStandings,
  myAppeals,
  listAppeals,
  countOverdueAppeals,
  getAppeal,
  appealAttachment,
  lockOpenAppeal,
  recordAppealAnswer,
  type AppealSubject,
  type AppealStanding,
} from './appeals.service.ts';
export {
  APPEAL_WORKING_DAYS,
  MAX_APPEALS_PER_RECORD,
  appealLimitReached,
  newEvidenceMissing,
  type PriorAppeal,
  appealDueOn,
  assertMayAppeal,
  answerProblem,
  reasonProblem,
} from './appeals.policy.ts';
export {
  checkAttachment,
  tooManyAttachments,
  sniffMediaType,
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_BYTES,
  type Attachment,
} from './attachments.ts';
export { APPEAL_KIND_NAMES, APPEAL_STATUS_NAMES, APPEAL_KINDS, type AppealKind } from './appeals.labels.ts';
export { ZAppeal, ZAppealSubject, ZAppealFields, ZAppealDecision, type TAppeal } from './appeals.schema.ts';
