import { z } from 'zod';

export const ZRevocation = z.object({ reason: z.string().min(2).max(500) });

/** What the revocation did to the subsidy paid on the certificate: applications clawed back, released, and held at the bank. */
export const ZRevocationOutcome = z
  .object({ clawedBack: z.array(z.string()), released: z.array(z.string()), held: z.array(z.string()) })
  .meta({ id: 'CertificateRevocationOutcome' });
