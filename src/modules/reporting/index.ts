export {
  computeKpi,
  computeKpiFresh,
  INDICATORS,
  DIMENSIONS,
  type KpiRow,
  type Indicator,
  type Dimension,
  type Period,
} from './kpi.ts';
export { refreshKpiRollup } from './kpi-rollup.ts';
export { scaleTargets, seedTargets, PLAN } from './targets.ts';
export { dashboard } from './dashboard.ts';
export { labourMarket, marketSignal, LABOUR_MARKET_RULES, type MarketRow, type MarketSignal } from './labour-market.ts';
export {
  monthlyReport,
  monthlyReportXlsx,
  monthlyReportPdf,
  monthlyReportJob,
  MONTHLY_REPORT_JOB,
  INDICATOR_ZH,
  type MonthlyReport,
} from './monthly-report.ts';
export {
  setTarget,
  targetProgress,
  TARGET_DIMENSIONS,
  type TargetDimension,
  type TargetProgress,
} from './decomposition.ts';
export {
  generateWeeklyReminders,
  inbox,
  inboxToday,
  markRead,
  weekOf,
  REMINDER_KINDS,
  type ReminderKind,
} from './reminders.ts';
export { cachedKpi, dataVersion } from './kpi-cache.ts';
export { uploadForecasts, listForecastUploads, FORECAST_COLUMNS } from './forecasts.ts';
export { visibleKpiRow, visibleMarketRow } from './reporting.policy.ts';
export { INDICATOR_NAMES, DIMENSION_NAMES, MARKET_SIGNAL_NAMES } from './reporting.labels.ts';
export {
  addHolder,
  setHolderTarget,
  holderProgress,
  holderBoard,
  listHolders,
  HOLDER_KINDS,
  HOLDER_YEARS,
  type HolderKind,
} from './holders.ts';
export { programmeProgress, carrierProgress, factsByTag, factsByTagFresh } from './tag-progress.ts';
export { planYearly, PLAN_YEARLY } from './plan-numbers.ts';
export { HOLDER_KIND_NAMES } from './reporting.labels.ts';
