export { computeKpi, INDICATORS, DIMENSIONS, type KpiRow, type Indicator, type Dimension, type Period } from './kpi.ts';
