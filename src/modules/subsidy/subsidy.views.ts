/**
 * The tables of this module that other modules may read, each through the view `subsidy.<table>`
 * (migration 0025_module_views): other modules name `subsidy.applications` in their SQL, never `applications`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = [
  'applications',
  'decisions',
  'public_notices',
  'payment_lines',
  'ledger_entries',
  'settlement_runs',
  'project_claims',
] as const;
