import type { Db } from '../../db/client.ts';

/** A sanction's mark on an institution (in the caller's transaction): removal unlists it, a blacklisting dates it. */
export async function recordSanction(tx: Db, creditCode: string, sanction: string, today: string): Promise<void> {
  if (sanction === 'removal')
    await tx.query('UPDATE institutions SET listed_from = NULL, updated_at = now() WHERE credit_code = $1', [
      creditCode,
    ]);
  if (sanction === 'blacklist')
    await tx.query('UPDATE institutions SET blacklisted_from = $2, updated_at = now() WHERE credit_code = $1', [
      creditCode,
      today,
    ]);
}
