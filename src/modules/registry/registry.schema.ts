import { z } from 'zod';

/**
 * Response contracts of the registry: the serializer writes only what these declare, so a column
 * added to a query can never reach a client by accident (docs/security.md § Who sees what).
 */

/** One change of a record; before/after are the audit snapshots, free-form by nature (PII masked). */
const ZHistoryEntry = z
  .object({
    seq: z.coerce.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'RecordHistoryEntry' });

export const ZPersonListItem = z
  .object({
    person_key: z.string(),
    id_masked: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    groups: z.array(z.string()),
    insured_months: z.number(),
  })
  .meta({ id: 'PersonListItem' });
export const ZPersonList = z.object({ total: z.number(), items: z.array(ZPersonListItem) });

/** `id_number` is the full number for its owner only, else the masked one; `birth_date` is the owner's only. */
export const ZPersonDetail = ZPersonListItem.extend({
  id_number: z.string(),
  insured_as_of: z.string().nullable(),
  birth_date: z.string().optional(),
  history: z.array(ZHistoryEntry),
}).meta({ id: 'PersonDetail' });

export const ZDuplicateGroup = z
  .object({
    name: z.string(),
    phone: z.string(),
    persons: z.number(),
    records: z.array(z.object({ person_key: z.string(), id_masked: z.string(), city_code: z.string() })),
  })
  .meta({ id: 'DuplicatePersonGroup' });

const ZInstitutionRecord = z.object({
  credit_code: z.string(),
  name: z.string(),
  /** `training` and/or `evaluation`. */
  roles: z.array(z.string()),
  type: z.string(),
  city_code: z.string(),
  listed_from: z.string().nullable(),
  blacklisted_from: z.string().nullable(),
  /** 在训容量: trainees it can teach at one time (null: not declared). */
  capacity: z.number().nullable(),
});

export const ZCapacitySet = z.object({ creditCode: z.string(), capacity: z.number() }).meta({ id: 'CapacitySet' });

/** An entry of the public institution directory. */
export const ZInstitutionListItem = ZInstitutionRecord.extend({ city_name: z.string().nullable() }).meta({
  id: 'InstitutionListItem',
});

export const ZInstitutionDetail = ZInstitutionRecord.extend({
  /** 遴选 listing validity end and next annual review (docs/selection.md); null when not listed through selection. */
  listed_until: z.string().nullable(),
  review_due_on: z.string().nullable(),
  updated_at: z.date(),
  history: z.array(ZHistoryEntry),
}).meta({ id: 'InstitutionDetail' });

export const ZInstitutionQuery = z.object({
  city: z.string().optional(),
  role: z.enum(['training', 'evaluation']).optional(),
  q: z.string().max(64).optional(),
});

/** A person found by the pickers' search (name or masked ID), within the caller's scope; masked. */
export const ZPersonMatch = z
  .object({
    personKey: z.string(),
    name: z.string(),
    idMasked: z.string(),
    cityName: z.string().nullable(),
    /** The target groups (重点群体) the person belongs to; none means no subsidized training. */
    groups: z.array(z.string()),
    /** With `project`: the person is already enrolled in it. */
    inProject: z.boolean().nullable(),
  })
  .meta({ id: 'PersonMatch' });
export type TPersonMatch = z.infer<typeof ZPersonMatch>;

export const ZPersonSearchQuery = z.object({
  q: z.string().trim().min(1).max(64),
  project: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});
