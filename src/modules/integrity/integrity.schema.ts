import { z } from 'zod';
import { DETECTORS, type DetectorCode } from './detectors.ts';
import { SANCTIONS, type Sanction } from './ratings.ts';
import { SOURCES } from './quality.ts';

/**
 * Response contracts of integrity: the serializer writes only what these declare, so a column
 * added to a query can never reach a client by accident (docs/security.md § Who sees what).
 */

/** Cases each detector opened in a run, by detector code. */
export const ZDetectionRun = z
  .object(
    Object.fromEntries(Object.keys(DETECTORS).map((code) => [code, z.number()])) as Record<DetectorCode, z.ZodNumber>,
  )
  .meta({ id: 'DetectionRun' });

export const ZIntegrityCase = z
  .object({
    id: z.coerce.number(),
    detector: z.string(),
    subject_kind: z.string(),
    subject_key: z.string(),
    project_code: z.string(),
    city_code: z.string().nullable(),
    // Free form: each detector records its own evidence (distances, rates, sessions …), read as is by officials.
    evidence: z.record(z.string(), z.unknown()),
    status: z.string(),
    finding: z.string().nullable(),
    decided_by: z.string().nullable(),
    created_at: z.date(),
    person_name: z.string().nullable(),
    id_masked: z.string().nullable(),
    explanation: z.object({ zh: z.string(), en: z.string() }).nullable(),
  })
  .meta({ id: 'IntegrityCase' });

const ZShare = z.number().nullable();

export const ZInstitutionRating = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    credit: z.number(),
    confirmedCases: z.number(),
    complaintsUpheld: z.number(),
    failedSpotChecks: z.number(),
    stars: z.number().nullable(),
    components: z.object({
      passRate: ZShare,
      uplift: ZShare,
      employment: ZShare,
      satisfaction: ZShare,
      integrity: ZShare,
    }),
    recommendedSanction: z.enum(Object.keys(SANCTIONS) as [Sanction, ...Sanction[]]),
  })
  .meta({ id: 'InstitutionRating' });

export const ZSanctionApplied = z
  .object({
    creditCode: z.string(),
    sanction: z.enum(Object.keys(SANCTIONS) as [Sanction, ...Sanction[]]),
    on: z.string(),
    id: z.string(),
  })
  .meta({ id: 'SanctionApplied' });

/** 处理记录: a sanction with its evidence, deadline, follow-up check and lifting. */
export const ZSanctionRecord = z
  .object({
    id: z.string(),
    creditCode: z.string(),
    institutionName: z.string(),
    cityCode: z.string(),
    kind: z.string(),
    reason: z.string(),
    evidence: z.object({ caseIds: z.array(z.string()).optional(), note: z.string().optional() }),
    fromOn: z.string(),
    untilOn: z.string().nullable(),
    checkResult: z.string().nullable(),
    checkNote: z.string().nullable(),
    checkedAt: z.date().nullable(),
    checkedBy: z.string().nullable(),
    liftedAt: z.date().nullable(),
    liftedBy: z.string().nullable(),
    liftReason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'SanctionRecord' });

export const ZDetectorPrecision = z
  .object({
    detector: z.string(),
    confirmed: z.number(),
    dismissed: z.number(),
    open: z.number(),
    precision: ZShare,
    months: z.array(z.object({ month: z.string(), confirmed: z.number(), dismissed: z.number(), precision: ZShare })),
  })
  .meta({ id: 'DetectorPrecision' });

export const ZTraineeConfirmation = z
  .object({
    application_id: z.string(),
    project_code: z.string(),
    title: z.string(),
    institution_name: z.string().nullable(),
    start_date: z.string(),
    end_date: z.string(),
    amount_fen: z.number(),
    decision: z.string(),
    notice_until: z.string().nullable(),
    answer: z.string().nullable(),
    answered_at: z.date().nullable(),
  })
  .meta({ id: 'TraineeConfirmation' });

export const ZEmployerConfirmation = z
  .object({
    application_id: z.string(),
    person_key: z.string(),
    project_code: z.string(),
    city_code: z.string().nullable(),
    title: z.string(),
    start_date: z.string(),
    end_date: z.string(),
    person_name: z.string(),
    id_masked: z.string(),
    employer_code: z.string(),
    answer: z.string().nullable(),
    answered_at: z.date().nullable(),
  })
  .meta({ id: 'EmployerConfirmation' });

/** A trainee's or an employer's answer, as recorded. */
export const ZConfirmationAnswer = z
  .object({ applicationId: z.string(), answer: z.enum(['confirmed', 'denied']) })
  .meta({ id: 'ConfirmationAnswer' });

export const ZComplaint = z
  .object({
    id: z.string(),
    institution_code: z.string(),
    institution_name: z.string().nullable(),
    project_code: z.string().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    text: z.string(),
    status: z.string(),
    finding: z.string().nullable(),
    created_at: z.date(),
    person_name: z.string(),
  })
  .meta({ id: 'Complaint' });

export type TComplaint = z.infer<typeof ZComplaint>;

export const ZComplaintStatus = z.object({ id: z.string(), status: z.string() }).meta({ id: 'ComplaintStatus' });

export const ZEvaluationRecorded = z
  .object({ projectCode: z.string(), source: z.enum(SOURCES), score: z.number() })
  .meta({ id: 'QualityEvaluationRecorded' });

export const ZSpotCheckDraw = z
  .object({
    seed: z.string(),
    population: z.number(),
    drawn: z.array(z.object({ project_code: z.string(), city_code: z.string() })),
  })
  .meta({ id: 'SpotCheckDraw' });

export const ZQualityReport = z
  .object({
    projects: z.array(
      z.object({
        project_code: z.string(),
        title: z.string(),
        institution_code: z.string(),
        institution_name: z.string().nullable(),
        city_code: z.string(),
        enrolled: z.number(),
        certified: z.number(),
        drawn: z.boolean(),
        evaluations: z.array(
          z.object({ source: z.string(), score: z.number(), findings: z.string(), evaluator: z.string() }),
        ),
        passRate: ZShare,
        evaluationScore: z.number().nullable(),
      }),
    ),
    institutions: z.array(
      z.object({
        institutionCode: z.string(),
        name: z.string().nullable(),
        projects: z.number(),
        evaluationScore: z.number(),
      }),
    ),
  })
  .meta({ id: 'QualityReport' });
