import type { Db } from '../../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { addDays } from '../../kernel/dates.ts';
import { notifyPersons, type Notified } from './notify.service.ts';

export interface TimedOptions {
  clock?: Clock;
}

/** The China-time calendar date and clock time of a timestamptz column, as SQL. */
const chinaDay = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
const chinaMinute = (col: string) => `to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD HH24:MI')`;

/**
 * The daily job's notices, each a set-based statement whose event key makes a rerun add nothing:
 * - 开班提醒: workers enrolled in a class whose first session is tomorrow (or, without sessions, whose start date is);
 * - 待确认培训: workers with a training subsidy in its 公示 period who have not confirmed the training.
 * (出勤不足, attendance below pace, reads the blended ratio of training and learning, so it is raised
 * by src/workflows/attendance-pace.ts in the same daily job.)
 */
export async function makeTimedNotices(db: Db, opts: TimedOptions = {}): Promise<Record<string, Notified>> {
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const today = chinaDate(now);
  const tomorrow = addDays(today, 1);
  return db.transaction(async (tx) => ({
    classOpening: await notifyPersons(
      tx,
      'class_opening',
      {
        sql: `SELECT e.person_key AS recipient, 'class_opening:' || pr.project_code AS event_key, '/training' AS link,
                jsonb_build_object('project', pr.title, 'institution', i.name,
                  'startsAt', COALESCE(${chinaMinute('f.starts_at')}, pr.start_date::text), 'site', f.site_name) AS params
              FROM training.projects pr
              JOIN training.enrolments e ON e.project_code = pr.project_code
              LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
              LEFT JOIN LATERAL (SELECT s.starts_at, s.site_name FROM training.sessions s WHERE s.project_code = pr.project_code
                                 ORDER BY s.starts_at LIMIT 1) f ON TRUE
              WHERE pr.status IN ('accepted', 'running', 'open')
                AND CASE WHEN f.starts_at IS NULL THEN pr.start_date = $1::date ELSE ${chinaDay('f.starts_at')} = $1::date END`,
        params: [tomorrow],
      },
      clock,
    ),
    confirmationDue: await notifyPersons(
      tx,
      'confirmation_due',
      {
        sql: `SELECT d.person_key AS recipient, 'confirmation_due:' || d.application_id AS event_key, '/me' AS link,
                jsonb_build_object('project', pr.title, 'institution', i.name, 'until', n.notice_until::text) AS params
              FROM subsidy.decisions d
              JOIN subsidy.public_notices n ON n.application_id = d.application_id
              JOIN training.projects pr ON pr.project_code = d.project_code
              LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
              WHERE d.type = 'training' AND d.decision IN ('approved', 'review') AND n.notice_until >= $1::date
                AND NOT EXISTS (SELECT 1 FROM integrity.trainee_confirmations c WHERE c.application_id = d.application_id)`,
        params: [today],
      },
      clock,
    ),
  }));
}

/** ISO week of a date (`2026-W19`): the attendance reminder's once-a-week key. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the week's Thursday decides its year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
