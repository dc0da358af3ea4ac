import { z } from 'zod';

/**
 * Response contracts of jobs (订单, 人岗匹配, 就业): the serializer writes only what these declare.
 * Wire names stay as the services send them (snake_case rows from SQL, camelCase built answers);
 * money in fen; dates `YYYY-MM-DD`; timestamps leave the database as `Date` (sent as ISO strings).
 */

export const ZJobOrderState = z.object({ orderId: z.string(), status: z.string() }).meta({ id: 'JobOrderState' });

export const ZJobOrder = z
  .object({
    order_id: z.string(),
    enterprise_code: z.string(),
    enterprise_name: z.string().nullable(),
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    level: z.string().nullable(),
    headcount: z.number(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    pay_min_fen: z.number(),
    pay_max_fen: z.number(),
    deadline: z.string(),
    status: z.string(),
    filled: z.number(),
  })
  .meta({ id: 'JobOrder' });
export type TJobOrder = z.infer<typeof ZJobOrder>;

/** One part of a match score, in words an enterprise or a trainee can read. */
export const ZMatchReason = z
  .object({
    factor: z.enum(['occupation', 'level', 'city', 'pay']),
    points: z.number(),
    zh: z.string(),
    en: z.string(),
  })
  .meta({ id: 'MatchReason' });

export const ZJobCandidate = z
  .object({
    personKey: z.string(),
    name: z.string(),
    idMasked: z.string(),
    projectCode: z.string(),
    score: z.number(),
    reasons: z.array(ZMatchReason),
  })
  .meta({ id: 'JobCandidate' });

/** A candidate of the order was hired at once (201). */
export const ZHireRecorded = z
  .object({
    orderId: z.string(),
    status: z.literal('hired'),
    name: z.string(),
    idMasked: z.string(),
    startDate: z.string(),
    contractMonths: z.number(),
    filled: z.number(),
  })
  .meta({ id: 'HireRecorded' });

/** Anyone else waits for the worker's confirmation (202); the answer names no one. */
export const ZHirePending = z
  .object({
    orderId: z.string(),
    status: z.literal('pending_worker'),
    startDate: z.string(),
    contractMonths: z.number(),
    message: z.string(),
    message_en: z.string(),
  })
  .meta({ id: 'HirePending' });

/** 录用确认: a hire an enterprise proposed for the signed-in worker. */
export const ZPendingHire = z
  .object({
    id: z.string(),
    job_order_id: z.string(),
    enterprise_name: z.string().nullable(),
    occupation_name: z.string().nullable(),
    start_date: z.string(),
    contract_months: z.number(),
    status: z.string(),
    created_at: z.date(),
    answered_at: z.date().nullable(),
  })
  .meta({ id: 'PendingHire' });
export type TPendingHire = z.infer<typeof ZPendingHire>;

export const ZPendingHireAnswer = z
  .object({ id: z.string(), status: z.enum(['confirmed', 'declined']) })
  .meta({ id: 'PendingHireAnswer' });

export const ZOpenDemand = z
  .object({
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    positions: z.number(),
    requests: z.number(),
  })
  .meta({ id: 'OpenDemand' });
export type TOpenDemand = z.infer<typeof ZOpenDemand>;

/** An open job matched to the signed-in trainee, with the reasons of its score. */
export const ZJobForMe = z
  .object({
    order_id: z.string(),
    enterprise_name: z.string().nullable(),
    occupation_code: z.string(),
    occupation_name: z.string(),
    sector: z.string(),
    level: z.string().nullable(),
    level_rank: z.number().nullable(),
    city_code: z.string(),
    pay_min_fen: z.number(),
    pay_max_fen: z.number(),
    deadline: z.string(),
    score: z.number(),
    reasons: z.array(ZMatchReason),
  })
  .meta({ id: 'JobForMe' });

/** A class's employment at 3 and 6 months; null only for a project that does not exist. */
export const ZEmploymentRates = z
  .object({
    projectCode: z.string(),
    completedOn: z.string(),
    completers: z.number(),
    employed3: z.number(),
    employed6: z.number(),
    stable6: z.number(),
    final3: z.boolean(),
    final6: z.boolean(),
  })
  .meta({ id: 'EmploymentRates' });
