import type { AppContext } from '../kernel/context.ts';
import { detectBaselineFlags } from '../modules/integrity/index.ts';
import { settleApplications, type SettleOptions, type SettleResult } from '../modules/subsidy/index.ts';

/**
 * Settlement as a flow across modules: integrity flags first (they send applications to review),
 * then the subsidy decisions.
 */
export async function runSettlement(
  ctx: AppContext,
  opts: SettleOptions,
): Promise<SettleResult & { flags: { proxyDevice: number; impossiblePresence: number } }> {
  const flags = await detectBaselineFlags(ctx.db);
  const result = await settleApplications(ctx.db, opts);
  return { ...result, flags };
}
