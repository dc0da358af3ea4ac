import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { ROLE_NAMES } from '../kernel/auth.ts';
import { APPEAL_KIND_NAMES, APPEAL_STATUS_NAMES } from '../modules/appeals/index.ts';
import {
  CHECK_STATUS_NAMES,
  COURSE_ACCESS_NAMES,
  LOST_REASON_NAMES,
  MODULE_KIND_NAMES,
  OWNER_KIND_NAMES,
} from '../modules/learning/index.ts';
import { catalogNames, CODE_SOURCE_NAMES, DIRECTORIES, OCCUPATION_CATEGORY_NAMES } from '../modules/catalog/index.ts';
import {
  ASSESSMENT_STATUS_NAMES,
  CERTIFICATE_KIND_NAMES,
  NOMINATION_STATUS_NAMES,
} from '../modules/evaluation/index.ts';
import {
  CREDIT_GRADE_NAMES,
  CASE_STATUS_NAMES,
  COMPLAINT_STATUS_NAMES,
  CONFIRMATION_ANSWER_NAMES,
  DETECTOR_NAMES,
  EVALUATION_SOURCE_NAMES,
  EVIDENCE_FIELD_NAMES,
  FLAG_NAMES,
  SANCTIONS,
} from '../modules/integrity/index.ts';
import { IMPORT_STATUS_NAMES } from '../modules/interchange/index.ts';
import {
  ACTIVITY_KIND_NAMES,
  AWARD_NAMES,
  COMPETITION_LEVEL_NAMES,
  PROMOTION_STATUS_NAMES,
} from '../modules/field/index.ts';
import { HIRE_STATUS_NAMES, JOB_ORDER_STATUS_NAMES } from '../modules/jobs/index.ts';
import { INSTITUTION_ROLE_NAMES, INSTITUTION_TYPE_NAMES } from '../modules/registry/index.ts';
import {
  DIMENSION_NAMES,
  HOLDER_KIND_NAMES,
  INDICATOR_NAMES,
  MARKET_SIGNAL_NAMES,
} from '../modules/reporting/index.ts';
import { CARRIER_KIND_NAMES, PROGRAMMES } from '../modules/programmes/index.ts';
import { SELECTION_OBJECTION_STATUS_NAMES, SELECTION_STATUS_NAMES } from '../modules/selection/index.ts';
import {
  APPLICATION_STATUS_NAMES,
  APPLICATION_TYPE_NAMES,
  BATCH_STATUS_NAMES,
  CLAIM_KIND_NAMES,
  CLAWBACK_STATUS_NAMES,
  DECISION_NAMES,
  listFunds,
  PAYMENT_STAGE_NAMES,
  PAYMENT_STATUS_NAMES,
  REASONS,
} from '../modules/subsidy/index.ts';
import {
  ATTENDANCE_METHOD_NAMES,
  DEMAND_SOURCE_NAMES,
  PROJECT_KIND_NAMES,
  PROJECT_STATUS_NAMES,
  REQUEST_STATUS_NAMES,
  SESSION_MODE_NAMES,
} from '../modules/training/index.ts';
import { JOB_NAMES } from './jobs.ts';
import { TODO_HINTS, TODO_NAMES } from './todos.ts';

const ZName = z.object({ zh: z.string(), en: z.string() });
/** One dictionary: code → its name in Chinese and English. */
const ZDictionary = z.record(z.string(), ZName);

/**
 * Every code a person may meet on a page, with its name (issue 16: a person never reads a raw code
 * where a name exists). The web loads it once and looks codes up by dictionary.
 */
export const ZLabels = z
  .object({
    role: ZDictionary,
    fund: ZDictionary,
    reason: ZDictionary,
    applicationType: ZDictionary,
    applicationStatus: ZDictionary,
    decision: ZDictionary,
    batchStatus: ZDictionary,
    paymentStatus: ZDictionary,
    paymentStage: ZDictionary,
    clawbackStatus: ZDictionary,
    claimKind: ZDictionary,
    projectStatus: ZDictionary,
    projectKind: ZDictionary,
    requestStatus: ZDictionary,
    demandSource: ZDictionary,
    sessionMode: ZDictionary,
    attendanceMethod: ZDictionary,
    jobOrderStatus: ZDictionary,
    hireStatus: ZDictionary,
    caseStatus: ZDictionary,
    complaintStatus: ZDictionary,
    confirmationAnswer: ZDictionary,
    evaluationSource: ZDictionary,
    flag: ZDictionary,
    detector: ZDictionary,
    evidenceField: ZDictionary,
    sanction: ZDictionary,
    creditGrade: ZDictionary,
    certificateKind: ZDictionary,
    assessmentStatus: ZDictionary,
    nominationStatus: ZDictionary,
    institutionRole: ZDictionary,
    institutionType: ZDictionary,
    importStatus: ZDictionary,
    indicator: ZDictionary,
    dimension: ZDictionary,
    marketSignal: ZDictionary,
    job: ZDictionary,
    todo: ZDictionary,
    todoHint: ZDictionary,
    directory: ZDictionary,
    city: ZDictionary,
    sector: ZDictionary,
    group: ZDictionary,
    keyTask: ZDictionary,
    level: ZDictionary,
    occupation: ZDictionary,
    occupationCategory: ZDictionary,
    codeSource: ZDictionary,
    appealKind: ZDictionary,
    appealStatus: ZDictionary,
    activityKind: ZDictionary,
    competitionLevel: ZDictionary,
    award: ZDictionary,
    promotionStatus: ZDictionary,
    carrierKind: ZDictionary,
    holderKind: ZDictionary,
    programme: ZDictionary,
    courseOwner: ZDictionary,
    courseAccess: ZDictionary,
    moduleKind: ZDictionary,
    learningLost: ZDictionary,
    learningCheck: ZDictionary,
    selectionStatus: ZDictionary,
    selectionObjectionStatus: ZDictionary,
  })
  .meta({ id: 'Labels' });
export type Labels = z.infer<typeof ZLabels>;

/** Only the names: the source lists carry more (a directory's source) that the web needs not. */
const namesOf = (list: Record<string, { zh: string; en: string }>) =>
  Object.fromEntries(Object.entries(list).map(([code, { zh, en }]) => [code, { zh, en }]));

/** The one dictionary: each module's own names, and the catalogs' as they stand in the database. */
export async function buildLabels(db: Db): Promise<Labels> {
  return {
    role: ROLE_NAMES,
    // Funds are a table the province extends (资金来源): their names as they stand.
    fund: namesOf(Object.fromEntries((await listFunds(db)).map((f) => [f.code, f]))),
    reason: REASONS,
    applicationType: APPLICATION_TYPE_NAMES,
    applicationStatus: APPLICATION_STATUS_NAMES,
    decision: DECISION_NAMES,
    batchStatus: BATCH_STATUS_NAMES,
    paymentStatus: PAYMENT_STATUS_NAMES,
    paymentStage: PAYMENT_STAGE_NAMES,
    clawbackStatus: CLAWBACK_STATUS_NAMES,
    claimKind: CLAIM_KIND_NAMES,
    projectStatus: PROJECT_STATUS_NAMES,
    projectKind: PROJECT_KIND_NAMES,
    requestStatus: REQUEST_STATUS_NAMES,
    demandSource: DEMAND_SOURCE_NAMES,
    sessionMode: SESSION_MODE_NAMES,
    attendanceMethod: ATTENDANCE_METHOD_NAMES,
    jobOrderStatus: JOB_ORDER_STATUS_NAMES,
    hireStatus: HIRE_STATUS_NAMES,
    caseStatus: CASE_STATUS_NAMES,
    complaintStatus: COMPLAINT_STATUS_NAMES,
    confirmationAnswer: CONFIRMATION_ANSWER_NAMES,
    evaluationSource: EVALUATION_SOURCE_NAMES,
    flag: FLAG_NAMES,
    detector: DETECTOR_NAMES,
    evidenceField: EVIDENCE_FIELD_NAMES,
    sanction: SANCTIONS,
    creditGrade: CREDIT_GRADE_NAMES,
    certificateKind: CERTIFICATE_KIND_NAMES,
    assessmentStatus: ASSESSMENT_STATUS_NAMES,
    nominationStatus: NOMINATION_STATUS_NAMES,
    institutionRole: INSTITUTION_ROLE_NAMES,
    institutionType: INSTITUTION_TYPE_NAMES,
    importStatus: IMPORT_STATUS_NAMES,
    indicator: INDICATOR_NAMES,
    dimension: DIMENSION_NAMES,
    marketSignal: MARKET_SIGNAL_NAMES,
    job: JOB_NAMES,
    todo: TODO_NAMES,
    todoHint: TODO_HINTS,
    directory: namesOf(DIRECTORIES),
    occupationCategory: OCCUPATION_CATEGORY_NAMES,
    codeSource: CODE_SOURCE_NAMES,
    appealKind: APPEAL_KIND_NAMES,
    appealStatus: APPEAL_STATUS_NAMES,
    activityKind: ACTIVITY_KIND_NAMES,
    competitionLevel: COMPETITION_LEVEL_NAMES,
    award: AWARD_NAMES,
    promotionStatus: PROMOTION_STATUS_NAMES,
    carrierKind: CARRIER_KIND_NAMES,
    holderKind: HOLDER_KIND_NAMES,
    programme: Object.fromEntries(PROGRAMMES.map((p) => [p.code, { zh: p.zh, en: p.en }])),
    courseOwner: OWNER_KIND_NAMES,
    courseAccess: COURSE_ACCESS_NAMES,
    moduleKind: MODULE_KIND_NAMES,
    learningLost: LOST_REASON_NAMES,
    learningCheck: CHECK_STATUS_NAMES,
    selectionStatus: SELECTION_STATUS_NAMES,
    selectionObjectionStatus: SELECTION_OBJECTION_STATUS_NAMES,
    ...(await catalogNames(db)),
  };
}
