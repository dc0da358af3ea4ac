import { z } from 'zod';

/**
 * Response contracts of the registry: the serializer writes only what these declare, so a column
 * added to a query can never reach a client by accident (docs/security.md § Who sees what).
 */
const ZHistoryEntry = z.object({
  seq: z.coerce.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const ZPersonListItem = z.object({
  person_key: z.string(),
  id_masked: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  city_code: z.string(),
  city_name: z.string().nullable(),
  groups: z.array(z.string()),
  insured_months: z.number(),
});
export const ZPersonList = z.object({ total: z.number(), items: z.array(ZPersonListItem) });

/** `id_number` is the full number for its owner only, else the masked one; `birth_date` is the owner's only. */
export const ZPersonDetail = ZPersonListItem.extend({
  id_number: z.string(),
  insured_as_of: z.string().nullable(),
  birth_date: z.string().optional(),
  history: z.array(ZHistoryEntry),
});

export const ZDuplicateGroup = z.object({
  name: z.string(),
  phone: z.string(),
  persons: z.number(),
  records: z.array(z.object({ person_key: z.string(), id_masked: z.string(), city_code: z.string() })),
});
