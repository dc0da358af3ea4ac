import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { blacklistedBy } from './listing.ts';

/** An institution the province lists after 遴选 (docs/selection.md § Listing). */
export interface InstitutionListing {
  creditCode: string;
  name: string;
  cityCode: string;
  type: string;
  roles: string[];
  capacity: number;
  listedOn: string;
  listedUntil: string;
  reviewDueOn: string;
}

/**
 * 列入目录: creates or updates the institution row with the roles it was selected for, `listed_from`
 * (the listing date — kept if it was listed already, so what was decided before does not change),
 * the validity end and the first annual review, and its declared capacity. The province only; a
 * blacklisted institution is refused. Audited with before and after.
 */
export async function listSelectedInstitution(tx: Db, actor: Actor, l: InstitutionListing, clock: Clock = systemClock) {
  if (actor.role !== 'province_admin') throw new Forbidden();
  const [before] = await tx.query<{
    roles: string[];
    listedFrom: string | null;
    blacklistedFrom: string | null;
    listed_until: string | null;
  }>(
    `SELECT roles, listed_from AS "listedFrom", blacklisted_from AS "blacklistedFrom", listed_until
     FROM institutions WHERE credit_code = $1 FOR UPDATE`,
    [l.creditCode],
  );
  if (blacklistedBy(before, l.listedOn))
    throw new Forbidden(
      'INSTITUTION_BLACKLISTED',
      `${l.name}已列入黑名单，不能列入目录`,
      `${l.name} is blacklisted and may not be listed`,
    );
  const roles = [...new Set([...(before?.roles ?? []), ...l.roles])].sort();
  const listedFrom = before?.listedFrom && before.listedFrom <= l.listedOn ? before.listedFrom : l.listedOn;
  await tx.query(
    `INSERT INTO institutions (credit_code, name, roles, type, city_code, listed_from, capacity, listed_until, review_due_on, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9, now())
     ON CONFLICT (credit_code) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, type = EXCLUDED.type,
       city_code = EXCLUDED.city_code, listed_from = EXCLUDED.listed_from, capacity = EXCLUDED.capacity,
       listed_until = EXCLUDED.listed_until, review_due_on = EXCLUDED.review_due_on, updated_at = now()`,
    [l.creditCode, l.name, roles, l.type, l.cityCode, listedFrom, l.capacity, l.listedUntil, l.reviewDueOn],
  );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: 'institution.list',
        entity: 'institution',
        entityId: l.creditCode,
        before: before
          ? { roles: before.roles, listed_from: before.listedFrom, listed_until: before.listed_until }
          : null,
        after: {
          roles,
          listed_from: listedFrom,
          listed_until: l.listedUntil,
          review_due_on: l.reviewDueOn,
          capacity: l.capacity,
        },
      },
    ],
    clock,
  );
  return { creditCode: l.creditCode, roles, listedFrom, listedUntil: l.listedUntil, reviewDueOn: l.reviewDueOn };
}
