export { detectBaselineFlags, flagCodesFor } from './baseline-flags.ts';
export { runDetectors, detectionJob, DETECT_JOB, DETECTORS, DETECTOR_PARAMS, type DetectorCode } from './detectors.ts';
export { synchronizedCheckins } from './statistical.ts';
export { listCases, countCases, detectorPrecision } from './cases.ts';
export {
  institutionRatings,
  publicRatings,
  ratingsByCode,
  creditGrade,
  CREDIT_GRADES,
  CREDIT_GRADE_NAMES,
  type CreditGrade,
  RATING_PARAMS,
  SANCTIONS,
  type Sanction,
  type InstitutionRating,
  type PublicRating,
} from './ratings.ts';
export { applySanction, sanctionsFor, liftSanction, checkRectification } from './sanctions.ts';
export {
  myConfirmations,
  countMyConfirmations,
  answerConfirmation,
  employerConfirmations,
  countEmployerConfirmations,
  answerEmployerConfirmation,
} from './confirmations.ts';
export { fileComplaint, listComplaints, decideComplaint } from './complaints.ts';
export {
  submitEvaluation,
  drawSpotChecks,
  drawSample,
  qualityReport,
  QUALITY_PARAMS,
  SOURCES,
  type EvaluationSource,
} from './quality.ts';
export { closeCase } from './cases.ts';
export { openObjectionCase } from './objections.ts';
export {
  CASE_STATUS_NAMES,
  COMPLAINT_STATUS_NAMES,
  CONFIRMATION_ANSWER_NAMES,
  EVALUATION_SOURCE_NAMES,
  FLAG_NAMES,
  DETECTOR_NAMES,
  EVIDENCE_FIELD_NAMES,
  describeFlag,
} from './integrity.labels.ts';
