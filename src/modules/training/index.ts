export * from './attendance-ratio.ts';
export { listProjects, countProjects, getProject, PROJECT_TODOS, type ProjectQuery } from './training.service.ts';
export {
  registerDevice,
  authenticateDevice,
  ingestAttendance,
  type Device,
  type IngestResult,
} from './attendance-ingest.ts';
export { liveSession, ATTENDANCE_REASON_TEXT } from './live-session.ts';
export {
  invalidAttendanceOf,
  attendanceForAppeal,
  validateAttendance,
  type AttendanceForAppeal,
} from './attendance-appeals.ts';
export { createRequest, listRequests, countRequests, withdrawRequest } from './requests.ts';
export {
  createProject,
  acceptProject,
  declineProject,
  redispatchProject,
  listingProblem,
  PROJECT_KINDS,
  type NewProject,
} from './dispatch.ts';
export { addSite, listSites, type NewSite } from './sites.ts';
export { dispatchCandidateFacts, type DispatchCandidateFacts } from './dispatch-candidates.ts';
export {
  openClasses,
  openClassDetail,
  checkOpenClassQuery,
  OPEN_CLASS_STATUSES,
  type OpenClass,
  type OpenClassQuery,
} from './courses.ts';
export {
  addSession,
  enrol,
  enrolMany,
  openClass,
  closeClass,
  ratiosOf,
  type RatioRules,
  classRoster,
  myTraining,
  parseClassTime,
} from './classes.ts';
export {
  writeProjectRows,
  writeSessionRows,
  writeEnrolmentRows,
  writeAttendanceRows,
  writeAttendanceCsv,
  writeEmploymentRows,
} from './training.writes.ts';
export {
  ATTENDANCE_COLUMNS,
  ATTENDANCE_FILE_COLUMNS,
  ATTENDANCE_METHODS,
  parseAttendanceRow,
  attendanceCsvLine,
} from './attendance-row.ts';
export { ATTENDANCE_THREAD, type ChunkResult, type ChunkTask, type ParseSetup } from './attendance-thread.ts';
export { recordEmployment, type NewEmployment } from './employment.ts';
export { evaluatorsFromCertificates } from './evaluators.ts';
export {
  PROJECT_STATUS_NAMES,
  PROJECT_STATUSES,
  PROJECT_KIND_NAMES,
  REQUEST_STATUS_NAMES,
  DEMAND_SOURCE_NAMES,
  SESSION_MODE_NAMES,
  ATTENDANCE_METHOD_NAMES,
} from './training.labels.ts';
export { servicePoints, districtOf, type ServicePoint, type ServicePointQuery } from './service-points.ts';
export { addGigStation, type GigStation, type NewGigStation } from './gig-stations.ts';
export { traineesBelowPace, type BelowPace } from './attendance-pace.ts';
export { attendanceThatCanCount, LONG_SPAN, type CountableAttendanceRow } from './attendance-read.ts';
export { SessionCache, type ProjectSession } from './session-cache.ts';
