import type { Db } from '../../db/client.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { addDays } from '../../kernel/dates.ts';
import { post } from './ledger.ts';
import { RECOVERY_DUE_DAYS } from './recovery.ts';
import { programOf } from './programs/index.ts';

export interface ClawbackResult {
  clawedBack: string[];
  released: string[];
  /** Lines still at the bank: held until the bank's return says whether the money left (settleHeldClawback). */
  held: string[];
}

/**
 * When a certificate is revoked (or fraud is confirmed), money already paid on it becomes a
 * receivable against the payee (追回), and an approval not yet paid is voided: its commitment is
 * released and the decision becomes `rejected` with reason CERT_REVOKED. A line still at the bank is
 * held (`awaiting_bank`): its return decides — paid, it becomes a receivable; failed, the approval is
 * voided — and a held application is never batched again (settleHeldClawback).
 */
export async function clawbackForCertificate(
  tx: Db,
  certificateNo: string,
  reason: string,
  actor: string,
  at: Date,
): Promise<ClawbackResult> {
  const rows = await tx.query<{
    application_id: string;
    decision: string;
    amount_fen: number;
    city_code: string;
    type: string;
    applied_on: string;
    paid: number;
    pending: number;
  }>(
    `SELECT d.application_id, d.decision, d.amount_fen, d.city_code, d.type, d.applied_on,
            (SELECT count(*)::int FROM payment_lines l WHERE l.application_id = d.application_id AND l.status = 'paid') AS paid,
            (SELECT count(*)::int FROM payment_lines l WHERE l.application_id = d.application_id AND l.status = 'pending') AS pending
     FROM decisions d WHERE d.certificate_no = $1 AND d.decision IN ('approved', 'review') FOR UPDATE OF d`,
    [certificateNo],
  );
  const result: ClawbackResult = { clawedBack: [], released: [], held: [] };
  for (const d of rows) {
    const scope = { cityCode: d.city_code, fund: programOf(d.type).fund, year: Number(d.applied_on.slice(0, 4)) };
    if (d.paid > 0) {
      const inserted = await tx.query(
        `INSERT INTO clawbacks (id, application_id, amount_fen, reason, status, trail, created_at, due_on) VALUES ($1,$2,$3,$4,'open',$5::jsonb,$6,$7)
         ON CONFLICT (application_id) DO NOTHING RETURNING 1`,
        [
          newId(),
          d.application_id,
          d.amount_fen,
          reason,
          JSON.stringify([{ at: at.toISOString(), status: 'open', by: actor, note: reason }]),
          at,
          addDays(chinaDate(at), RECOVERY_DUE_DAYS),
        ],
      );
      if (inserted.length) {
        await post(tx, 'clawback', scope, d.amount_fen, { applicationId: d.application_id, memo: reason, at });
        result.clawedBack.push(d.application_id);
      }
    } else if (d.pending > 0) {
      const held = await tx.query(
        `INSERT INTO clawbacks (id, application_id, amount_fen, reason, status, trail, created_at) VALUES ($1,$2,$3,$4,'awaiting_bank',$5::jsonb,$6)
         ON CONFLICT (application_id) DO NOTHING RETURNING 1`,
        [
          newId(),
          d.application_id,
          d.amount_fen,
          reason,
          JSON.stringify([{ at: at.toISOString(), status: 'awaiting_bank', by: actor, note: reason }]),
          at,
        ],
      );
      if (held.length) result.held.push(d.application_id);
    } else {
      if (d.decision === 'approved')
        await post(tx, 'release', scope, d.amount_fen, { applicationId: d.application_id, memo: reason, at });
      await tx.query(
        `UPDATE decisions SET decision = 'rejected', amount_fen = 0, reasons = ARRAY['CERT_REVOKED'] WHERE application_id = $1`,
        [d.application_id],
      );
      result.released.push(d.application_id);
    }
  }
  await recordAudit(tx, [
    ...result.clawedBack.map((id) => ({
      actor,
      action: 'clawback.open',
      entity: 'decision',
      entityId: id,
      after: { reason },
    })),
    ...result.held.map((id) => ({
      actor,
      action: 'clawback.held',
      entity: 'decision',
      entityId: id,
      after: { reason, until: 'bank return' },
    })),
    ...result.released.map((id) => ({
      actor,
      action: 'decision.void',
      entity: 'decision',
      entityId: id,
      after: { decision: 'rejected', reasons: ['CERT_REVOKED'], reason },
    })),
  ]);
  return result;
}

/** What revoking a certificate would do to one decision on it (shown before the official confirms). */
export interface RevocationEffect {
  applicationId: string;
  amountFen: number;
  /** `clawback`: paid, becomes a receivable; `release`: approved and unpaid, voided; `await_bank`: a line is at the bank. */
  effect: 'clawback' | 'release' | 'await_bank';
}

/** The same reading as clawbackForCertificate, without changing anything: the effects a revocation would have. */
export async function revocationEffects(db: Db, certificateNo: string): Promise<RevocationEffect[]> {
  const rows = await db.query<{ application_id: string; amount_fen: number; paid: number; pending: number }>(
    `SELECT d.application_id, d.amount_fen,
            (SELECT count(*)::int FROM payment_lines l WHERE l.application_id = d.application_id AND l.status = 'paid') AS paid,
            (SELECT count(*)::int FROM payment_lines l WHERE l.application_id = d.application_id AND l.status = 'pending') AS pending
     FROM decisions d WHERE d.certificate_no = $1 AND d.decision IN ('approved', 'review')
       AND NOT EXISTS (SELECT 1 FROM clawbacks c WHERE c.application_id = d.application_id)
     ORDER BY d.application_id`,
    [certificateNo],
  );
  return rows.map((r) => ({
    applicationId: r.application_id,
    amountFen: Number(r.amount_fen),
    effect: r.paid > 0 ? 'clawback' : r.pending > 0 ? 'await_bank' : 'release',
  }));
}

/**
 * The bank's answer on a line whose certificate was revoked (or fraud confirmed) while it was at the
 * bank, in the return's transaction: paid → the held clawback becomes an open receivable (the
 * ledger moves paid → receivable); failed → no money left, so the approval is voided and its
 * commitment released. A line with nothing held is left alone.
 */
export async function settleHeldClawback(
  tx: Db,
  line: { application_id: string; city_code: string; type: string; applied_on: string; amount_fen: number },
  outcome: 'paid' | 'failed',
  actor: string,
  at: Date,
): Promise<void> {
  const [held] = await tx.query<{ reason: string }>(
    `SELECT reason FROM clawbacks WHERE application_id = $1 AND status = 'awaiting_bank' FOR UPDATE`,
    [line.application_id],
  );
  if (!held) return;
  const scope = {
    cityCode: line.city_code,
    fund: programOf(line.type).fund,
    year: Number(line.applied_on.slice(0, 4)),
  };
  const status = outcome === 'paid' ? 'open' : 'void';
  await tx.query(
    `UPDATE clawbacks SET status = $2, amount_fen = CASE WHEN $2 = 'open' THEN $3 ELSE amount_fen END,
       trail = trail || $4::jsonb, due_on = CASE WHEN $2 = 'open' THEN $5::date ELSE due_on END WHERE application_id = $1`,
    [
      line.application_id,
      status,
      line.amount_fen,
      JSON.stringify([{ at: at.toISOString(), status, by: actor, note: `bank return: ${outcome}` }]),
      addDays(chinaDate(at), RECOVERY_DUE_DAYS), // due from when the money is known to have left
    ],
  );
  if (outcome === 'paid')
    await post(tx, 'clawback', scope, line.amount_fen, { applicationId: line.application_id, memo: held.reason, at });
  else {
    await post(tx, 'release', scope, line.amount_fen, { applicationId: line.application_id, memo: held.reason, at });
    await tx.query(
      `UPDATE decisions SET decision = 'rejected', amount_fen = 0, reasons = ARRAY['CERT_REVOKED'] WHERE application_id = $1`,
      [line.application_id],
    );
  }
  await recordAudit(tx, [
    {
      actor,
      action: outcome === 'paid' ? 'clawback.open' : 'decision.void',
      entity: 'decision',
      entityId: line.application_id,
      before: { clawback: 'awaiting_bank' },
      after:
        outcome === 'paid'
          ? { clawback: 'open', reason: held.reason }
          : { decision: 'rejected', reasons: ['CERT_REVOKED'] },
    },
  ]);
}
