import { z } from 'zod';

export const ZRevocation = z.object({ reason: z.string().min(2).max(500) });

/** What the revocation did to the subsidy paid on the certificate: applications clawed back, released, and held at the bank. */
export const ZRevocationOutcome = z
  .object({ clawedBack: z.array(z.string()), released: z.array(z.string()), held: z.array(z.string()) })
  .meta({ id: 'CertificateRevocationOutcome' });

/** What a revocation would do, before it is confirmed: each decision on the certificate and its fate. */
export const ZRevocationPreview = z
  .object({
    certificateNo: z.string(),
    effects: z.array(
      z.object({
        applicationId: z.string(),
        amountFen: z.number(),
        effect: z.enum(['clawback', 'release', 'await_bank']),
      }),
    ),
    clawbackFen: z.number(),
    releaseFen: z.number(),
  })
  .meta({ id: 'CertificateRevocationPreview' });
