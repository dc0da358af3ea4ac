import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { orderBy, pageBounds } from '../../kernel/listing.ts';
import { recordAudit } from '../audit/index.ts';
import type { AppealKind } from './appeals.labels.ts';
import {
  answerProblem,
  appealDueOn,
  appealLimitReached,
  assertMayDecide,
  assertMaySee,
  MAX_APPEALS_PER_RECORD,
  newEvidenceMissing,
  reasonProblem,
  type PriorAppeal,
} from './appeals.policy.ts';
import type { TAppeal, TAppealQuery } from './appeals.schema.ts';
import type { Attachment } from './attachments.ts';

/**
 * 申诉 (docs/appeals.md): a worker contests a decision, a payment or an attendance record of their
 * own; the city officer answers by the due date. This module keeps the appeal, its attachments and
 * its answer; what upholding changes is done by the owning modules (src/workflows/appeals.ts).
 */

/** The subject of an appeal as the owning module found it (the workflow checks it is the worker's). */
export interface AppealSubject {
  kind: AppealKind;
  ref: string;
  personKey: string;
  cityCode: string;
  /** The institution that may decide it too (learning time on its course); null otherwise. */
  institutionCode?: string | null;
  title: string;
}

type AppealRow = {
  id: string;
  person_key: string;
  city_code: string;
  institution_code: string | null;
  subject_kind: AppealKind;
  subject_ref: string;
  subject_title: string;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed';
  filed_at: Date;
  due_on: string;
  answer: string | null;
  decided_at: Date | null;
  person_name: string | null;
  attachments: { n: number; fileName: string; mediaType: string; size: number }[] | null;
};

const SELECT = `SELECT a.id, a.person_key, a.city_code, a.institution_code, a.subject_kind, a.subject_ref, a.subject_title, a.reason, a.status,
       a.filed_at, a.due_on, a.answer, a.decided_at, p.name AS person_name,
       (SELECT json_agg(json_build_object('n', f.n, 'fileName', f.file_name, 'mediaType', f.media_type, 'size', f.size) ORDER BY f.n)
        FROM appeal_attachments f WHERE f.appeal_id = a.id) AS attachments
  FROM appeals a LEFT JOIN registry.persons p ON p.person_key = a.person_key`;

const present =
  (today: string) =>
  (r: AppealRow): TAppeal => ({
    id: r.id,
    subjectKind: r.subject_kind,
    subjectRef: r.subject_ref,
    subjectTitle: r.subject_title,
    cityCode: r.city_code,
    personName: r.person_name,
    reason: r.reason,
    status: r.status,
    filedAt: new Date(r.filed_at),
    dueOn: r.due_on,
    overdue: r.status === 'open' && r.due_on < today,
    answer: r.answer,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    attachments: r.attachments ?? [],
  });

/**
 * The record's earlier appeals, oldest first, locked: a dismissal being recorded at this moment is
 * waited for and then read, so a filing cannot slip past the new-evidence rule.
 */
async function priorAppeals(tx: Db, subject: AppealSubject): Promise<PriorAppeal[]> {
  const rows = await tx.query<{ id: string; status: PriorAppeal['status']; reason: string }>(
    `SELECT id, status, reason FROM appeals WHERE subject_kind = $1 AND subject_ref = $2
     ORDER BY filed_at, decided_at NULLS LAST, id FOR UPDATE`,
    [subject.kind, subject.ref],
  );
  if (rows.length === 0) return [];
  const files = await tx.query<{ appeal_id: string; h: string }>(
    `SELECT appeal_id, encode(sha256(content), 'hex') AS h FROM appeal_attachments WHERE appeal_id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    status: r.status,
    reason: r.reason,
    attachmentHashes: files.filter((f) => f.appeal_id === r.id).map((f) => f.h),
  }));
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Files an appeal (the caller has checked the subject is the worker's): the reason 10–500
 * characters, one open appeal per subject, at most MAX_APPEALS_PER_RECORD on one record in all, new
 * evidence after a dismissal, the answer due APPEAL_WORKING_DAYS working days later.
 */
export async function fileAppeal(
  db: Db,
  actor: Actor,
  subject: AppealSubject,
  reason: string,
  attachments: Attachment[],
  clock: Clock = systemClock,
): Promise<TAppeal> {
  const problem = reasonProblem(reason);
  if (problem) throw problem;
  const now = clock.now();
  const id = newId();
  const dueOn = appealDueOn(chinaDate(now));
  await db.transaction(async (tx) => {
    const prior = await priorAppeals(tx, subject);
    const refused =
      appealLimitReached(prior) ??
      newEvidenceMissing(prior, { reason, attachmentHashes: attachments.map((f) => sha256(f.content)) });
    if (refused) throw refused;
    const inserted = await tx.query(
      `INSERT INTO appeals (id, person_key, city_code, institution_code, subject_kind, subject_ref, subject_title, reason, filed_at, due_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (subject_kind, subject_ref) WHERE status = 'open' DO NOTHING RETURNING id`,
      [
        id,
        subject.personKey,
        subject.cityCode,
        subject.institutionCode ?? null,
        subject.kind,
        subject.ref,
        subject.title,
        reason.trim(),
        now,
        dueOn,
      ],
    );
    if (inserted.length === 0)
      throw new Conflict('APPEAL_OPEN', '该记录已有待处理的申诉', 'an appeal on this record is already open');
    for (const [i, f] of attachments.entries())
      await tx.query(
        'INSERT INTO appeal_attachments (appeal_id, n, file_name, media_type, size, content) VALUES ($1,$2,$3,$4,$5,$6)',
        [id, i + 1, f.fileName, f.mediaType, f.content.length, f.content],
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'appeal.file',
          entity: 'appeal',
          entityId: id,
          after: {
            subject: `${subject.kind}:${subject.ref}`,
            city: subject.cityCode,
            institution: subject.institutionCode ?? null,
            due_on: dueOn,
            attachments: attachments.map((f) => ({ type: f.mediaType, bytes: f.content.length })),
          },
        },
      ],
      clock,
    );
  });
  return getAppeal(db, actor, id, clock);
}

/** Where a record stands for filing: an appeal open on it, filings left, and whether the last was dismissed. */
export interface AppealStanding {
  open: boolean;
  appealsLeft: number;
  newEvidenceNeeded: boolean;
}

/**
 * The worker's records that have been appealed (`kind:ref` → standing); a record not in the map has
 * had no appeal (none open, MAX_APPEALS_PER_RECORD left, no new evidence needed).
 */
export async function appealStandings(db: Db, personKey: string): Promise<Map<string, AppealStanding>> {
  const rows = await db.query<{ k: string; open: boolean; n: number; last: string }>(
    `SELECT subject_kind || ':' || subject_ref AS k, bool_or(status = 'open') AS open, count(*)::int AS n,
            (array_agg(status ORDER BY filed_at DESC, decided_at DESC NULLS FIRST, id DESC))[1] AS last
     FROM appeals WHERE person_key = $1 GROUP BY subject_kind, subject_ref`,
    [personKey],
  );
  return new Map(
    rows.map((r) => [
      r.k,
      {
        open: r.open,
        appealsLeft: Math.max(0, MAX_APPEALS_PER_RECORD - r.n),
        newEvidenceNeeded: r.last === 'dismissed',
      },
    ]),
  );
}

/** 我的申诉: the worker's own appeals, newest first, with status, answer and due date. */
export async function myAppeals(db: Db, actor: Actor, clock: Clock = systemClock): Promise<TAppeal[]> {
  if (actor.role !== 'worker' || !actor.personKey) return [];
  const rows = await db.query<AppealRow>(`${SELECT} WHERE a.person_key = $1 ORDER BY a.filed_at DESC, a.id`, [
    actor.personKey,
  ]);
  return rows.map(present(chinaDate(clock.now())));
}

const LIST_WHERE = `WHERE ($1::text IS NULL OR a.city_code = $1) AND ($2::text IS NULL OR a.status = $2)
  AND ($3::text IS NULL OR a.subject_kind = $3) AND (NOT $4::boolean OR (a.status = 'open' AND a.due_on < $5::date))
  AND ($6::text IS NULL OR a.institution_code = $6)`;

/**
 * The city's appeals (the province: every city's, or one city's; an institution: the learning-time
 * appeals on its courses), filtered and paged, oldest due first.
 */
export async function listAppeals(
  db: Db,
  actor: Actor,
  q: TAppealQuery,
  clock: Clock = systemClock,
): Promise<{ items: TAppeal[]; total: number }> {
  const today = chinaDate(clock.now());
  const city = cityScope(actor) ?? q.city ?? null;
  const institution = actor.role === 'institution_staff' ? (actor.institutionCode ?? '-') : null;
  const params = [
    actor.role === 'institution_staff' ? null : city,
    q.status ?? null,
    q.kind ?? null,
    q.overdue === '1',
    today,
    institution,
  ];
  const { limit, offset } = pageBounds(q);
  const order = orderBy(q, { filedAt: 'a.filed_at', dueOn: 'a.due_on', status: 'a.status' }, 'a.due_on', 'a.id');
  const rows = await db.query<AppealRow>(`${SELECT} ${LIST_WHERE} ${order} LIMIT ${limit} OFFSET ${offset}`, params);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals a ${LIST_WHERE}`, params);
  return { items: rows.map(present(today)), total: n };
}

/** Open appeals past their due date in the caller's scope (the to-do card; the list's `overdue=1`). */
export async function countOverdueAppeals(db: Db, actor: Actor, today: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals a ${LIST_WHERE}`, [
    cityScope(actor),
    null,
    null,
    true,
    today,
    null,
  ]);
  return n;
}

/** One appeal, for the worker who filed it or an officer in scope. */
export async function getAppeal(db: Db, actor: Actor, id: string, clock: Clock = systemClock): Promise<TAppeal> {
  const [row] = await db.query<AppealRow>(`${SELECT} WHERE a.id = $1`, [id]);
  assertMaySee(actor, row);
  return present(chinaDate(clock.now()))(row);
}

/** The bytes of attachment `n` of an appeal, for the worker who filed it or an officer in scope. */
export async function appealAttachment(db: Db, actor: Actor, id: string, n: number) {
  const [row] = await db.query<{ person_key: string; city_code: string; institution_code: string | null }>(
    'SELECT person_key, city_code, institution_code FROM appeals WHERE id = $1',
    [id],
  );
  assertMaySee(actor, row);
  const [f] = await db.query<{ file_name: string; media_type: string; content: Buffer | Uint8Array }>(
    'SELECT file_name, media_type, content FROM appeal_attachments WHERE appeal_id = $1 AND n = $2',
    [id, n],
  );
  if (!f) throw new NotFound({ zh: '附件', en: 'attachment' });
  return { fileName: f.file_name, mediaType: f.media_type, content: Buffer.from(f.content) };
}

/** Locks an open appeal for its decision, in the official's scope; what it is about. */
export async function lockOpenAppeal(tx: Db, actor: Actor, id: string) {
  const [a] = await tx.query<{
    id: string;
    person_key: string;
    city_code: string;
    institution_code: string | null;
    subject_kind: AppealKind;
    subject_ref: string;
    status: string;
  }>(
    'SELECT id, person_key, city_code, institution_code, subject_kind, subject_ref, status FROM appeals WHERE id = $1 FOR UPDATE',
    [id],
  );
  assertMayDecide(actor, a);
  if (a.status !== 'open') throw new Conflict('APPEAL_DECIDED', '该申诉已处理', 'this appeal has been decided');
  return a;
}

/**
 * Records the officer's answer — the one place an appeal is answered (the "appeal answered"
 * notice hangs here). Audited with what upholding changed.
 */
export async function recordAppealAnswer(
  tx: Db,
  actor: Actor,
  id: string,
  outcome: 'upheld' | 'dismissed',
  answer: string,
  effect: object | null,
  clock: Clock = systemClock,
) {
  const problem = answerProblem(answer);
  if (problem) throw problem;
  const now = clock.now();
  await tx.query(
    'UPDATE appeals SET status = $2, answer = $3, effect = $4, decided_by = $5, decided_at = $6 WHERE id = $1',
    [id, outcome, answer.trim(), effect ? JSON.stringify(effect) : null, actorName(actor), now],
  );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: `appeal.${outcome}`,
        entity: 'appeal',
        entityId: id,
        before: { status: 'open' },
        after: { status: outcome, answer: answer.trim(), effect },
      },
    ],
    clock,
  );
}
