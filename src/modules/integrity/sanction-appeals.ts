import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { inScope, outOfScope } from '../../kernel/scope.ts';
import { createHash } from 'node:crypto';
import {
  appealLimitReached,
  MAX_APPEALS_PER_RECORD,
  newEvidenceMissing,
  type Attachment,
  type PriorAppeal,
} from '../appeals/index.ts';
import { recordAudit } from '../audit/index.ts';
import { lockSanction, markSanctionLifted } from '../registry/index.ts';

/**
 * 申辩/复核 (docs/integrity.md § Sanction appeals): the institution a sanction is on contests it
 * with a statement (10–2000 characters) and at most one attachment; the province decides — the
 * sanction stands (`upheld`) or is lifted (`lifted`, as 解除 does) — with a written answer. Audited.
 * Filing again follows the workers' rules (appeals.policy.ts): at most MAX_APPEALS_PER_RECORD appeals
 * on one sanction, and after one the province did not accept, a new one needs an attachment not filed
 * on that sanction before and a statement different from the one not accepted.
 */

export interface SanctionAppeal {
  id: string;
  sanctionId: string;
  creditCode: string;
  statement: string;
  attachment: { fileName: string; mediaType: string; size: number } | null;
  status: 'open' | 'upheld' | 'lifted';
  answer: string | null;
  filedAt: Date;
  decidedAt: Date | null;
}

const SELECT = `SELECT a.id, a.sanction_id AS "sanctionId", a.credit_code AS "creditCode", a.statement,
  CASE WHEN a.file_name IS NULL THEN NULL ELSE json_build_object('fileName', a.file_name, 'mediaType', a.media_type, 'size', a.size) END AS attachment,
  a.status, a.answer, a.filed_at AS "filedAt", a.decided_at AS "decidedAt"
  FROM sanction_appeals a JOIN registry.institutions i ON i.credit_code = a.credit_code`;

/** Only the institution the sanction is on contests it (its staff); anyone else may not. */
function assertOwnInstitution(actor: Actor, creditCode: string) {
  if (actor.role !== 'institution_staff') throw new Forbidden();
  if (actor.institutionCode !== creditCode) throw outOfScope();
}

/** Files an appeal against a sanction on the caller's own institution; one open appeal per sanction. */
export async function fileSanctionAppeal(
  db: Db,
  actor: Actor,
  sanctionId: string,
  statement: string,
  attachment: Attachment | null,
  clock: Clock = systemClock,
): Promise<SanctionAppeal> {
  const n = [...statement.trim()].length;
  if (n < 10 || n > 2000)
    throw new Invalid('BAD_STATEMENT', '请填写申辩理由（10–2000字）', 'write the statement (10–2000 characters)', {
      field: 'statement',
    });
  const id = newId();
  await db.transaction(async (tx) => {
    const s = await lockSanction(tx, sanctionId);
    assertOwnInstitution(actor, s.creditCode);
    if (s.liftedAt) throw new Conflict('SANCTION_LIFTED', '该处理已解除，无需申辩', 'this sanction has been lifted');
    const refused = refilingRefused(await priorAppealsOn(tx, sanctionId), statement.trim(), attachment);
    if (refused) throw refused;
    const inserted = await tx.query(
      `INSERT INTO sanction_appeals (id, sanction_id, credit_code, statement, file_name, media_type, size, content, filed_by, filed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (sanction_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [
        id,
        sanctionId,
        s.creditCode,
        statement.trim(),
        attachment?.fileName ?? null,
        attachment?.mediaType ?? null,
        attachment?.content.length ?? null,
        attachment?.content ?? null,
        actorName(actor),
        clock.now(),
      ],
    );
    if (inserted.length === 0)
      throw new Conflict('APPEAL_OPEN', '该处理已有待复核的申辩', 'an appeal against this sanction is already open');
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'institution.sanction.appeal',
          entity: 'institution',
          entityId: s.creditCode,
          after: {
            appeal: id,
            sanction: sanctionId,
            attachment: attachment ? { type: attachment.mediaType, bytes: attachment.content.length } : null,
          },
        },
      ],
      clock,
    );
  });
  const [a] = await db.query<SanctionAppeal>(`${SELECT} WHERE a.id = $1`, [id]);
  return a;
}

/**
 * The sanction's earlier appeals as the workers' rules on filing again read them (oldest first): a
 * sanction the province let stand (`upheld`) is, for the institution, an appeal not accepted
 * (`dismissed`); a lifted one was accepted (and a lifted sanction is not appealed again anyway).
 */
async function priorAppealsOn(tx: Db, sanctionId: string): Promise<PriorAppeal[]> {
  const rows = await tx.query<{ status: SanctionAppeal['status']; statement: string; hash: string | null }>(
    `SELECT status, statement, CASE WHEN content IS NULL THEN NULL ELSE encode(sha256(content), 'hex') END AS hash
     FROM sanction_appeals WHERE sanction_id = $1 ORDER BY filed_at, id`,
    [sanctionId],
  );
  const asAppeal = { open: 'open', upheld: 'dismissed', lifted: 'upheld' } as const;
  return rows.map((r) => ({
    status: asAppeal[r.status],
    reason: r.statement,
    attachmentHashes: r.hash ? [r.hash] : [],
  }));
}

/** The workers' refusals on filing again, in the words of 申辩 (the same codes). */
function refilingRefused(prior: PriorAppeal[], statement: string, attachment: Attachment | null): Conflict | null {
  if (appealLimitReached(prior))
    return new Conflict(
      'APPEAL_LIMIT',
      `该处理已申辩 ${MAX_APPEALS_PER_RECORD} 次，不再受理；如仍有异议，可依法申请行政复议`,
      `this sanction has been appealed ${MAX_APPEALS_PER_RECORD} times and no further appeal is accepted; you may apply for administrative review`,
    );
  const hashes = attachment ? [createHash('sha256').update(attachment.content).digest('hex')] : [];
  const missing = newEvidenceMissing(prior, { reason: statement, attachmentHashes: hashes });
  if (!missing) return null;
  return new Conflict(
    'APPEAL_NEEDS_NEW_EVIDENCE',
    '上次申辩未获支持，再次申辩须提供新的证明材料：请上传一个此前未提交过的附件，并写明与上次不同的申辩理由',
    'the last appeal against this sanction was not accepted; a new appeal must bring new evidence: an attachment not filed before, and a statement that differs from the one not accepted',
    // This form's fields: `statement` and `file` (the workers' are `reason` and `files`).
    { field: (missing.details as { field: string }).field === 'reason' ? 'statement' : 'file' },
  );
}

/** The appeals in the caller's scope: the province all, a city its institutions', an institution its own. */
export async function sanctionAppealsFor(db: Db, actor: Actor): Promise<SanctionAppeal[]> {
  const filter =
    actor.role === 'province_admin'
      ? [null, null]
      : actor.role === 'city_officer'
        ? [actor.cityCode, null]
        : actor.role === 'institution_staff'
          ? [null, actor.institutionCode]
          : null;
  if (!filter) throw new Forbidden();
  return db.query<SanctionAppeal>(
    `${SELECT} WHERE ($1::text IS NULL OR i.city_code = $1) AND ($2::text IS NULL OR a.credit_code = $2)
     ORDER BY a.filed_at DESC, a.id`,
    filter,
  );
}

/** The attachment's bytes, for the institution that filed it and the officials in scope. */
export async function sanctionAppealAttachment(db: Db, actor: Actor, id: string) {
  const [a] = await db.query<{
    credit_code: string;
    city_code: string;
    file_name: string | null;
    media_type: string;
    content: Buffer | Uint8Array | null;
  }>(
    `SELECT a.credit_code, i.city_code, a.file_name, a.media_type, a.content
     FROM sanction_appeals a JOIN registry.institutions i ON i.credit_code = a.credit_code WHERE a.id = $1`,
    [id],
  );
  const mine = actor.role === 'institution_staff' && a?.credit_code === actor.institutionCode;
  const official =
    (actor.role === 'province_admin' || actor.role === 'city_officer') && !!a && inScope(actor, { city: a.city_code });
  if (!a || !(mine || official) || !a.file_name || !a.content) throw new NotFound({ zh: '附件', en: 'attachment' });
  return { fileName: a.file_name, mediaType: a.media_type, content: Buffer.from(a.content) };
}

/**
 * 复核: the province decides an open appeal with a written answer (≥ 5 characters): `upheld` — the
 * sanction stands; `lifted` — the sanction is lifted (a lifted suspension gives the calls back).
 */
export async function decideSanctionAppeal(
  db: Db,
  actor: Actor,
  id: string,
  input: { outcome: 'upheld' | 'lifted'; answer: string },
  clock: Clock = systemClock,
) {
  if (actor.role !== 'province_admin')
    throw new Forbidden('PROVINCE_ONLY', '只有省级管理员可以复核申辩', 'only the province decides an appeal');
  const answer = input.answer.trim();
  if ([...answer].length < 5)
    throw new Invalid('ANSWER_REQUIRED', '请填写复核意见（至少5字）', 'write the answer (at least 5 characters)', {
      field: 'answer',
    });
  const now = clock.now();
  await db.transaction(async (tx) => {
    const [a] = await tx.query<{ sanction_id: string; status: string }>(
      'SELECT sanction_id, status FROM sanction_appeals WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!a) throw new NotFound({ zh: '申辩', en: 'appeal' });
    if (a.status !== 'open') throw new Conflict('APPEAL_DECIDED', '该申辩已复核', 'this appeal has been decided');
    const s = await lockSanction(tx, a.sanction_id);
    if (input.outcome === 'lifted' && !s.liftedAt)
      await markSanctionLifted(tx, s.id, actorName(actor), `申辩成立：${answer}`, now);
    await tx.query(
      'UPDATE sanction_appeals SET status = $2, answer = $3, decided_by = $4, decided_at = $5 WHERE id = $1',
      [id, input.outcome, answer, actorName(actor), now],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `institution.sanction.appeal.${input.outcome}`,
          entity: 'institution',
          entityId: s.creditCode,
          before: { appeal: id, status: 'open', sanction: s.id, liftedAt: s.liftedAt },
          after: { appeal: id, status: input.outcome, answer, sanctionLifted: input.outcome === 'lifted' },
        },
      ],
      clock,
    );
  });
}
