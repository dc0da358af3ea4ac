import { z } from 'zod';
import { CARRIER_KINDS } from './programme-list.ts';

/** Contracts of the programmes API (what leaves the server). */
export const ZProgramme = z
  .object({ code: z.string(), name_zh: z.string(), name_en: z.string(), key_task: z.number(), source: z.string() })
  .meta({ id: 'Programme' });

export const ZCarrier = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    city_code: z.string(),
    city_name: z.string(),
    owner: z.string(),
    members: z.array(z.object({ enterpriseKey: z.string(), enterpriseName: z.string() })),
  })
  .meta({ id: 'Carrier' });

export const ZNewCarrier = z.object({
  kind: z.enum(CARRIER_KINDS),
  name: z.string().trim().min(1).max(200),
  cityCode: z.string(),
  owner: z.string().trim().min(1).max(200),
  members: z
    .array(
      z.object({ enterpriseKey: z.string().max(40).optional(), enterpriseName: z.string().trim().min(1).max(200) }),
    )
    .max(500)
    .default([]),
});

export const ZCarrierUploadResult = z
  .object({
    rowsTotal: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    carriers: z.array(
      z.object({
        line: z.number().int(),
        id: z.string(),
        name: z.string(),
        outcome: z.enum(['created', 'updated', 'unchanged']),
      }),
    ),
    errors: z.array(
      z.object({
        line: z.number().int(),
        column: z.string(),
        value: z.string(),
        reason: z.string(),
        zh: z.string(),
        en: z.string(),
      }),
    ),
  })
  .meta({ id: 'CarrierUploadResult' });

export const ZProjectTags = z
  .object({ projectCode: z.string(), programmes: z.array(z.string()), carriers: z.array(z.string()) })
  .meta({ id: 'ProjectTags' });

export const ZSetProjectTags = z.object({
  programmes: z.array(z.string()).max(30),
  carriers: z.array(z.string()).max(30),
});
