import { openContext } from '/work/wt-boardmonth/src/composition/context.ts';
import { loadConfig } from '/work/wt-boardmonth/src/kernel/config.ts';
import { programmeProgress, carrierProgress } from '/work/wt-boardmonth/src/modules/reporting/tag-progress.ts';
import { holderProgress } from '/work/wt-boardmonth/src/modules/reporting/holders.ts';
import { planYearly } from '/work/wt-boardmonth/src/modules/reporting/plan-numbers.ts';
import { refreshKpiRollup } from '/work/wt-boardmonth/src/modules/reporting/kpi-rollup.ts';
const url = 'postgres://root@127.0.0.1:5432/jineng_bench_dash_province_board';
let t = Date.now();
const ctx = await openContext(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }), {});
console.log('open', Date.now() - t); t = Date.now();
console.log('refresh', await refreshKpiRollup(ctx.db), Date.now() - t);
const [u] = await ctx.db.query<any>("SELECT 1");
const prov: any = { role: 'province_admin', keyTasks: [], cityCode: null, sectors: [] };
const asOf = '2026-11-30';
for (let i = 0; i < 4; i++) {
  const s: string[] = [];
  for (const [n, f] of [['prog', () => programmeProgress(ctx.db, prov, asOf)], ['carr', () => carrierProgress(ctx.db, prov, asOf)], ['hold', () => holderProgress(ctx.db, prov, asOf)], ['plan', () => planYearly(ctx.db, asOf)]] as const) {
    const t0 = performance.now(); await (f as any)(); s.push(`${n} ${(performance.now() - t0).toFixed(0)}`);
  }
  console.log(s.join(' '));
}
await ctx.db.close();
