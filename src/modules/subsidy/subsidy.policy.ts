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
