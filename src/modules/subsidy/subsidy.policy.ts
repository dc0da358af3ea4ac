import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { assertMayChange } from '../../kernel/scope.ts';

/**
 * Who may do what to subsidy records (the kernel scope rule, src/kernel/scope.ts, applied here).
 */

/**
 * Budgets are allocated by the province (省级下达): a city officer reads its own budget in the
 * ledger but never sets it, not even its own city's.
 */
export function assertMaySetBudget(actor: Actor, budget: { cityCode: string }): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden('BUDGET_PROVINCE_ONLY', '预算只能由省级设定', 'only the province sets budgets');
  assertMayChange(actor, null, { city: budget.cityCode });
}

/** 资金来源 are the province's: only it adds a fund (plan (二)). */
export function assertMayAddFund(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden('FUND_PROVINCE_ONLY', '资金来源只能由省级新增', 'only the province adds a fund');
}

/** Only the province retires a fund, as only it adds one. */
export function assertMayRetireFund(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden('FUND_PROVINCE_ONLY', '资金来源只能由省级停用', 'only the province retires a fund');
}

/**
 * 我的补贴 is a worker's own account: the person is the signed-in worker's, never a parameter, so
 * no request can name someone else. Officials read a person's subsidies through decisions instead.
 */
export function entitlementPersonOf(actor: Actor): string {
  if (actor.role !== 'worker' || !actor.personKey)
    throw new Forbidden('WORKERS_ONLY', '仅劳动者本人可查看', 'only the worker themselves may see this');
  return actor.personKey;
}
