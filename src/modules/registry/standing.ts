import type { Db } from '../../db/client.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';

/** A sanction on record (处理记录), as the integrity module and the training module read it. */
export interface SanctionRecord {
  id: string;
  creditCode: string;
  institutionName: string;
  cityCode: string;
  kind: string;
  reason: string;
  evidence: { caseIds?: string[]; note?: string };
  fromOn: string;
  untilOn: string | null;
  checkResult: string | null;
  checkNote: string | null;
  checkedAt: Date | null;
  checkedBy: string | null;
  liftedAt: Date | null;
  liftedBy: string | null;
  liftReason: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface NewSanction {
  creditCode: string;
  kind: string;
  reason: string;
  evidence: { caseIds?: string[]; note?: string };
  /** A suspension's last day or a rectification's deadline; null: until lifted. */
  untilOn: string | null;
  actor: string;
}

/**
 * A sanction's mark on an institution (in the caller's transaction): every sanction is recorded so
 * its state can be asked later; removal also unlists the institution, a blacklisting dates it.
 */
export async function recordSanction(tx: Db, s: NewSanction, today: string): Promise<string> {
  const id = newId();
  await tx.query(
    `INSERT INTO institution_sanctions (id, credit_code, kind, reason, evidence, from_on, until_on, created_by)
     VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7,$8)`,
    [id, s.creditCode, s.kind, s.reason, JSON.stringify(s.evidence), today, s.untilOn, s.actor],
  );
  if (s.kind === 'removal')
    await tx.query('UPDATE institutions SET listed_from = NULL, updated_at = now() WHERE credit_code = $1', [
      s.creditCode,
    ]);
  if (s.kind === 'blacklist')
    await tx.query('UPDATE institutions SET blacklisted_from = $2, updated_at = now() WHERE credit_code = $1', [
      s.creditCode,
      today,
    ]);
  return id;
}

const SELECT = `SELECT s.id, s.credit_code AS "creditCode", i.name AS "institutionName", i.city_code AS "cityCode",
  s.kind, s.reason, s.evidence, to_char(s.from_on, 'YYYY-MM-DD') AS "fromOn", to_char(s.until_on, 'YYYY-MM-DD') AS "untilOn",
  s.check_result AS "checkResult", s.check_note AS "checkNote", s.checked_at AS "checkedAt", s.checked_by AS "checkedBy",
  s.lifted_at AS "liftedAt", s.lifted_by AS "liftedBy", s.lift_reason AS "liftReason",
  s.created_by AS "createdBy", s.created_at AS "createdAt"
  FROM institution_sanctions s JOIN institutions i USING (credit_code)`;

/** Sanctions on record, newest first: of one city's institutions, of one institution, or all. */
export async function listSanctions(
  db: Db,
  filter: { cityCode?: string | null; creditCode?: string | null },
): Promise<SanctionRecord[]> {
  return db.query<SanctionRecord>(
    `${SELECT} WHERE ($1::text IS NULL OR i.city_code = $1) AND ($2::text IS NULL OR s.credit_code = $2)
     ORDER BY s.created_at DESC, s.id`,
    [filter.cityCode ?? null, filter.creditCode ?? null],
  );
}

/** One sanction, locked for a change (in the caller's transaction). */
export async function lockSanction(tx: Db, id: string): Promise<SanctionRecord> {
  const [s] = await tx.query<SanctionRecord>(`${SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  if (!s) throw new NotFound({ zh: '处理记录', en: 'sanction' });
  return s;
}

/**
 * The suspension (暂停) in force on `day`, if any: from its first day, until its last day or its
 * lifting, whichever is earlier. Training asks this before an institution takes or runs a project.
 */
export async function suspensionOn(
  db: Db,
  creditCode: string,
  day: string,
): Promise<{ id: string; untilOn: string | null } | null> {
  const [s] = await db.query<{ id: string; untilOn: string | null }>(
    `SELECT id, to_char(until_on, 'YYYY-MM-DD') AS "untilOn" FROM institution_sanctions
     WHERE credit_code = $1 AND kind = 'suspension' AND lifted_at IS NULL
       AND from_on <= $2::date AND (until_on IS NULL OR until_on >= $2::date)
     ORDER BY until_on DESC NULLS FIRST LIMIT 1`,
    [creditCode, day],
  );
  return s ?? null;
}

/** The institutions under a suspension in force on `day` (dispatch offers none of them). */
export async function suspendedOn(db: Db, day: string): Promise<Set<string>> {
  const rows = await db.query<{ credit_code: string }>(
    `SELECT DISTINCT credit_code FROM institution_sanctions
     WHERE kind = 'suspension' AND lifted_at IS NULL AND from_on <= $1::date AND (until_on IS NULL OR until_on >= $1::date)`,
    [day],
  );
  return new Set(rows.map((r) => r.credit_code));
}

/** Lifts a sanction (in the caller's transaction); a lifted one cannot be lifted again. */
export async function markSanctionLifted(tx: Db, id: string, actor: string, reason: string, at: Date): Promise<void> {
  const s = await lockSanction(tx, id);
  if (s.liftedAt)
    throw new Conflict('SANCTION_ALREADY_LIFTED', '该处理已解除', 'this sanction has already been lifted');
  await tx.query('UPDATE institution_sanctions SET lifted_at = $2, lifted_by = $3, lift_reason = $4 WHERE id = $1', [
    id,
    at,
    actor,
    reason,
  ]);
}

/** Records the follow-up check of a rectification (整改复查), once. */
export async function markRectificationChecked(
  tx: Db,
  id: string,
  result: 'passed' | 'failed',
  note: string,
  actor: string,
  at: Date,
): Promise<void> {
  await tx.query(
    'UPDATE institution_sanctions SET check_result = $2, check_note = $3, checked_at = $4, checked_by = $5 WHERE id = $1',
    [id, result, note, at, actor],
  );
}
