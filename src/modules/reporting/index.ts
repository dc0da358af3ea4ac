export { computeKpi, INDICATORS, DIMENSIONS, type KpiRow, type Indicator, type Dimension, type Period } from './kpi.ts';
export { reportingRoutes } from './reporting.routes.ts';
export { seedTargets, PLAN } from './targets.ts';
export { dashboard } from './dashboard.ts';
