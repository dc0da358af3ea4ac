import { z } from 'zod';
import { pageOf, ZPageQuery } from '../../kernel/listing.ts';
import { ZCode, ZDate } from '../../kernel/schemas.ts';
import { APPEAL_KINDS, APPEAL_STATUSES } from './appeals.labels.ts';

const ZWords = z.object({ zh: z.string(), en: z.string() });

/** An attachment as listed (its bytes come from GET /api/appeals/:id/attachments/:n). */
export const ZAppealAttachment = z
  .object({ n: z.number().int(), fileName: z.string(), mediaType: z.string(), size: z.number().int() })
  .meta({ id: 'AppealAttachment' });

/** 申诉: what the worker and the officers read about an appeal (no ID number; the person by name only). */
export const ZAppeal = z
  .object({
    id: z.uuid(),
    subjectKind: z.enum(APPEAL_KINDS),
    subjectRef: z.string(),
    subjectTitle: z.string(),
    cityCode: z.string(),
    personName: z.string().nullable(),
    reason: z.string(),
    status: z.enum(APPEAL_STATUSES),
    filedAt: z.date(),
    dueOn: z.string(),
    overdue: z.boolean(),
    answer: z.string().nullable(),
    decidedAt: z.date().nullable(),
    attachments: z.array(ZAppealAttachment),
  })
  .meta({ id: 'Appeal' });
export type TAppeal = z.infer<typeof ZAppeal>;

export const ZAppealPage = pageOf(ZAppeal).meta({ id: 'AppealPage' });

/** GET /api/appeals: the officer's list, filtered and paged. */
export const ZAppealQuery = z.object({
  ...ZPageQuery,
  status: z.enum(APPEAL_STATUSES).optional(),
  kind: z.enum(APPEAL_KINDS).optional(),
  overdue: z.enum(['1']).optional(),
  city: ZCode.optional(),
});
export type TAppealQuery = z.infer<typeof ZAppealQuery>;

/** The officer's answer: upheld or dismissed, always with a written reason. */
export const ZAppealDecision = z.object({
  outcome: z.enum(['upheld', 'dismissed']),
  answer: z.string().max(1000),
});

/** A subject the worker may contest now, with why it stands as it does. */
export const ZAppealSubject = z
  .object({
    kind: z.enum(APPEAL_KINDS),
    ref: z.string(),
    title: ZWords,
    why: z.array(ZWords),
    /** An appeal on it is open already (one at a time). */
    openAppeal: z.boolean(),
    /** Appeals still accepted on it (MAX_APPEALS_PER_RECORD in all; 0: refused with APPEAL_LIMIT). */
    appealsLeft: z.number().int(),
    /** Its last appeal was dismissed: a new one needs a new attachment and a different reason. */
    newEvidenceNeeded: z.boolean(),
  })
  .meta({ id: 'AppealSubject' });

/** The form fields of POST /api/appeals (multipart: these plus 0–3 files). */
export const ZAppealFields = z.object({
  subjectKind: z.enum(APPEAL_KINDS),
  subjectRef: ZCode,
  reason: z.string(),
});

export const ZDueOn = ZDate;
