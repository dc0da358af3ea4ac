import type { Db } from '../db/client.ts';
import type { Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { listSelectedInstitution } from '../modules/registry/index.ts';
import { lockForListing, markListed } from '../modules/selection/index.ts';

/**
 * 列入目录 after 遴选 (docs/selection.md § Listing): in one transaction the selection module checks
 * the application may be listed today (notice period over, no objection open or upheld), the
 * registry lists the institution (roles, listed_from, validity end, annual review, capacity) and
 * the application is marked listed. From then on dispatch and settlement ask the registry as always.
 */
export async function listSelectedApplication(db: Db, actor: Actor, applicationId: string, clock: Clock = systemClock) {
  const today = chinaDate(clock.now());
  return db.transaction(async (tx) => {
    const selected = await lockForListing(tx, actor, applicationId, today);
    const listed = await listSelectedInstitution(tx, actor, selected, clock);
    await markListed(tx, actor, selected, clock);
    return listed;
  });
}
