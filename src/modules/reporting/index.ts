export { computeKpi, INDICATORS, DIMENSIONS, type KpiRow, type Indicator, type Dimension, type Period } from './kpi.ts';
export { reportingRoutes } from './reporting.routes.ts';
