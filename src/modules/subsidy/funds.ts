import type { Db } from '../../db/client.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';

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
