import type { Db } from '../../db/client.ts';
import { actorName, SYSTEM_PROVINCE, type Actor } from '../../kernel/auth.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { addDays } from '../../kernel/dates.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { dashboard } from './dashboard.ts';
import { targetProgress } from './decomposition.ts';
import { holderProgress } from './holders.ts';
import type { Indicator } from './kpi.ts';
import { PLAN } from './targets.ts';
import { INDICATOR_NAMES } from './reporting.labels.ts';
import { notify } from '../notify/index.ts';

/** The Monday (China calendar) of the week `asOf` falls in. */
export function weekOf(asOf: string): string {
  return addDays(asOf, -((new Date(`${asOf}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/** Who is behind on `asOf` by the board's own rows (and the decomposed sectors', key tasks' and N holders' of this year), one per indicator. */
export async function behindPace(db: Db, asOf: string) {
  return [
    ...(await dashboard(db, asOf, null)).cities
      .filter((c) => c.behind)
      .map((c) => ({ kind: 'city', key: c.cityCode, name: c.cityName, ...c })),
    ...(await targetProgress(db, SYSTEM_PROVINCE, 'sector', asOf))
      .filter((t) => t.hasTarget && t.behind)
      .map((t) => ({ kind: 'sector', ...t })),
    ...(await targetProgress(db, SYSTEM_PROVINCE, 'key_task', asOf))
      .filter((t) => t.hasTarget && t.behind)
      .map((t) => ({ kind: 'key_task', ...t })),
    ...(await holderProgress(db, SYSTEM_PROVINCE, asOf))
      .filter((h) => h.behind)
      .map((h) => ({ ...h, kind: 'holder', key: h.holderId })),
  ];
}

/**
 * 督促提醒, once a week: every city, and every department's sector or key task with a decomposed
 * target, that the board shows behind pace (pace.ts, the same rows) gets one reminder per
 * indicator. Running it again in the same week adds only who has fallen behind since, so the
 * weekly job and the inbox (which brings the week up to date when read) never miss a city the
 * board shows behind.
 */
export async function generateWeeklyReminders(db: Db, asOf: string): Promise<{ weekOf: string; created: number }> {
  const week = weekOf(asOf);
  const rows = (await behindPace(db, asOf)).map((b) => ({
    id: newId(),
    kind: b.kind,
    key: b.key,
    name: b.name,
    indicator: b.indicator,
    actual: b.actual,
    target: b.target,
    due: b.proRataTarget,
    forecast: b.forecastDate,
  }));
  if (!rows.length) return { weekOf: week, created: 0 };
  const created = await db.query<NewReminder>(
    `INSERT INTO reminders (id, week_of, recipient_kind, recipient_key, recipient_name, indicator, actual, target, pro_rata_target, forecast_date)
     SELECT x.id, $1::date, x.kind, x.key, x.name, x.indicator, x.actual, x.target, x.due, x.forecast
     FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, kind text, key text, name text, indicator text, actual int, target int, due int, forecast date)
     ON CONFLICT DO NOTHING
     RETURNING recipient_kind AS kind, recipient_key AS key, recipient_name AS name, indicator, actual, target, pro_rata_target AS due`,
    [week, JSON.stringify(rows)],
  );
  await tellHolders(db, week, asOf, created);
  return { weekOf: week, created: created.length };
}

interface NewReminder {
  kind: string;
  key: string;
  name: string;
  indicator: Indicator;
  actual: number;
  target: number;
  due: number;
}

/**
 * A holder has no city office to read the board for it: each new reminder of a holder is also a
 * notice (消息) to its liaison accounts, once per week and indicator (the event key).
 */
async function tellHolders(db: Db, week: string, asOf: string, created: NewReminder[]): Promise<void> {
  for (const r of created.filter((c) => c.kind === 'holder'))
    await notify(db, {
      recipients: [{ holderOfficers: r.key }],
      kind: 'holder_behind_pace',
      eventKey: `reminder:${week}:holder:${r.key}:${r.indicator}`,
      params: {
        holder: r.name,
        indicator: INDICATOR_NAMES[r.indicator].zh,
        indicatorEn: INDICATOR_NAMES[r.indicator].en,
        asOf,
        // Figures as people read them (1,377), kept as written: a notice reads the same years later.
        actual: r.actual.toLocaleString('zh-CN'),
        due: r.due.toLocaleString('zh-CN'),
        target: r.target.toLocaleString('zh-CN'),
      },
      link: '/my-targets',
    });
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
  /** Only a date by the plan's end (a reminder is for a pace that misses it, so mostly none). */
  forecast_date: string | null;
  reachable: boolean;
  period_end: string;
  read_at: Date | null;
  read_by: string | null;
  created_at: Date;
};

/** Whom a reminder is for: a city, a department's sector or key task, or an "N" target holder. */
export const REMINDER_KINDS = ['city', 'sector', 'key_task', 'holder'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * The inbox: a city officer's city, a department's sectors and key tasks (and its sectors' holders),
 * a holder liaison its own holder's, all for the province;
 * one week's only, one kind of recipient only, when asked.
 */
export async function inbox(db: Db, actor: Actor, week?: string, id?: string, kind?: ReminderKind) {
  return db.query<Reminder>(
    `SELECT r.id, r.week_of, r.recipient_kind, r.recipient_key, r.recipient_name, r.indicator, r.actual, r.target,
       r.pro_rata_target, CASE WHEN r.forecast_date <= e.period_end THEN r.forecast_date END AS forecast_date,
       COALESCE(r.forecast_date <= e.period_end, false) AS reachable, e.period_end::text AS period_end, r.read_at, r.read_by, r.created_at
     FROM reminders r
     -- A holder's target is for one year (the year it was reminded in, China time); the others' for the plan.
     CROSS JOIN LATERAL (SELECT CASE WHEN r.recipient_kind = 'holder'
       THEN make_date(extract(year FROM r.created_at AT TIME ZONE 'Asia/Shanghai')::int, 12, 31) ELSE $7::date END AS period_end) e
     WHERE ($1::date IS NULL OR r.week_of = $1) AND ($6::uuid IS NULL OR r.id = $6) AND ($8::text IS NULL OR r.recipient_kind = $8)
       AND ($2::text = 'province_admin'
         OR ($2 = 'city_officer' AND r.recipient_kind = 'city' AND r.recipient_key = $3)
         OR ($2 = 'holder_officer' AND r.recipient_kind = 'holder' AND r.recipient_key = $9)
         OR ($2 = 'department_officer' AND ((r.recipient_kind = 'sector' AND r.recipient_key = ANY($4::text[])) OR (r.recipient_kind = 'key_task' AND r.recipient_key = ANY($5::text[]))
           OR (r.recipient_kind = 'holder' AND EXISTS (SELECT 1 FROM target_holders h WHERE h.id::text = r.recipient_key AND h.sector = ANY($4::text[]))))))
     ORDER BY r.week_of DESC, r.recipient_kind, r.recipient_key, r.indicator LIMIT 1000`,
    [
      week ?? null,
      actor.role,
      actor.cityCode,
      actor.sectors,
      actor.keyTasks.map(String),
      id ?? null,
      PLAN.to,
      kind ?? null,
      actor.role === 'holder_officer' ? (actor.holderId ?? null) : null,
    ],
  );
}

/**
 * The inbox on `today`, this week's reminders brought up to date first (the same rows as the
 * board on `today`): the weekly job dispatches them, but a city the board shows behind has its
 * reminder even before the job's run, or when it fell behind since.
 */
export async function inboxToday(db: Db, actor: Actor, today: string, week?: string, kind?: ReminderKind) {
  await generateWeeklyReminders(db, today);
  return inbox(db, actor, week, undefined, kind);
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
