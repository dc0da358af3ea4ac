import type { Db } from '../../db/client.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { addWorkingDays } from '../../kernel/dates.ts';
import { postMany } from './ledger.ts';
import { programOf } from './programs/index.ts';
import { noticePublicity, noticePublicityOf } from './notices.ts';
import { timed, type PhaseTimings } from './phase-timings.ts';

/** 公示 length in working days (configurable: JINENG_NOTICE_WORKING_DAYS). */
export const noticeWorkingDays = () => Number(process.env.JINENG_NOTICE_WORKING_DAYS ?? 5);

export interface Approved {
  applicationId: string;
  type: string;
  appliedOn: string;
  cityCode: string;
  amountFen: number;
  /** The applicant, when the caller has it (settlement): the 公示 notice is then built without reading back. */
  personKey?: string;
}

/** The 公示 period an approval starts (China dates, inclusive). */
export interface NoticePeriod {
  from: string;
  until: string;
}

/**
 * What approval sets in motion, in the approving transaction: the public notice period starts
 * and the amount is committed against the city's budget of the fund and the application's year;
 * the applicants are told (公示开始) — unless `toldWithDecision`: the caller tells them of the
 * decision in the same transaction, and that notice carries the period (one message, not two at
 * the same instant; settlement and an official's review). Returns the period.
 */
export async function onApproved(
  tx: Db,
  approved: Approved[],
  at: Date,
  timings?: PhaseTimings,
  opts: { toldWithDecision?: boolean } = {},
): Promise<NoticePeriod | null> {
  if (approved.length === 0) return null;
  const today = chinaDate(at);
  const until = addWorkingDays(today, noticeWorkingDays());
  // One statement for the notices and one for the ledger, however many were approved (a settlement
  // batch approves hundreds): a round trip per approval was most of settlement's write time.
  await timed(timings, 'publicNotices', () =>
    tx.query(
      // A re-approval (after a revocation voided it, or on appeal) starts a new notice period: an
      // old, lapsed one must not let it be paid without the public seeing it.
      `INSERT INTO public_notices (application_id, approved_on, notice_until)
       SELECT application_id, $2::date, $3::date FROM unnest($1::text[]) AS a(application_id)
       ON CONFLICT (application_id) DO UPDATE SET approved_on = EXCLUDED.approved_on, notice_until = EXCLUDED.notice_until`,
      [approved.map((a) => a.applicationId), today, until],
    ),
  );
  await timed(timings, 'ledger', () =>
    postMany(
      tx,
      'commit',
      approved.map((a) => ({
        scope: { cityCode: a.cityCode, fund: programOf(a.type).fund, year: Number(a.appliedOn.slice(0, 4)) },
        amountFen: a.amountFen,
        applicationId: a.applicationId,
        memo: 'approved',
      })),
      at,
    ),
  );
  if (opts.toldWithDecision) return { from: today, until };
  // 公示开始: each applicant is told, one statement for all of them.
  const known = approved.every((a) => a.personKey !== undefined);
  await timed(timings, 'notices', () =>
    known
      ? noticePublicityOf(
          tx,
          approved.map((a) => ({ ...a, personKey: a.personKey!, from: today, until })),
          { now: () => at },
        )
      : noticePublicity(
          tx,
          approved.map((a) => a.applicationId),
          { now: () => at },
        ),
  );
  return { from: today, until };
}
