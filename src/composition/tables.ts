// The one schema index drizzle-kit reads; each module owns its tables.
export * from '../modules/catalog/catalog.tables.ts';
export * from '../modules/accounts/accounts.tables.ts';
export * from '../modules/audit/audit.tables.ts';
export * from '../modules/registry/registry.tables.ts';
export * from '../modules/training/training.tables.ts';
export * from '../modules/jobs/jobs.tables.ts';
export * from '../modules/evaluation/evaluation.tables.ts';
export * from '../modules/subsidy/subsidy.tables.ts';
export * from '../modules/integrity/integrity.tables.ts';
export * from '../modules/interchange/interchange.tables.ts';
export * from '../modules/reporting/reporting.tables.ts';
export * from '../modules/operations/operations.tables.ts';
export * from '../modules/appeals/appeals.tables.ts';
export * from '../db/counters.ts';
export * from '../modules/notify/notify.tables.ts';
export * from '../modules/selection/selection.tables.ts';
