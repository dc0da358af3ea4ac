import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { NotFound } from '../../kernel/errors.ts';
import { pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { holderOfficersOf, staffOf } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { NOTICE_KINDS, renderNotice, type NoticeKindCode, type NoticeParams } from './kinds.ts';
import { inboxOf } from './notify.policy.ts';
import { quietHoursEnd } from './quiet-hours.ts';

/**
 * Who a notice goes to: a person (a worker, by person_key), an account, every staff account of an
 * institution, or every liaison account of an "N" target holder.
 */
export type Recipient =
  | { person: string }
  | { user: string }
  | { institutionStaff: string }
  | { holderOfficers: string };

/** One event to tell people about. */
export interface NoticeEvent {
  recipients: Recipient[];
  kind: NoticeKindCode;
  /** Names the event (`decision:<application>:approved`): the same key again inserts nothing. */
  eventKey: string;
  params: NoticeParams;
  /** The web route the notice opens (`/me`, `/projects/JN3201000001`). */
  link: string | null;
  /**
   * The phone to text instead of the registry's: a self-registration's answer goes to the phone
   * the registrant proved with a code (their account's), which may not be the one the registry
   * holds. Each recipient's notice then gets its SMS to this phone.
   */
  smsPhone?: string;
}

/**
 * A set of events of one kind, as SQL: each row one notice, with the columns `recipient` (a
 * person_key), `event_key`, `params` (jsonb) and `link`. Its placeholders are its own ($1 …).
 * This is how bulk events (settlement's decisions) are told in one statement.
 */
export interface NoticeSource {
  sql: string;
  params: unknown[];
}

export interface Notified {
  notices: number;
  sms: number;
}

/**
 * Tells one event's recipients (in the caller's transaction): an inbox notice each, and an SMS to
 * each person with a phone when the kind goes by SMS. Replaying the event inserts nothing.
 */
export async function notify(tx: Db, event: NoticeEvent, clock: Clock = systemClock): Promise<Notified> {
  const rows: [string, string][] = [];
  for (const r of event.recipients) {
    if ('person' in r) rows.push(['person', r.person]);
    else if ('user' in r) rows.push(['user', r.user]);
    else if ('holderOfficers' in r)
      for (const u of await holderOfficersOf(tx, r.holderOfficers)) rows.push(['user', u]);
    else for (const u of await staffOf(tx, r.institutionStaff)) rows.push(['user', u]);
  }
  if (rows.length === 0) return { notices: 0, sms: 0 };
  return insertNotices(
    tx,
    event.kind,
    {
      sql: `SELECT r.recipient_kind, r.recipient, $3::text AS event_key, $4::jsonb AS params, $5::text AS link
            FROM unnest($1::text[], $2::text[]) AS r(recipient_kind, recipient)`,
      params: [rows.map((r) => r[0]), rows.map((r) => r[1]), event.eventKey, JSON.stringify(event.params), event.link],
    },
    clock,
    event.smsPhone ?? null,
  );
}

/**
 * Tells a set of persons at once (see NoticeSource): one INSERT … SELECT for the notices and their
 * SMS, whatever the number of rows — never a statement per event.
 */
export async function notifyPersons(
  tx: Db,
  kind: NoticeKindCode,
  source: NoticeSource,
  clock: Clock = systemClock,
  opts: { smsBefore?: Date } = {},
): Promise<Notified> {
  return insertNotices(
    tx,
    kind,
    {
      sql: `SELECT 'person'::text AS recipient_kind, s.recipient, s.event_key, s.params, s.link FROM (${source.sql}) s`,
      params: source.params,
    },
    clock,
    null,
    opts.smsBefore ?? null,
  );
}

async function insertNotices(
  tx: Db,
  kind: NoticeKindCode,
  source: NoticeSource,
  clock: Clock,
  smsPhone: string | null = null,
  smsBefore: Date | null = null,
): Promise<Notified> {
  const k = NOTICE_KINDS[kind];
  const now = clock.now();
  // Non-urgent SMS raised in quiet hours wait for 08:00 (the job holds them again if they are late).
  const due = k.urgent ? now : quietHoursEnd(now);
  // A notice whose SMS would only go out after it stopped mattering (a reminder held past the class's
  // start by quiet hours) stays in the inbox without the SMS.
  const sms = k.sms && (smsBefore === null || due < smsBefore);
  const n = source.params.length;
  const [r] = await tx.query<Notified>(
    `WITH src AS (${source.sql}),
     ins AS (
       INSERT INTO notices (recipient_kind, recipient, kind, params, link, event_key, created_at)
       SELECT recipient_kind, recipient, $${n + 1}, params, link, event_key, $${n + 2} FROM src
       ON CONFLICT (event_key, recipient_kind, recipient) DO NOTHING
       RETURNING id, recipient_kind, recipient, params),
     sms AS (
       INSERT INTO sms_deliveries (notice_id, phone, template, params, next_attempt_at, created_at)
       SELECT ins.id, coalesce($${n + 5}::text, p.phone), $${n + 1}, ins.params, $${n + 4}, $${n + 2}
       FROM ins LEFT JOIN registry.persons p ON p.person_key = ins.recipient AND ins.recipient_kind = 'person'
       WHERE $${n + 3}::boolean AND coalesce($${n + 5}::text, p.phone, '') <> ''
       RETURNING 1)
     SELECT (SELECT count(*) FROM ins)::int AS notices, (SELECT count(*) FROM sms)::int AS sms`,
    [...source.params, kind, now, sms, due, smsPhone],
  );
  return r!;
}

export interface NoticeItem {
  id: number;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The signed-in user's notices, newest first, with how many are unread. */
export async function myNotices(db: Db, actor: Actor, query: PageQuery & { unread?: boolean } = {}) {
  const box = inboxOf(actor);
  const { limit, offset } = pageBounds(query, 20);
  const unreadOnly = query.unread ? 'AND read_at IS NULL' : '';
  const rows = await db.query<{
    id: number;
    kind: string;
    params: NoticeParams;
    link: string | null;
    created_at: Date;
    read_at: Date | null;
  }>(
    `SELECT id, kind, params, link, created_at, read_at FROM notices WHERE ${box.sql} ${unreadOnly}
     ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [...box.params, limit, offset],
  );
  const [counts] = await db.query<{ total: number; unread: number }>(
    `SELECT count(*) FILTER (WHERE TRUE ${unreadOnly})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
     FROM notices WHERE ${box.sql}`,
    box.params,
  );
  const items: NoticeItem[] = rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    ...renderNotice(r.kind, r.params),
    link: r.link,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
  return { items, total: counts!.total, unread: counts!.unread };
}

/** How many of the user's notices are unread (the bell). */
export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const box = inboxOf(actor);
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notices WHERE ${box.sql} AND read_at IS NULL`,
    box.params,
  );
  return r!.n;
}

/** Marks one of the user's notices read; another's is not found (nothing revealed). */
export async function markRead(db: Db, actor: Actor, id: number, clock: Clock = systemClock) {
  const box = inboxOf(actor);
  return db.transaction(async (tx) => {
    const [n] = await tx.query<{ id: number; read_at: Date | null }>(
      `SELECT id, read_at FROM notices WHERE id = $3 AND ${box.sql} FOR UPDATE`,
      [...box.params, id],
    );
    if (!n) throw new NotFound({ zh: '消息', en: 'notice' });
    if (n.read_at) return { id, readAt: n.read_at, unread: await unreadCount(tx, actor) };
    const at = clock.now();
    await tx.query('UPDATE notices SET read_at = $2 WHERE id = $1', [id, at]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'notice.read',
          entity: 'notice',
          entityId: String(id),
          after: { read: true },
        },
      ],
      clock,
    );
    return { id, readAt: at, unread: await unreadCount(tx, actor) };
  });
}

/** Marks every unread notice of the user read. */
export async function markAllRead(db: Db, actor: Actor, clock: Clock = systemClock) {
  const box = inboxOf(actor);
  return db.transaction(async (tx) => {
    const at = clock.now();
    const rows = await tx.query(`UPDATE notices SET read_at = $3 WHERE ${box.sql} AND read_at IS NULL RETURNING id`, [
      ...box.params,
      at,
    ]);
    if (rows.length)
      await recordAudit(
        tx,
        [
          {
            actor: actorName(actor),
            action: 'notice.read_all',
            entity: 'notice',
            entityId: actor.username,
            after: { marked: rows.length },
          },
        ],
        clock,
      );
    return { marked: rows.length, unread: 0 };
  });
}
