import { z } from 'zod';

/** A case decided: its new status and the certificates' decisions clawed back or released (confirmations only). */
export const ZCaseDecision = z
  .object({
    id: z.number(),
    status: z.enum(['confirmed', 'dismissed']),
    clawedBack: z.array(z.string()),
    released: z.array(z.string()),
    /** Lines at the bank when the case was confirmed: their return decides (docs/payments.md). */
    held: z.array(z.string()),
  })
  .meta({ id: 'IntegrityCaseDecision' });
