export {
  submitApplication,
  applicantView,
  officialView,
  applicantDocument,
  officialDocument,
  listApplications,
  MIN_DOCUMENTS,
} from './applications.ts';
export {
  currentCriteria,
  criteriaVersion,
  allCriteria,
  publishCriteria,
  expertTotalCenti,
  meanCenti,
  criteriaProblem,
  scoresProblem,
  type Criterion,
  type CriteriaVersion,
} from './criteria.ts';
export {
  expertCandidates,
  appointExperts,
  declareConflict,
  scoreApplication,
  publishResult,
  MIN_EXPERT_SCORES,
} from './review.ts';
export {
  publicSelectionNotices,
  lodgeObjection,
  decideObjection,
  lockForListing,
  markListed,
  type SelectedInstitution,
} from './notice.ts';
export {
  SELECTION_STATUSES,
  SELECTION_STATUS_NAMES,
  SELECTION_OBJECTION_STATUS_NAMES,
  type ApplicationStatus,
} from './selection.labels.ts';
export { ZApplication, type TApplication } from './selection.schema.ts';
