import { z } from 'zod';
import { ZCode } from '../../kernel/schemas.ts';
import { SELECTION_STATUSES, OBJECTION_STATUSES } from './selection.labels.ts';

/** 评分项 of a published version. */
export const ZCriterion = z
  .object({ code: z.string().max(40), zh: z.string().max(60), en: z.string().max(120), weight: z.number().int() })
  .meta({ id: 'SelectionCriterion' });

/** 遴选标准: a published version (public). */
export const ZCriteriaVersion = z
  .object({
    version: z.number().int(),
    criteria: z.array(ZCriterion),
    passMark: z.number().int(),
    noticeDays: z.number().int(),
    validityYears: z.number().int(),
    reviewMonths: z.number().int(),
    publishedAt: z.coerce.date(),
  })
  .meta({ id: 'SelectionCriteria' });

/** POST /api/selection/criteria: a new version (province). */
export const ZNewCriteria = z.object({
  criteria: z.array(ZCriterion).max(20),
  passMark: z.number().int(),
  noticeDays: z.number().int(),
  validityYears: z.number().int(),
  reviewMonths: z.number().int(),
});

const ZSite = z.object({ name: z.string().max(100), address: z.string().max(200) });
const ZOccupationLevel = z.object({ occupationCode: ZCode, level: z.string().max(8).nullable().optional() });
const ZTeacher = z.object({ name: z.string().max(40), qualification: z.string().max(100) });

/** The `application` form field of POST /api/public/selection/applications (JSON, beside 1–3 files). */
export const ZApplicationForm = z.object({
  creditCode: z.string().max(18),
  name: z.string().max(100),
  cityCode: ZCode,
  type: z.string().max(40),
  roles: z
    .array(z.enum(['training', 'evaluation']))
    .min(1)
    .max(2),
  sites: z.array(ZSite).min(1).max(20),
  occupations: z.array(ZOccupationLevel).min(1).max(50),
  teachers: z.array(ZTeacher).min(1).max(200),
  capacity: z.number().int(),
  contactName: z.string().max(40),
  contactPhone: z.string().max(20),
});
export type TApplicationForm = z.infer<typeof ZApplicationForm>;

export const ZDocument = z
  .object({ n: z.number().int(), fileName: z.string(), mediaType: z.string(), size: z.number().int() })
  .meta({ id: 'SelectionDocument' });

/** One expert as the officials read them: conflict declared, scores kept per expert. */
export const ZExpert = z
  .object({
    username: z.string(),
    displayName: z.string(),
    conflict: z.boolean().nullable(),
    conflictNote: z.string().nullable(),
    scores: z.record(z.string(), z.number().int()).nullable(),
    total: z.number().nullable(),
    comment: z.string().nullable(),
    scoredAt: z.coerce.date().nullable(),
  })
  .meta({ id: 'SelectionExpert' });

export const ZSelectionObjection = z
  .object({
    id: z.uuid(),
    reason: z.string(),
    contact: z.string().nullable(),
    filedAt: z.coerce.date(),
    status: z.enum(OBJECTION_STATUSES),
    answer: z.string().nullable(),
  })
  .meta({ id: 'SelectionObjection' });

/** 遴选申请 as the applicant, the experts and the officials read it. */
export const ZApplication = z
  .object({
    id: z.uuid(),
    number: z.string(),
    creditCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    type: z.string(),
    roles: z.array(z.string()),
    sites: z.array(ZSite),
    occupations: z.array(z.object({ occupationCode: z.string(), level: z.string().nullable() })),
    teachers: z.array(ZTeacher),
    capacity: z.number().int(),
    contactName: z.string(),
    /** Masked for experts; in full for the applicant and the officials in scope. */
    contactPhone: z.string(),
    criteriaVersion: z.number().int(),
    status: z.enum(SELECTION_STATUSES),
    submittedAt: z.coerce.date(),
    /** The mean of the experts' totals (0–100, two decimals), once published. */
    result: z.number().nullable(),
    noticeFrom: z.string().nullable(),
    noticeUntil: z.string().nullable(),
    listedOn: z.string().nullable(),
    listedUntil: z.string().nullable(),
    decisionNote: z.string().nullable(),
    documents: z.array(ZDocument),
    /** Officials in scope see every expert; an expert sees only their own entry; the applicant none. */
    experts: z.array(ZExpert),
    objections: z.array(ZSelectionObjection),
  })
  .meta({ id: 'SelectionApplication' });
export type TApplication = z.infer<typeof ZApplication>;

/** The answer to a submission: the number and the access key, shown once. */
export const ZSubmitted = z
  .object({ id: z.uuid(), number: z.string(), accessKey: z.string(), application: ZApplication })
  .meta({ id: 'SelectionSubmitted' });

/** A row of the officials' list. */
export const ZApplicationRow = z
  .object({
    id: z.uuid(),
    number: z.string(),
    creditCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    status: z.enum(SELECTION_STATUSES),
    submittedAt: z.coerce.date(),
    experts: z.number().int(),
    scored: z.number().int(),
    result: z.number().nullable(),
    noticeUntil: z.string().nullable(),
    openObjections: z.number().int(),
    /** The caller is an appointed expert on it. */
    mine: z.boolean(),
  })
  .meta({ id: 'SelectionApplicationRow' });

export const ZApplicationQuery = z.object({
  status: z.enum(SELECTION_STATUSES).optional(),
  city: ZCode.optional(),
});

/** 遴选公示: an application in its notice period, as the public reads it (no contact, no documents). */
export const ZSelectionNotice = z
  .object({
    id: z.uuid(),
    number: z.string(),
    creditCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    type: z.string(),
    roles: z.array(z.string()),
    occupations: z.array(z.object({ occupationCode: z.string(), level: z.string().nullable() })),
    result: z.number(),
    noticeFrom: z.string(),
    noticeUntil: z.string(),
  })
  .meta({ id: 'SelectionNotice' });

export const ZAssignExperts = z.object({ usernames: z.array(z.string().max(64)).min(1).max(9) });
export const ZDeclareConflict = z.object({ conflict: z.boolean(), note: z.string().max(500).optional() });
export const ZScore = z.object({
  scores: z.record(z.string().max(40), z.number().int()),
  comment: z.string().max(1000).optional(),
});
export const ZSelectionObjectionForm = z.object({
  reason: z.string().max(1000),
  contact: z.string().max(60).nullable().optional(),
});
export const ZObjectionDecision = z.object({ outcome: z.enum(['upheld', 'dismissed']), answer: z.string().max(1000) });
