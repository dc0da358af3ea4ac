/**
 * The tables of this module that other modules may read, each through the view `catalog.<table>`
 * (migration 0025_module_views): other modules name `catalog.cities` in their SQL, never `cities`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = [
  'cities',
  'sectors',
  'target_groups',
  'key_tasks',
  'levels',
  'occupations',
  'shortage_list',
] as const;
