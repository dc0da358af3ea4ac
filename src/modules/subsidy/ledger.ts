import type { Db } from '../../db/client.ts';
import { assertFen } from '../../kernel/money.ts';
import { newId } from '../../kernel/ids.ts';
import { Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { assertActiveFund } from './funds.ts';

export { FUNDS, type ProgrammeFund } from './funds.ts';

/**
 * The funds ledger (资金台账), double entry. Accounts and the events that move money between them:
 *   allocate  budget set or raised        Dr available   Cr appropriation
 *   commit    a decision is approved      Dr committed   Cr available
 *   pay       the bank confirms payment   Dr paid        Cr committed
 *   release   an unpaid approval is void  Dr available   Cr committed
 *   clawback  a paid subsidy is reclaimed Dr receivable  Cr paid
 *   recover   the payee pays it back      Dr available   Cr receivable
 *   writeoff  the rest is written off     Dr paid        Cr receivable
 *             (核销, four-eyes: the money stays spent — paid, not available again)
 * So at every moment: budget = available + committed + paid + receivable.
 */
export const ACCOUNTS = ['appropriation', 'available', 'committed', 'paid', 'receivable'] as const;
export type Account = (typeof ACCOUNTS)[number];
export type LedgerEvent = 'allocate' | 'commit' | 'pay' | 'release' | 'clawback' | 'recover' | 'writeoff';

const MOVES: Record<LedgerEvent, [debit: Account, credit: Account]> = {
  allocate: ['available', 'appropriation'],
  commit: ['committed', 'available'],
  pay: ['paid', 'committed'],
  release: ['available', 'committed'],
  clawback: ['receivable', 'paid'],
  recover: ['available', 'receivable'],
  writeoff: ['paid', 'receivable'],
};

/** A code of the `funds` table. */
export type Fund = string;

export interface Scope {
  cityCode: string;
  fund: Fund;
  year: number;
}

export interface Posting extends Scope {
  account: Account;
  debitFen: number;
  creditFen: number;
}

/** The two legs of one event; a negative amount (a budget cut) swaps them. */
export function postingsFor(event: LedgerEvent, scope: Scope, amountFen: number): Posting[] {
  assertFen(amountFen);
  const [dr, cr] = MOVES[event];
  const [debit, credit, amount] = amountFen >= 0 ? [dr, cr, amountFen] : [cr, dr, -amountFen];
  return [
    { ...scope, account: debit, debitFen: amount, creditFen: 0 },
    { ...scope, account: credit, debitFen: 0, creditFen: amount },
  ];
}

/** Records one ledger transaction (inside the caller's database transaction). */
export async function post(
  tx: Db,
  event: LedgerEvent,
  scope: Scope,
  amountFen: number,
  opts: { applicationId?: string; memo: string; at: Date },
): Promise<void> {
  await postMany(tx, event, [{ scope, amountFen, applicationId: opts.applicationId, memo: opts.memo }], opts.at);
}

/** One ledger transaction of `postMany`: an event's scope, amount and what it is for. */
export interface PostingOf {
  scope: Scope;
  amountFen: number;
  applicationId?: string;
  memo: string;
}

/**
 * Records one ledger transaction per item (each its own tx_id, its two legs balanced) in a single
 * statement: a settlement batch commits up to a thousand approvals, and a round trip per leg was
 * most of its ledger time. Zero amounts move nothing and are skipped, as in `post`.
 */
export async function postMany(tx: Db, event: LedgerEvent, items: PostingOf[], at: Date): Promise<void> {
  const cols = {
    txId: [] as string[],
    account: [] as string[],
    cityCode: [] as string[],
    fund: [] as string[],
    year: [] as number[],
    debitFen: [] as number[],
    creditFen: [] as number[],
    applicationId: [] as (string | null)[],
    memo: [] as string[],
  };
  for (const item of items) {
    if (item.amountFen === 0) continue;
    const txId = newId();
    for (const p of postingsFor(event, item.scope, item.amountFen)) {
      cols.txId.push(txId);
      cols.account.push(p.account);
      cols.cityCode.push(p.cityCode);
      cols.fund.push(p.fund);
      cols.year.push(p.year);
      cols.debitFen.push(p.debitFen);
      cols.creditFen.push(p.creditFen);
      cols.applicationId.push(item.applicationId ?? null);
      cols.memo.push(`${event}: ${item.memo}`);
    }
  }
  if (cols.txId.length === 0) return;
  // WITH ORDINALITY keeps the legs in the order built (debit then credit, item by item) for the ids.
  await tx.query(
    `INSERT INTO ledger_entries (tx_id, account, city_code, fund, year, debit_fen, credit_fen, application_id, memo, at)
     SELECT tx_id, account, city_code, fund, year, debit_fen, credit_fen, application_id, memo, $10::timestamptz FROM
       unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
         WITH ORDINALITY AS l(tx_id, account, city_code, fund, year, debit_fen, credit_fen, application_id, memo, n)
     ORDER BY n`,
    [
      cols.txId,
      cols.account,
      cols.cityCode,
      cols.fund,
      cols.year,
      cols.debitFen,
      cols.creditFen,
      cols.applicationId,
      cols.memo,
      at,
    ],
  );
}

export interface LedgerLine extends Scope {
  budgetFen: number;
  availableFen: number;
  committedFen: number;
  paidFen: number;
  receivableFen: number;
}

/** Budget, committed, paid, receivable and remaining per city, fund and year. */
export async function ledgerReport(
  db: Db,
  filter: { cityCode?: string | null; year?: number | null } = {},
): Promise<LedgerLine[]> {
  const rows = await db.query<{ city_code: string; fund: Fund; year: number; account: Account; balance: number }>(
    `SELECT city_code, fund, year, account, sum(debit_fen - credit_fen)::bigint AS balance FROM ledger_entries
     WHERE ($1::text IS NULL OR city_code = $1) AND ($2::int IS NULL OR year = $2)
     GROUP BY city_code, fund, year, account ORDER BY city_code, fund, year`,
    [filter.cityCode ?? null, filter.year ?? null],
  );
  const lines = new Map<string, LedgerLine>();
  for (const r of rows) {
    const key = `${r.city_code}|${r.fund}|${r.year}`;
    if (!lines.has(key))
      lines.set(key, {
        cityCode: r.city_code,
        fund: r.fund,
        year: r.year,
        budgetFen: 0,
        availableFen: 0,
        committedFen: 0,
        paidFen: 0,
        receivableFen: 0,
      });
    const l = lines.get(key)!;
    if (r.account === 'appropriation') l.budgetFen = -r.balance;
    else l[`${r.account}Fen` as 'availableFen'] = r.balance;
  }
  return [...lines.values()];
}

/** Every transaction balances, and the whole ledger does: the check an auditor runs. */
export async function ledgerBalances(
  db: Db,
  cityCode: string | null = null,
): Promise<{ ok: boolean; unbalancedTx: number; totalDebitFen: number; totalCreditFen: number }> {
  const [{ n }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT tx_id FROM ledger_entries WHERE ($1::text IS NULL OR city_code = $1) GROUP BY tx_id HAVING sum(debit_fen) <> sum(credit_fen)) x',
    [cityCode],
  );
  const [{ d, c }] = await db.query<{ d: number; c: number }>(
    'SELECT COALESCE(sum(debit_fen), 0)::bigint AS d, COALESCE(sum(credit_fen), 0)::bigint AS c FROM ledger_entries WHERE ($1::text IS NULL OR city_code = $1)',
    [cityCode],
  );
  return { ok: n === 0 && d === c, unbalancedTx: n, totalDebitFen: d, totalCreditFen: c };
}

/**
 * Sets a budget; the ledger receives the difference from the previous amount, in the same
 * transaction, and the change is audited. The row is made first (at 0) and then locked: a lock on
 * a row that does not exist yet locks nothing, and parallel first settings would each allocate.
 */
export async function setBudget(
  db: Db,
  scope: Scope,
  amountFen: number,
  actor: string,
  at: Date,
): Promise<{ beforeFen: number | null; afterFen: number }> {
  assertFen(amountFen);
  if (amountFen < 0) throw new Invalid('BUDGET_NEGATIVE', '预算不能为负数', 'a budget cannot be negative');
  return db.transaction(async (tx) => {
    await assertActiveFund(tx, scope.fund);
    const [city] = await tx.query('SELECT 1 FROM catalog.cities WHERE code = $1', [scope.cityCode]);
    if (!city)
      throw new Invalid('UNKNOWN_CITY', `未知的城市代码：${scope.cityCode}`, `unknown city code: ${scope.cityCode}`);
    const key = [scope.cityCode, scope.year, scope.fund];
    const [created] = await tx.query<{ created: boolean }>(
      'INSERT INTO budgets (city_code, year, fund, amount_fen) VALUES ($1,$2,$3,0) ON CONFLICT (city_code, year, fund) DO NOTHING RETURNING true AS created',
      key,
    );
    const [prev] = await tx.query<{ amount_fen: number }>(
      'SELECT amount_fen FROM budgets WHERE city_code = $1 AND year = $2 AND fund = $3 FOR UPDATE',
      key,
    );
    const beforeFen = created ? null : prev.amount_fen;
    await tx.query('UPDATE budgets SET amount_fen = $4 WHERE city_code = $1 AND year = $2 AND fund = $3', [
      ...key,
      amountFen,
    ]);
    await post(tx, 'allocate', scope, amountFen - (beforeFen ?? 0), { memo: `budget set by ${actor}`, at });
    await recordAudit(
      tx,
      [
        {
          actor,
          action: 'budget.set',
          entity: 'budget',
          entityId: `${scope.cityCode}/${scope.year}/${scope.fund}`,
          before: beforeFen === null ? null : { amountFen: beforeFen },
          after: { amountFen },
        },
      ],
      { now: () => at },
    );
    return { beforeFen, afterFen: amountFen };
  });
}
