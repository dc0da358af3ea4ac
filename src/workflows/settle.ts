import type { AppContext } from '../kernel/context.ts';
import { detectBaselineFlags } from '../modules/integrity/index.ts';
import { refreshKpiRollup } from '../modules/reporting/index.ts';
import { settleApplications, type SettleOptions, type SettleResult } from '../modules/subsidy/index.ts';

/**
 * Settlement as a flow across modules: integrity flags first (they send applications to review),
 * then the subsidy decisions; then the KPI rollups of the days it decided, once (the first dashboard
 * read after it recounts nothing).
 */
export async function runSettlement(
  ctx: AppContext,
  opts: SettleOptions,
): Promise<SettleResult & { flags: { proxyDevice: number; impossiblePresence: number } }> {
  const flags = await detectBaselineFlags(ctx.db);
  const result = await settleApplications(ctx.db, opts);
  await refreshKpiRollup(ctx.db);
  return { ...result, flags };
}
