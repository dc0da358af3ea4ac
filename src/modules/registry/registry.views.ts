/**
 * The tables of this module that other modules may read, each through the view `registry.<table>`
 * (migration 0025_module_views): other modules name `registry.persons` in their SQL, never `persons`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = ['persons', 'institutions', 'enterprises'] as const;
