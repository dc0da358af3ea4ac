import { SYSTEM_ACTOR } from '../kernel/auth.ts';
import { ledgerReport, setBudget } from '../modules/subsidy/index.ts';
import type { AppContext } from './context.ts';

/** Budgets are set in whole 万元 (10,000 yuan = 1,000,000 fen), as a finance bureau allocates them. */
const WAN_YUAN_FEN = 1_000_000;
/** Headroom over what the demo's settlement committed, so the burn-down shows money left. */
const HEADROOM = 1.25;
/** One city whose budget the approvals already exceed, so the 预算 page shows its warning (宿迁市). */
const OVERSPENT_CITY = '321300';
const OVERSPENT_SHARE = 0.9;

/**
 * The demo province's budgets (预算): for every city, fund and year the settlement touched, a budget
 * of the money committed, paid or owed back plus a quarter, rounded up to 万元 — one city short of
 * its approvals. Set through `setBudget` like an official would (ledger allocation, audit entry).
 */
export async function loadDemoBudgets(ctx: AppContext): Promise<void> {
  const at = new Date('2026-01-05T09:00:00+08:00');
  for (const line of await ledgerReport(ctx.db)) {
    const spentFen = line.committedFen + line.paidFen + line.receivableFen;
    if (spentFen <= 0) continue;
    const share = line.cityCode === OVERSPENT_CITY ? OVERSPENT_SHARE : HEADROOM;
    const amountFen = Math.ceil((spentFen * share) / WAN_YUAN_FEN) * WAN_YUAN_FEN;
    await setBudget(ctx.db, { cityCode: line.cityCode, year: line.year, fund: line.fund }, amountFen, SYSTEM_ACTOR, at);
  }
}
