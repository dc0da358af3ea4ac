import type { Db } from '../../db/client.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * The funds subsidy programmes pay from; each programme names its own (programs/). They are rows of
 * the `funds` table (migration 0043, with 行业部门资金 and 东西部协作资金), where the province adds more
 * budgets may be set in.
 */
export const FUNDS = {
  employment_fund: { zh: '就业补助资金', en: 'Employment subsidy fund' },
  unemployment_insurance: { zh: '失业保险基金', en: 'Unemployment insurance fund' },
} as const;
export type ProgrammeFund = keyof typeof FUNDS;

/** 资金来源: a fund budgets are set in (plan (二)), named in both languages. */
export interface FundRow {
  code: string;
  zh: string;
  en: string;
  active: boolean;
}

/** Budgets are set only in a fund of the table that is active; anything else is refused by name. */
export async function assertActiveFund(db: Db, code: string): Promise<void> {
  const [f] = await db.query<{ active: boolean }>('SELECT active FROM funds WHERE code = $1', [code]);
  if (!f?.active)
    throw new Invalid(
      'UNKNOWN_FUND',
      `未知或已停用的资金来源：${code}（预算只能设在资金来源表中启用的资金上）`,
      `unknown or inactive fund: ${code} (budgets are set only in an active fund of the funds table)`,
    );
}

/** The funds, active first, for the budgets page and the labels. */
export async function listFunds(db: Db): Promise<FundRow[]> {
  return db.query<FundRow>('SELECT code, zh, en, active FROM funds ORDER BY active DESC, code');
}

const FUND_CODE = /^[a-z][a-z0-9_]{2,39}$/;

/** The province adds a fund (a new source of money of plan (二)); its code never changes once budgets use it. */
export async function addFund(db: Db, actor: string, f: Omit<FundRow, 'active'>): Promise<FundRow> {
  if (!FUND_CODE.test(f.code))
    throw new Invalid(
      'BAD_FUND_CODE',
      `资金代码 ${f.code} 格式不对：应为 3–40 位小写字母、数字或下划线，以字母开头`,
      `fund code ${f.code} is malformed: 3–40 lowercase letters, digits or underscores, starting with a letter`,
    );
  return db.transaction(async (tx) => {
    const [row] = await tx.query<FundRow>(
      'INSERT INTO funds (code, zh, en) VALUES ($1,$2,$3) ON CONFLICT (code) DO NOTHING RETURNING code, zh, en, active',
      [f.code, f.zh, f.en],
    );
    if (!row) throw new Conflict('DUPLICATE_FUND', `资金代码 ${f.code} 已存在`, `fund code ${f.code} already exists`);
    await recordAudit(tx, [
      { actor, action: 'fund.create', entity: 'fund', entityId: f.code, before: null, after: row },
    ]);
    return row;
  });
}

/**
 * The province retires a fund: no new budget may be set in it (assertActiveFund), while its budgets
 * and ledger lines stay as they are. A fund a programme pays from (ledger.ts `FUNDS`) is not
 * retired: its approvals would find no budget. Audited `fund.retire`.
 */
export async function retireFund(db: Db, actor: string, code: string): Promise<FundRow> {
  if (Object.hasOwn(FUNDS, code))
    throw new Conflict(
      'FUND_PAYS_PROGRAMME',
      `${FUNDS[code as keyof typeof FUNDS].zh}是补贴项目的支付资金，不能停用`,
      `${FUNDS[code as keyof typeof FUNDS].en} pays a subsidy programme and cannot be retired`,
    );
  return db.transaction(async (tx) => {
    const [before] = await tx.query<FundRow>('SELECT code, zh, en, active FROM funds WHERE code = $1 FOR UPDATE', [
      code,
    ]);
    if (!before) throw new NotFound({ zh: `资金来源“${code}”`, en: `fund ${code}` }, 'UNKNOWN_FUND');
    if (!before.active)
      throw new Conflict(
        'FUND_ALREADY_RETIRED',
        `资金来源“${before.zh}”已停用`,
        `the fund ${before.en} is already retired`,
      );
    const [after] = await tx.query<FundRow>(
      'UPDATE funds SET active = false WHERE code = $1 RETURNING code, zh, en, active',
      [code],
    );
    await recordAudit(tx, [{ actor, action: 'fund.retire', entity: 'fund', entityId: code, before, after }]);
    return after!;
  });
}
