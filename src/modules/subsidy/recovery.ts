import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { displayYuan } from '../../kernel/money.ts';
import { assertInScope } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';
import { post, type Scope } from './ledger.ts';
import { programOf } from './programs/index.ts';

/**
 * 追回到最后一分: a receivable (opened by clawbackForCertificate) is paid back in parts, each by a
 * bank receipt, and what cannot be recovered is written off with a second province official's
 * approval. recovered + written off never exceeds what is owed: the clawback row is locked for
 * every change and a CHECK constraint (clawbacks_within_owed) refuses any sum above it.
 */

/** Days a payee has to pay back, counted from the day the receivable opens. */
export const RECOVERY_DUE_DAYS = 30;

interface LockedReceivable {
  application_id: string;
  amount_fen: number;
  recovered_fen: number;
  written_off_fen: number;
  status: string;
  city_code: string;
  type: string;
  applied_on: string;
}

async function lockReceivable(tx: Db, actor: Actor, applicationId: string): Promise<LockedReceivable> {
  const [c] = await tx.query<LockedReceivable>(
    `SELECT c.application_id, c.amount_fen, c.recovered_fen, c.written_off_fen, c.status, d.city_code, d.type,
            to_char(d.applied_on, 'YYYY-MM-DD') AS applied_on
     FROM clawbacks c JOIN decisions d USING (application_id) WHERE c.application_id = $1 FOR UPDATE OF c`,
    [applicationId],
  );
  if (!c) throw new NotFound({ zh: '追回应收', en: 'receivable' });
  assertInScope(actor, { city: c.city_code });
  return c;
}

const outstandingOf = (c: LockedReceivable) => c.amount_fen - c.recovered_fen - c.written_off_fen;

const scopeOf = (c: LockedReceivable): Scope => ({
  cityCode: c.city_code,
  fund: programOf(c.type).fund,
  year: Number(c.applied_on.slice(0, 4)),
});

/** The status once nothing is outstanding: all paid back, or closed with a part written off. */
const closedStatus = (recoveredFen: number, writtenOffFen: number, amountFen: number) =>
  recoveredFen + writtenOffFen < amountFen ? 'open' : writtenOffFen > 0 ? 'written_off' : 'recovered';

export interface RecoveryInput {
  applicationId: string;
  /** The bank receipt's reference (回单号): one receipt is one recovery, whatever the retries. */
  receiptRef: string;
  amountFen: number;
  receivedOn: string;
}

/**
 * Records money the payee paid back (in part or in full). Idempotent by receipt: the same receipt
 * again for the same receivable and amount answers the first recording (`replayed`); the same
 * receipt with other facts is refused. Never more than is still owed.
 */
export async function recordRecovery(db: Db, actor: Actor, input: RecoveryInput, at = new Date()) {
  const receiptRef = input.receiptRef.trim();
  if (!/^[A-Za-z0-9-_/]{4,64}$/.test(receiptRef))
    throw new Invalid(
      'BAD_RECEIPT_REF',
      '银行回单号应为4–64位字母、数字或 - _ /',
      'the bank receipt reference must be 4–64 letters, digits or - _ /',
      { field: 'receiptRef' },
    );
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw new Invalid(
      'BAD_AMOUNT',
      '追回金额应为大于0的整数（分）',
      'the amount must be a whole number of fen above 0',
      {
        field: 'amountFen',
      },
    );
  if (!isValidDate(input.receivedOn) || input.receivedOn > chinaDate(at))
    throw new Invalid(
      'BAD_RECEIVED_ON',
      `到账日期 ${input.receivedOn} 应为今天或以前的日期`,
      `the date received ${input.receivedOn} must be a date no later than today`,
      { field: 'receivedOn' },
    );
  return db.transaction(async (tx) => {
    const c = await lockReceivable(tx, actor, input.applicationId);
    const [seen] = await tx.query<{ application_id: string; amount_fen: number }>(
      'SELECT application_id, amount_fen FROM clawback_recoveries WHERE receipt_ref = $1',
      [receiptRef],
    );
    if (seen) {
      if (seen.application_id === c.application_id && seen.amount_fen === input.amountFen)
        return { ...summary(c), replayed: true };
      throw new Conflict(
        'RECEIPT_USED',
        `回单号 ${receiptRef} 已用于另一笔追回`,
        `receipt ${receiptRef} was already recorded for another recovery`,
        { field: 'receiptRef' },
      );
    }
    if (c.status !== 'open')
      throw new Conflict('RECEIVABLE_CLOSED', '该追回应收已结清', 'this receivable is already settled');
    const owed = outstandingOf(c);
    if (input.amountFen > owed)
      throw new Conflict(
        'OVER_RECOVERY',
        `追回金额 ${displayYuan(input.amountFen)} 超过尚欠金额 ${displayYuan(owed)}`,
        `the amount ${displayYuan(input.amountFen)} is more than the ${displayYuan(owed)} still owed`,
        { field: 'amountFen', outstandingFen: owed },
      );
    // A receipt used at the same moment for another receivable: the unique key decides, not a 500.
    const [inserted] = await tx.query(
      `INSERT INTO clawback_recoveries (id, application_id, receipt_ref, amount_fen, received_on, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (receipt_ref) DO NOTHING RETURNING 1`,
      [newId(), c.application_id, receiptRef, input.amountFen, input.receivedOn, actorName(actor), at],
    );
    if (!inserted)
      throw new Conflict('RECEIPT_USED', `回单号 ${receiptRef} 已被使用`, `receipt ${receiptRef} is already used`, {
        field: 'receiptRef',
      });
    await post(tx, 'recover', scopeOf(c), input.amountFen, {
      applicationId: c.application_id,
      memo: `receipt ${receiptRef}`,
      at,
    });
    const recoveredFen = c.recovered_fen + input.amountFen;
    const status = closedStatus(recoveredFen, c.written_off_fen, c.amount_fen);
    await tx.query(
      `UPDATE clawbacks SET recovered_fen = $2, status = $3, trail = trail || $4::jsonb WHERE application_id = $1`,
      [
        c.application_id,
        recoveredFen,
        status,
        JSON.stringify([
          { at: at.toISOString(), status, by: actorName(actor), note: `${receiptRef} ${displayYuan(input.amountFen)}` },
        ]),
      ],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'clawback.recovery',
        entity: 'decision',
        entityId: c.application_id,
        before: { status: c.status, recoveredFen: c.recovered_fen },
        after: { status, recoveredFen, receiptRef, amountFen: input.amountFen, receivedOn: input.receivedOn },
      },
    ]);
    return { ...summary({ ...c, recovered_fen: recoveredFen, status }), replayed: false };
  });
}

function summary(c: LockedReceivable) {
  return {
    applicationId: c.application_id,
    status: c.status,
    amountFen: c.amount_fen,
    recoveredFen: c.recovered_fen,
    writtenOffFen: c.written_off_fen,
    outstandingFen: outstandingOf(c),
  };
}

/**
 * 核销申请: an official asks to write off what is still owed (the payee cannot pay: gone, insolvent,
 * the court found nothing). It waits for a second province official; one request at a time.
 */
export async function requestWriteOff(db: Db, actor: Actor, applicationId: string, reason: string, at = new Date()) {
  if (reason.trim().length < 2)
    throw new Invalid('REASON_REQUIRED', '请填写核销理由', 'give the reason for the write-off', { field: 'reason' });
  return db.transaction(async (tx) => {
    const c = await lockReceivable(tx, actor, applicationId);
    if (c.status !== 'open' || outstandingOf(c) === 0)
      throw new Conflict('RECEIVABLE_CLOSED', '该追回应收已结清', 'this receivable is already settled');
    const id = newId();
    const [inserted] = await tx.query(
      `INSERT INTO clawback_writeoffs (id, application_id, amount_fen, reason, status, requested_by, requested_at)
       VALUES ($1,$2,$3,$4,'pending',$5,$6) ON CONFLICT DO NOTHING RETURNING 1`,
      [id, applicationId, outstandingOf(c), reason.trim(), actorName(actor), at],
    );
    if (!inserted)
      throw new Conflict(
        'WRITEOFF_PENDING',
        '该应收已有待审批的核销申请',
        'a write-off of this receivable is already waiting',
      );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'clawback.writeoff.request',
        entity: 'decision',
        entityId: applicationId,
        after: { writeOffId: id, amountFen: outstandingOf(c), reason: reason.trim() },
      },
    ]);
    return { id, applicationId, amountFen: outstandingOf(c), status: 'pending' as const };
  });
}

/**
 * A second province official approves or refuses a write-off (四眼原则: never the one who asked).
 * Approval writes off what is still owed at that moment (a recovery since the request lowers it):
 * the receivable closes and the ledger moves it back to paid (the money stays spent).
 */
export async function decideWriteOff(db: Db, actor: Actor, writeOffId: string, approve: boolean, at = new Date()) {
  if (actor.role !== 'province_admin')
    throw new Forbidden('WRITEOFF_PROVINCE_ONLY', '核销须由省级审批', 'only the province approves a write-off');
  return db.transaction(async (tx) => {
    const [w] = await tx.query<{ application_id: string; status: string; requested_by: string; amount_fen: number }>(
      'SELECT application_id, status, requested_by, amount_fen FROM clawback_writeoffs WHERE id = $1 FOR UPDATE',
      [writeOffId],
    );
    if (!w) throw new NotFound({ zh: '核销申请', en: 'write-off request' });
    if (w.status !== 'pending')
      throw new Conflict('WRITEOFF_DECIDED', '该核销申请已审批', 'this write-off has already been decided');
    if (w.requested_by === actorName(actor))
      throw new Forbidden(
        'FOUR_EYES',
        '核销须由申请人以外的另一名省级工作人员审批',
        'a write-off must be approved by a province official other than the one who asked',
      );
    const c = await lockReceivable(tx, actor, w.application_id);
    const amountFen = c.status === 'open' ? outstandingOf(c) : 0;
    const status = approve ? 'approved' : 'refused';
    await tx.query(
      'UPDATE clawback_writeoffs SET status = $2, decided_by = $3, decided_at = $4, amount_fen = $5 WHERE id = $1',
      [writeOffId, status, actorName(actor), at, approve ? amountFen : w.amount_fen],
    );
    let after = summary(c);
    if (approve && amountFen > 0) {
      await post(tx, 'writeoff', scopeOf(c), amountFen, {
        applicationId: c.application_id,
        memo: `write-off ${writeOffId}`,
        at,
      });
      const writtenOffFen = c.written_off_fen + amountFen;
      const next = closedStatus(c.recovered_fen, writtenOffFen, c.amount_fen);
      await tx.query(
        `UPDATE clawbacks SET written_off_fen = $2, status = $3, trail = trail || $4::jsonb WHERE application_id = $1`,
        [
          c.application_id,
          writtenOffFen,
          next,
          JSON.stringify([
            { at: at.toISOString(), status: next, by: actorName(actor), note: `核销 ${displayYuan(amountFen)}` },
          ]),
        ],
      );
      after = summary({ ...c, written_off_fen: writtenOffFen, status: next });
    }
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `clawback.writeoff.${status}`,
        entity: 'decision',
        entityId: c.application_id,
        before: { writeOffId, status: 'pending', requestedBy: w.requested_by },
        after: { writeOffId, status, amountFen: approve ? amountFen : 0 },
      },
    ]);
    return { id: writeOffId, status, writtenOffFen: approve ? amountFen : 0, receivable: after };
  });
}

/** 追回应收 in the caller's scope with payee, institution, due date and what is still owed. */
export async function listReceivables(db: Db, actor: Actor) {
  const rows = await db.query<{
    applicationId: string;
    cityCode: string | null;
    personName: string | null;
    personIdMasked: string | null;
    institutionCode: string | null;
    institutionName: string | null;
    reason: string;
    status: string;
    amountFen: number;
    recoveredFen: number;
    writtenOffFen: number;
    dueOn: string | null;
    openedAt: Date;
    pendingWriteOff: { id: string; amountFen: number; reason: string; requestedBy: string } | null;
    recoveries: { receiptRef: string; amountFen: number; receivedOn: string; recordedBy: string }[];
  }>(
    `SELECT c.application_id AS "applicationId", d.city_code AS "cityCode", p.name AS "personName",
            p.id_masked AS "personIdMasked", pr.institution_code AS "institutionCode", i.name AS "institutionName",
            c.reason, c.status, c.amount_fen AS "amountFen", c.recovered_fen AS "recoveredFen",
            c.written_off_fen AS "writtenOffFen", to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn", c.created_at AS "openedAt",
            (SELECT json_build_object('id', w.id, 'amountFen', w.amount_fen, 'reason', w.reason, 'requestedBy', w.requested_by)
               FROM clawback_writeoffs w WHERE w.application_id = c.application_id AND w.status = 'pending') AS "pendingWriteOff",
            COALESCE((SELECT json_agg(json_build_object('receiptRef', r.receipt_ref, 'amountFen', r.amount_fen,
               'receivedOn', to_char(r.received_on, 'YYYY-MM-DD'), 'recordedBy', r.recorded_by) ORDER BY r.recorded_at)
               FROM clawback_recoveries r WHERE r.application_id = c.application_id), '[]'::json) AS recoveries
     FROM clawbacks c JOIN decisions d USING (application_id)
     LEFT JOIN registry.persons p ON p.person_key = d.person_key
     LEFT JOIN training.projects pr ON pr.project_code = d.project_code
     LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     WHERE ($1::text IS NULL OR d.city_code = $1)
     ORDER BY (c.status = 'open') DESC, c.due_on, c.application_id`,
    [cityScope(actor)],
  );
  return rows.map((r) => ({
    ...r,
    amountFen: Number(r.amountFen),
    recoveredFen: Number(r.recoveredFen),
    writtenOffFen: Number(r.writtenOffFen),
    outstandingFen: Number(r.amountFen) - Number(r.recoveredFen) - Number(r.writtenOffFen),
  }));
}
