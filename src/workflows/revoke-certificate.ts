import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { Invalid } from '../kernel/errors.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { clawbackForCertificate } from '../modules/subsidy/index.ts';
import { markCertificateRevoked } from '../modules/evaluation/index.ts';

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
    const now = clock.now();
    await markCertificateRevoked(tx, certificateNo, reason, now);
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
