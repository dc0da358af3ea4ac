import { z } from 'zod';

/** Response contracts of the audit log: only what these declare is sent. */

export const ZChainReport = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    brokenAt: z.object({ seq: z.number(), why: z.string() }).optional(),
    finding: z
      .object({
        kind: z.enum(['broken', 'tail_cut', 'not_keyed', 'head_unsealed', 'daily_head']),
        message: z.string(),
        message_en: z.string(),
      })
      .optional(),
    tailCut: z.object({ headSeq: z.number(), logEndsAt: z.number() }).optional(),
    keyedFrom: z.number().nullable().optional(),
  })
  .meta({ id: 'AuditChainReport' });

/** One entry of the log as the administrator's list shows it (the snapshots are read per record). */
export const ZAuditLogEntry = z
  .object({
    seq: z.coerce.number(),
    at: z.date(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditLogEntry' });
