import type { Db } from '../../db/client.ts';
import { actorName, SYSTEM_PROVINCE, type Actor } from '../../kernel/auth.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { addDays } from '../../kernel/dates.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { dashboard } from './dashboard.ts';
import { targetProgress } from './decomposition.ts';
import type { Indicator } from './kpi.ts';

/** The Monday (China calendar) of the week `asOf` falls in. */
export function weekOf(asOf: string): string {
  return addDays(asOf, -((new Date(`${asOf}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/**
 * 督促提醒, once a week: every city, and every department's sector or key task with a decomposed
 * target, whose pace misses the period's end gets one reminder per indicator. Running it again in
 * the same week adds nothing.
 */
export async function generateWeeklyReminders(db: Db, asOf: string): Promise<{ weekOf: string; created: number }> {
  const week = weekOf(asOf);
  const behind = [
    ...(await dashboard(db, asOf, null)).cities
      .filter((c) => c.behind)
      .map((c) => ({ kind: 'city', key: c.cityCode, name: c.cityName, ...c })),
    ...(await targetProgress(db, SYSTEM_PROVINCE, 'sector', asOf))
      .filter((t) => t.hasTarget && t.behind)
      .map((t) => ({ kind: 'sector', ...t })),
    ...(await targetProgress(db, SYSTEM_PROVINCE, 'key_task', asOf))
      .filter((t) => t.hasTarget && t.behind)
      .map((t) => ({ kind: 'key_task', ...t })),
  ];
  let created = 0;
  for (const b of behind) {
    const r = await db.query(
      `INSERT INTO reminders (id, week_of, recipient_kind, recipient_key, recipient_name, indicator, actual, target, pro_rata_target, forecast_date)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING RETURNING 1`,
      [newId(), week, b.kind, b.key, b.name, b.indicator, b.actual, b.target, b.proRataTarget, b.forecastDate],
    );
    created += r.length;
  }
  return { weekOf: week, created };
}

/** A reminders row as the inbox lists it. */
export type Reminder = {
  id: string;
  week_of: string;
  recipient_kind: string;
  recipient_key: string;
  recipient_name: string;
  indicator: Indicator;
  actual: number;
  target: number;
  pro_rata_target: number;
  forecast_date: string | null;
  read_at: Date | null;
  read_by: string | null;
  created_at: Date;
};

/** The inbox: a city officer's city, a department's sectors and key tasks, all for the province. */
export async function inbox(db: Db, actor: Actor, week?: string, id?: string) {
  return db.query<Reminder>(
    `SELECT * FROM reminders r
     WHERE ($1::date IS NULL OR r.week_of = $1) AND ($6::uuid IS NULL OR r.id = $6)
       AND ($2::text = 'province_admin'
         OR ($2 = 'city_officer' AND r.recipient_kind = 'city' AND r.recipient_key = $3)
         OR ($2 = 'department_officer' AND ((r.recipient_kind = 'sector' AND r.recipient_key = ANY($4::text[])) OR (r.recipient_kind = 'key_task' AND r.recipient_key = ANY($5::text[])))))
     ORDER BY r.week_of DESC, r.recipient_kind, r.recipient_key, r.indicator LIMIT 1000`,
    [week ?? null, actor.role, actor.cityCode, actor.sectors, actor.keyTasks.map(String), id ?? null],
  );
}

export async function markRead(db: Db, actor: Actor, id: string) {
  const [r] = await inbox(db, actor, undefined, id);
  if (!r) {
    const [exists] = await db.query('SELECT 1 FROM reminders WHERE id = $1', [id]);
    if (exists) throw new Forbidden();
    throw new NotFound({ zh: '提醒', en: 'reminder' });
  }
  await db.transaction(async (tx) => {
    const changed = await tx.query(
      'UPDATE reminders SET read_at = now(), read_by = $2 WHERE id = $1 AND read_at IS NULL RETURNING 1',
      [id, actorName(actor)],
    );
    if (changed.length)
      await recordAudit(tx, [{ actor: actorName(actor), action: 'reminder.read', entity: 'reminder', entityId: id }]);
  });
  return { id, read: true };
}
