/**
 * The tables of this module that other modules may read, each through the view `jobs.<table>`
 * (migration 0025_module_views): other modules name `jobs.job_orders` in their SQL, never `job_orders`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = ['job_orders'] as const;
