import type { Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { inQuietHours, notifyPersons, quietHoursStart, type Notified } from '../notify/index.ts';
import { learningParams } from './learning-params.ts';
import { chinaMinute } from './live-classes.ts';

/**
 * 直播课提醒 (docs/online-learning.md § Reminders): each learner of a live class's project is told
 * `liveReminderMinutes` (default 30) before it starts — once per class and start time, so reruns of
 * the job add nothing and a rescheduled class is reminded of its new time. A cancelled or started
 * class gets none.
 */

/** How far ahead a reminder can fall: the lead plus the longest quiet night (21:00–08:00). */
const QUIET_NIGHT_MS = 11 * 3600_000;

/**
 * When a class starting at `startsAt` is reminded: `leadMinutes` before it, or — when that falls in
 * quiet hours (21:00–08:00 China time, when no SMS goes out) — the same lead before the quiet hours
 * begin, i.e. 20:30 the evening before for a 30-minute lead.
 */
export function liveReminderDue(startsAt: Date, leadMinutes: number): Date {
  const lead = leadMinutes * 60_000;
  const at = new Date(startsAt.getTime() - lead);
  return inQuietHours(at) ? new Date(quietHoursStart(at).getTime() - lead) : at;
}

export interface LiveRemindersOptions {
  clock?: Clock;
}

/**
 * Makes the live-class reminders that have fallen due by now (the `notices-live` job, every 5
 * minutes). A reminder raised in quiet hours (a class scheduled late for early next morning) stays
 * in the inbox without an SMS when the SMS could only go after the class started.
 */
export async function makeLiveReminders(db: Db, opts: LiveRemindersOptions = {}): Promise<Notified> {
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const { liveReminderMinutes } = await learningParams(db);
  const horizon = new Date(now.getTime() + liveReminderMinutes * 60_000 + QUIET_NIGHT_MS + 3600_000);
  const soon = await db.query<{ id: string; title: string; starts_at: Date }>(
    `SELECT id, title, starts_at FROM learning_live_classes
     WHERE cancelled_at IS NULL AND starts_at > $1 AND starts_at <= $2 ORDER BY starts_at`,
    [now, horizon],
  );
  const total: Notified = { notices: 0, sms: 0 };
  for (const live of soon) {
    const startsAt = new Date(live.starts_at);
    if (liveReminderDue(startsAt, liveReminderMinutes) > now) continue;
    const r = await db.transaction((tx) =>
      notifyPersons(
        tx,
        'live_class_reminder',
        {
          sql: `SELECT e.person_key AS recipient, $2::text AS event_key, $3::text AS link,
                  jsonb_build_object('title', l.title, 'project', p.title, 'institution', i.name, 'startsAt', $4::text) AS params
                FROM learning_live_classes l
                JOIN training.enrolments e ON e.project_code = l.project_code
                LEFT JOIN training.projects p ON p.project_code = l.project_code
                LEFT JOIN registry.institutions i ON i.credit_code = l.institution_code
                WHERE l.id = $1 AND l.cancelled_at IS NULL`,
          params: [
            live.id,
            `live_reminder:${live.id}:${startsAt.getTime()}`,
            `/live/${live.id}`,
            chinaMinute(startsAt),
          ],
        },
        clock,
        { smsBefore: startsAt },
      ),
    );
    total.notices += r.notices;
    total.sms += r.sms;
  }
  return total;
}
