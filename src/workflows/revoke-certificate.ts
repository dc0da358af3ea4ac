import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { Conflict, Invalid, NotFound } from '../kernel/errors.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { clawbackForCertificate } from '../modules/subsidy/index.ts';

/** The province revokes a certificate (fraud found later): audited, and the subsidy paid on it is clawed back. */
export async function revokeCertificate(
  db: Db,
  actor: Actor,
  certificateNo: string,
  reason: string,
  clock: Clock = systemClock,
) {
  if (reason.trim().length < 2) throw new Invalid('REASON_REQUIRED', '请填写撤销原因', 'a reason is required');
  return db.transaction(async (tx) => {
    const [c] = await tx.query<{ revoked_on: string | null }>(
      'SELECT revoked_on FROM certificates WHERE certificate_no = $1 FOR UPDATE',
      [certificateNo],
    );
    if (!c) throw new NotFound({ zh: `证书 ${certificateNo}`, en: `certificate ${certificateNo}` });
    if (c.revoked_on) throw new Conflict('ALREADY_REVOKED', '证书已被撤销', 'the certificate is already revoked');
    const now = clock.now();
    await tx.query(
      'UPDATE certificates SET revoked_on = $2, revoke_reason = $3, updated_at = $4 WHERE certificate_no = $1',
      [certificateNo, chinaDate(now), reason, now],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'certificate.revoke',
          entity: 'certificate',
          entityId: certificateNo,
          before: { revoked_on: null },
          after: { revoked_on: chinaDate(now), reason },
        },
      ],
      clock,
    );
    return clawbackForCertificate(tx, certificateNo, reason, actorName(actor), now);
  });
}
