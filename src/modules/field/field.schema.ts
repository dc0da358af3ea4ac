import { z } from 'zod';
import { ZDate, ZText } from '../../kernel/schemas.ts';
import { ZPageQuery } from '../../kernel/listing.ts';

/** The activity form: the same fields as a row of the upload (activity-row.ts), all text. */
export const ZNewActivity = z.object({
  kind: ZText(40),
  title: ZText(200),
  organiser: ZText(200),
  city: ZText(40),
  district: ZText(80).optional(),
  place: ZText(400),
  start: ZText(40),
  end: ZText(40),
  occupation: ZText(80).optional(),
  capacity: ZText(20),
});

export const ZActivityQuery = z.object({
  city: z.string().max(12).optional(),
  kind: z.string().max(40).optional(),
  occupation: z.string().max(40).optional(),
  scope: z.enum(['public', 'mine']).optional(),
  offset: ZPageQuery.offset,
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** A calendar entry: public fields, plus attendance and hires for its organiser, and the worker's own sign-up. */
export const ZActivity = z
  .object({
    activityId: z.string(),
    kind: z.string(),
    title: z.string(),
    organiser: z.string(),
    cityCode: z.string(),
    cityName: z.string().nullable(),
    district: z.string().nullable(),
    place: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    occupationCode: z.string().nullable(),
    occupationName: z.string().nullable(),
    capacity: z.number().int(),
    signedUp: z.number().int(),
    remaining: z.number().int(),
    attended: z.number().int().nullable(),
    hires: z.number().int().nullable(),
    mayManage: z.boolean(),
    mySignup: z.object({ checkinCode: z.string(), attended: z.boolean() }).nullable(),
  })
  .meta({ id: 'FieldActivity' });

export const ZActivityCreated = z.object({ activityId: z.string() });
export const ZSignedUp = z.object({ signupId: z.string(), checkinCode: z.string() });

export const ZRosterLine = z
  .object({
    signup_id: z.string(),
    name: z.string().nullable(),
    id_masked: z.string().nullable(),
    signed_up_at: z.date(),
    attended_at: z.date().nullable(),
    hired_by: z.string().nullable(),
  })
  .meta({ id: 'ActivityRosterLine' });

export const ZCheckIn = z.object({ code: z.string().min(1).max(12) });
export const ZCheckedIn = z.object({ signupId: z.string(), name: z.string().nullable() });

export const ZNewActivityHire = z.object({
  signupId: z.string().max(64),
  enterpriseCode: z.string().max(40),
  startDate: ZDate,
});
export const ZActivityHireRecorded = z.object({ hireId: z.string(), enterpriseName: z.string() });

export const ZActivityUploadResult = z
  .object({
    rowsTotal: z.number().int(),
    rowsAccepted: z.number().int(),
    rowsRefused: z.number().int(),
    activityIds: z.array(z.string()),
    errors: z.array(
      z.object({ line: z.number().int(), column: z.string(), reason: z.string(), zh: z.string(), en: z.string() }),
    ),
  })
  .meta({ id: 'ActivityUploadResult' });

export const ZActivityHiresLine = z
  .object({
    kind: z.string(),
    city_code: z.string(),
    activities: z.number().int(),
    signed_up: z.number().int(),
    attended: z.number().int(),
    hires: z.number().int(),
  })
  .meta({ id: 'ActivityHiresLine' });

export const ZNewCompetition = z.object({
  name: ZText(200),
  organiser: ZText(200),
  level: z.string().max(20),
  cityCode: z.string().max(12).nullish(),
  occupationCode: z.string().max(40),
  startsOn: z.string().max(10),
  endsOn: z.string().max(10),
});

export const ZCompetition = z
  .object({
    competition_id: z.string(),
    name: z.string(),
    organiser: z.string(),
    level: z.string(),
    city_code: z.string().nullable(),
    city_name: z.string().nullable(),
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    starts_on: z.string(),
    ends_on: z.string(),
    entrants: z.number().int(),
    results: z.number().int(),
    may_manage: z.boolean(),
  })
  .meta({ id: 'Competition' });

export const ZNewEntrant = z.object({ idNumber: z.string().max(40), unit: ZText(200) });

export const ZEntry = z
  .object({
    entry_id: z.string(),
    name: z.string().nullable(),
    id_masked: z.string().nullable(),
    unit: z.string(),
    rank: z.number().int().nullable(),
    score: z.string().nullable(),
    award: z.string().nullable(),
    promotion_id: z.string().nullable(),
    promotion_status: z.string().nullable(),
    from_level: z.string().nullable(),
    to_level: z.string().nullable(),
  })
  .meta({ id: 'CompetitionEntry' });

export const ZNewResult = z.object({
  rank: z.number().int(),
  score: z.string().max(10),
  award: z.string().max(20).nullish(),
});

export const ZResultRecorded = z.object({
  entryId: z.string(),
  promotion: z.object({ promotionId: z.string(), fromLevel: z.string(), toLevel: z.string() }).nullable(),
  noPromotionBecause: z.string().nullable(),
});

export const ZPromotion = z
  .object({
    promotion_id: z.string(),
    competition_name: z.string(),
    name: z.string().nullable(),
    id_masked: z.string().nullable(),
    occupation_name: z.string().nullable(),
    rank: z.number().int().nullable(),
    award: z.string().nullable(),
    from_level: z.string(),
    to_level: z.string(),
    rule: z.string(),
    status: z.string(),
    note: z.string().nullable(),
    decided_by: z.string().nullable(),
  })
  .meta({ id: 'PromotionRecord' });

export const ZPromotionDecision = z.object({
  decision: z.enum(['confirmed', 'rejected']),
  note: ZText(500),
});

/** A version of the contest promotion rule (docs/field-activities.md § Promotion rule). */
export const ZPromotionRule = z
  .object({
    effectiveFrom: z.string(),
    code: z.string(),
    levels: z.array(z.string()),
    awards: z.array(z.string()),
    maxRank: z.number(),
    basis: z.string(),
    setBy: z.string(),
  })
  .meta({ id: 'PromotionRule' });

export const ZNewPromotionRule = z.object({
  effectiveFrom: z.string(),
  code: z.string().max(60),
  levels: z.array(z.string()).max(10),
  awards: z.array(z.string()).max(10),
  maxRank: z.number(),
  basis: z.string().max(2000),
});
