import type { Db } from '../../db/client.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';

/** Marks a certificate revoked on `now`'s China date (locked, in the caller's transaction); refuses an unknown or already revoked one. */
export async function markCertificateRevoked(tx: Db, certificateNo: string, reason: string, now: Date): Promise<void> {
  const [c] = await tx.query<{ revoked_on: string | null }>(
    'SELECT revoked_on FROM certificates WHERE certificate_no = $1 FOR UPDATE',
    [certificateNo],
  );
  if (!c) throw new NotFound({ zh: `证书 ${certificateNo}`, en: `certificate ${certificateNo}` });
  if (c.revoked_on) throw new Conflict('ALREADY_REVOKED', '证书已被撤销', 'the certificate is already revoked');
  await tx.query(
    'UPDATE certificates SET revoked_on = $2, revoke_reason = $3, updated_at = $4 WHERE certificate_no = $1',
    [certificateNo, chinaDate(now), reason, now],
  );
}
