import fs from 'node:fs';
import type { Db } from '../../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { formatYuan, parseYuan } from '../../kernel/money.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { csvLine } from '../../kernel/tabular/csv-write.ts';
import { openTable } from '../../kernel/tabular/read-table.ts';
import { post, type Fund } from './ledger.ts';
import { programOf } from './programs/index.ts';
import type { TPaymentBatch } from './subsidy.schema.ts';
import { noticePayment } from './notices.ts';
import { settleHeldClawback } from './clawback.ts';

export interface BatchOptions {
  /** Pay what is payable on this date (notice period ended before it). */
  asOf: string;
  actor: string;
  clock?: Clock;
  /** Fault injection for the crash test: called after each committed batch. */
  afterBatch?: (n: number) => void | Promise<void>;
}

export interface BatchSummary {
  id: string;
  cityCode: string;
  fund: Fund;
  lineCount: number;
  totalFen: number;
}

/**
 * Groups payable approvals into payment batches per city and fund (no cash: every line goes to
 * the payee's social-security-card account). Payable = approved, amount > 0, notice period over,
 * no open clawback, not denied by the trainee (学员确认) or employer (企业确认), no open public objection (异议), and no live (pending or paid) line yet. Each batch is one transaction and the
 * unique index on live lines makes a second line for an application impossible, so a crash or a
 * rerun never pays twice; failed lines become payable again with the next attempt number.
 */
/** What may be paid (over `payables d` joined to `public_notices n`), in one place for both queries. */
const payable = (asOf: string) => `d.decision = 'approved' AND d.amount_fen > 0 AND n.notice_until < ${asOf}::date
  AND NOT EXISTS (SELECT 1 FROM clawbacks c WHERE c.application_id = d.application_id)
  AND NOT EXISTS (SELECT 1 FROM integrity.trainee_confirmations t WHERE t.application_id = d.application_id AND t.answer = 'denied')
  AND NOT EXISTS (SELECT 1 FROM integrity.employer_confirmations t WHERE t.application_id = d.application_id AND t.answer = 'denied')
  AND NOT EXISTS (SELECT 1 FROM integrity.integrity_cases x WHERE x.detector = 'PUBLIC_OBJECTION' AND x.status = 'open'
    AND x.subject_kind = 'person' AND x.subject_key = d.payee_key
    AND x.evidence->'objections' @> jsonb_build_array(jsonb_build_object('application', d.application_id)))`;

export async function createPaymentBatches(db: Db, opts: BatchOptions): Promise<BatchSummary[]> {
  const clock = opts.clock ?? systemClock;
  const groups = await db.query<{ city_code: string; type: string }>(
    `SELECT DISTINCT d.city_code, d.type FROM payables d JOIN public_notices n USING (application_id)
     WHERE ${payable('$1')}
       AND NOT EXISTS (SELECT 1 FROM payment_lines l WHERE l.application_id = d.application_id AND l.status IN ('pending', 'paid'))
     ORDER BY 1, 2`,
    [opts.asOf],
  );
  const byFund = new Map<string, { cityCode: string; fund: Fund; types: string[] }>();
  for (const g of groups) {
    const fund = programOf(g.type).fund;
    const key = `${g.city_code}|${fund}`;
    if (!byFund.has(key)) byFund.set(key, { cityCode: g.city_code, fund, types: [] });
    byFund.get(key)!.types.push(g.type);
  }
  const out: BatchSummary[] = [];
  let n = 0;
  for (const g of byFund.values()) {
    const id = newId();
    const summary = await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO payment_batches (id, city_code, fund, status, line_count, total_fen, created_by, created_at) VALUES ($1,$2,$3,'created',0,0,$4,$5)`,
        [id, g.cityCode, g.fund, opts.actor, clock.now()],
      );
      const lines = await tx.query<{ amount_fen: number }>(
        `INSERT INTO payment_lines (batch_id, application_id, attempt, idempotency_key, payee_kind, payee_key, amount_fen, status)
         SELECT $1, d.application_id, a.attempt, 'JN-' || d.application_id || '-' || a.attempt, d.payee_kind, d.payee_key, d.amount_fen, 'pending'
         FROM payables d JOIN public_notices n USING (application_id)
         CROSS JOIN LATERAL (SELECT count(*)::int + 1 AS attempt FROM payment_lines f WHERE f.application_id = d.application_id) a
         WHERE ${payable('$2')} AND d.city_code = $3 AND d.type = ANY($4::text[])
         ORDER BY d.application_id
         ON CONFLICT DO NOTHING RETURNING amount_fen`,
        [id, opts.asOf, g.cityCode, g.types],
      );
      if (lines.length === 0) {
        await tx.query('DELETE FROM payment_batches WHERE id = $1', [id]);
        return null;
      }
      const total = lines.reduce((s, l) => s + l.amount_fen, 0);
      await tx.query('UPDATE payment_batches SET line_count = $2, total_fen = $3 WHERE id = $1', [
        id,
        lines.length,
        total,
      ]);
      await recordAudit(
        tx,
        [
          {
            actor: opts.actor,
            action: 'payment.batch.create',
            entity: 'payment_batch',
            entityId: id,
            after: { city: g.cityCode, fund: g.fund, lines: lines.length, total_fen: total },
          },
        ],
        clock,
      );
      return { id, cityCode: g.cityCode, fund: g.fund, lineCount: lines.length, totalFen: total };
    });
    if (summary) out.push(summary);
    await opts.afterBatch?.(n++);
  }
  return out;
}

/** Bank file layout (documented in docs/payments.md); amounts in yuan with two decimals. */
export const BANK_FILE_COLUMNS = [
  'idempotency_key',
  'batch_id',
  'payee_kind',
  'payee_id_number',
  'payee_name',
  'account_type',
  'amount',
  'currency',
  'purpose',
];
export const RETURN_FILE_COLUMNS = ['idempotency_key', 'status', 'bank_ref', 'amount', 'reason'];

/**
 * Writes a batch's bank file and marks the batch sent. A person is paid to their social-security
 * card (the ID number goes to the bank only); an institution to its basic account by credit code.
 */
export async function exportBankFile(
  db: Db,
  vault: PiiVault,
  batchId: string,
  out: string,
  actor: string,
): Promise<number> {
  const [batch] = await db.query<{ fund: Fund }>('SELECT fund FROM payment_batches WHERE id = $1', [batchId]);
  if (!batch) throw new NotFound({ zh: `支付批次 ${batchId}`, en: `payment batch ${batchId}` });
  const lines = await db.query<{
    idempotency_key: string;
    payee_kind: string;
    payee_key: string;
    id_enc: string | null;
    name: string;
    amount_fen: number;
    application_id: string;
    type: string;
  }>(
    `SELECT l.idempotency_key, l.payee_kind, l.payee_key, p.id_enc, COALESCE(p.name, i.name) AS name, l.amount_fen, l.application_id, d.type
     FROM payment_lines l JOIN payables d ON d.application_id = l.application_id
     LEFT JOIN registry.persons p ON l.payee_kind = 'person' AND p.person_key = l.payee_key
     LEFT JOIN registry.institutions i ON l.payee_kind = 'institution' AND i.credit_code = l.payee_key
     WHERE l.batch_id = $1 ORDER BY l.id`,
    [batchId],
  );
  const row = (l: (typeof lines)[number]) =>
    l.payee_kind === 'person'
      ? [l.idempotency_key, batchId, 'person', vault.decrypt(l.id_enc!), l.name, 'social_security_card']
      : [l.idempotency_key, batchId, 'institution', l.payee_key, l.name, 'institution_basic_account'];
  fs.writeFileSync(
    out,
    '\ufeff' +
      csvLine(BANK_FILE_COLUMNS) +
      lines
        .map((l) =>
          csvLine([...row(l), formatYuan(l.amount_fen), 'CNY', `${programOf(l.type).name.zh} ${l.application_id}`]),
        )
        .join(''),
  );
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE payment_batches SET status = 'sent' WHERE id = $1 AND status = 'created'`, [batchId]);
    await recordAudit(tx, [
      {
        actor,
        action: 'payment.batch.export',
        entity: 'payment_batch',
        entityId: batchId,
        after: { lines: lines.length },
      },
    ]);
  });
  return lines.length;
}

export interface ReturnResult {
  paid: number;
  failed: number;
  unchanged: number;
  errors: { line: number; key: string; reason: string }[];
}

/**
 * Applies a bank return file: each line marks its payment paid (the ledger moves committed → paid)
 * or failed (the commitment stays; the next batch re-issues it). Applying the same file again
 * changes nothing; a line naming an unknown key or a different amount is reported, not applied.
 */
export async function applyBankReturn(
  db: Db,
  file: string,
  actor: string,
  clock: Clock = systemClock,
): Promise<ReturnResult> {
  const result: ReturnResult = { paid: 0, failed: 0, unchanged: 0, errors: [] };
  const table = await openTable(file);
  for await (const row of table.rows) {
    if (row.problem) {
      result.errors.push({ line: row.line, key: '', reason: row.problem.reason });
      continue;
    } // unreadable: never applied
    const key = row.values.idempotency_key ?? '';
    const status = row.values.status;
    await db.transaction(async (tx) => {
      const [l] = await tx.query<{
        id: number;
        status: string;
        amount_fen: number;
        application_id: string;
        city_code: string;
        type: string;
        applied_on: string;
      }>(
        `SELECT l.id, l.status, l.amount_fen, l.application_id, d.city_code, d.type, d.applied_on FROM payment_lines l
         JOIN payables d ON d.application_id = l.application_id WHERE l.idempotency_key = $1 FOR UPDATE OF l`,
        [key],
      );
      if (!l) return void result.errors.push({ line: row.line, key, reason: 'UNKNOWN_KEY' });
      if (status !== 'paid' && status !== 'failed')
        return void result.errors.push({ line: row.line, key, reason: 'BAD_STATUS' });
      if (row.values.amount && parseYuan(row.values.amount) !== l.amount_fen)
        return void result.errors.push({ line: row.line, key, reason: 'AMOUNT_MISMATCH' });
      if (l.status === status) return void result.unchanged++;
      if (l.status !== 'pending')
        return void result.errors.push({ line: row.line, key, reason: `ALREADY_${l.status.toUpperCase()}` });
      const now = clock.now();
      await tx.query(
        'UPDATE payment_lines SET status = $2, bank_ref = $3, failure_reason = $4, settled_at = $5 WHERE id = $1',
        [l.id, status, row.values.bank_ref || null, row.values.reason || null, now],
      );
      if (status === 'paid') {
        await post(
          tx,
          'pay',
          { cityCode: l.city_code, fund: programOf(l.type).fund, year: Number(l.applied_on.slice(0, 4)) },
          l.amount_fen,
          { applicationId: l.application_id, memo: `bank ${row.values.bank_ref ?? ''}`, at: now },
        );
        result.paid++;
      } else result.failed++;
      await settleHeldClawback(tx, l, status, actor, now);
      await noticePayment(tx, l.id, clock);
      await recordAudit(
        tx,
        [
          {
            actor,
            action: `payment.${status}`,
            entity: 'payment_line',
            entityId: key,
            before: { status: l.status },
            after: { status, bank_ref: row.values.bank_ref || null, reason: row.values.reason || null },
          },
        ],
        clock,
      );
    });
  }
  await db.query(
    `UPDATE payment_batches b SET status = 'closed' WHERE status = 'sent'
     AND NOT EXISTS (SELECT 1 FROM payment_lines l WHERE l.batch_id = b.id AND l.status = 'pending')`,
  );
  return result;
}

/** Payment batches of a city (null: every city), newest first; only those in `status` when given. */
export async function listBatches(db: Db, cityCode: string | null, status: string | null = null) {
  return db.query<TPaymentBatch>(
    `SELECT b.*, (SELECT count(*)::int FROM payment_lines l WHERE l.batch_id = b.id AND l.status = 'paid') AS paid,
            (SELECT count(*)::int FROM payment_lines l WHERE l.batch_id = b.id AND l.status = 'failed') AS failed
     FROM payment_batches b ${BATCHES_WHERE} ORDER BY b.created_at DESC`,
    [cityCode, status],
  );
}

const BATCHES_WHERE = 'WHERE ($1::text IS NULL OR b.city_code = $1) AND ($2::text IS NULL OR b.status = $2)';

/** How many batches `listBatches` answers for the same city and status. */
export async function countBatches(db: Db, cityCode: string | null, status: string | null = null) {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_batches b ${BATCHES_WHERE}`, [
    cityCode,
    status,
  ]);
  return n;
}

/** Payment status of one application, for the applicant's view. */
export async function paymentOf(db: Db, applicationId: string) {
  const [n] = await db.query<{ approved_on: string; notice_until: string }>(
    'SELECT approved_on, notice_until FROM public_notices WHERE application_id = $1',
    [applicationId],
  );
  const lines = await db.query(
    'SELECT attempt, status, amount_fen, bank_ref, failure_reason, settled_at FROM payment_lines WHERE application_id = $1 ORDER BY attempt',
    [applicationId],
  );
  return { notice: n ?? null, lines, today: chinaDate(new Date()) };
}
