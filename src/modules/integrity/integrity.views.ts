/**
 * The tables of this module that other modules may read, each through the view `integrity.<table>`
 * (migration 0025_module_views): other modules name `integrity.flags` in their SQL, never `flags`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = ['flags', 'integrity_cases', 'trainee_confirmations', 'employer_confirmations'] as const;
