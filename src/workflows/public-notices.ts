import type { Db } from '../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { NotFound } from '../kernel/errors.ts';
import { maskName } from '../kernel/pii.ts';
import { openObjectionCase } from '../modules/integrity/index.ts';
import { noticeInPeriod, publicNotices } from '../modules/subsidy/index.ts';

/**
 * 公示 (docs/appeals.md § Public notices): approved subsidies in their notice period, for anyone to
 * read — the name masked (张*), never an ID number or a person key — and an objection (异议) that
 * opens an integrity case for the subsidy's city.
 */
export async function listPublicNotices(
  db: Db,
  q: { city?: string; offset?: number; limit?: number },
  clock: Clock = systemClock,
) {
  const page = await publicNotices(db, {
    today: chinaDate(clock.now()),
    cityCode: q.city ?? null,
    limit: q.limit ?? 20,
    offset: q.offset ?? 0,
  });
  return {
    total: page.total,
    items: page.items.map((n) => ({
      ref: n.ref,
      maskedName: maskName(n.person_name),
      type: n.type,
      amountFen: n.amount_fen,
      cityCode: n.city_code,
      projectTitle: n.project_title,
      institutionName: n.institution_name,
      approvedOn: n.approved_on,
      noticeUntil: n.notice_until,
    })),
  };
}

/** Anyone objects to a subsidy in its notice period: an integrity case opens for its city. */
export async function fileObjection(
  db: Db,
  ref: string,
  input: { reason: string; contact?: string | null },
  clock: Clock = systemClock,
) {
  const now = clock.now();
  const n = await noticeInPeriod(db, ref, chinaDate(now));
  if (!n) throw new NotFound({ zh: '公示中的补贴', en: 'a subsidy in public notice' });
  const contact = input.contact?.trim() || null;
  await db.transaction((tx) =>
    openObjectionCase(tx, {
      applicationId: n.application_id,
      personKey: n.person_key,
      projectCode: n.project_code,
      cityCode: n.city_code,
      reason: input.reason,
      contact,
      at: now,
    }),
  );
  // The case number stays with the city: the objector learns only that it was received.
  return { received: true as const, cityCode: n.city_code };
}
