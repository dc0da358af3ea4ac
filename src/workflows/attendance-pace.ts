import type { Db } from '../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { isoWeek, notify, type Notified } from '../modules/notify/index.ts';
import { traineesBelowPace, type RatioRules } from '../modules/training/index.ts';

/** Whole minutes as hours and minutes (7小时30分钟 / 7 h 30 min). */
function span(ms: number): { zh: string; en: string } {
  const min = Math.floor(ms / 60_000);
  const [h, m] = [Math.floor(min / 60), min % 60];
  return {
    zh: h && m ? `${h}小时${m}分钟` : m ? `${m}分钟` : `${h}小时`,
    en: h && m ? `${h} h ${m} min` : m ? `${m} min` : `${h} h`,
  };
}

/**
 * 出勤不足提醒 (the daily job): each trainee whose attendance so far is below the policy's share —
 * the ratio the subsidy decision uses, blended with online time in a blended project
 * (training `traineesBelowPace`) — is told once a week per class (the event key).
 */
export async function noticeAttendanceBelowPace(
  db: Db,
  opts: { rules: RatioRules; minPercent: number; clock?: Clock },
): Promise<Notified> {
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const week = isoWeek(chinaDate(now));
  const below = await traineesBelowPace(db, opts.rules, opts.minPercent, now);
  const total: Notified = { notices: 0, sms: 0 };
  await db.transaction(async (tx) => {
    for (const b of below) {
      const attended = span(b.ratio.attendedMs);
      const held = span(b.ratio.scheduledMs);
      const n = await notify(
        tx,
        {
          kind: 'attendance_below_pace',
          recipients: [{ person: b.personKey }],
          eventKey: `attendance_below_pace:${b.projectCode}:${week}`,
          params: {
            project: b.projectTitle,
            attended: attended.zh,
            attendedEn: attended.en,
            held: held.zh,
            heldEn: held.en,
            percent: Math.floor((100 * b.ratio.attendedMs) / b.ratio.scheduledMs),
            required: opts.minPercent,
          },
          link: '/training',
        },
        clock,
      );
      total.notices += n.notices;
      total.sms += n.sms;
    }
  });
  return total;
}
