/**
 * The tables of this module that other modules may read, each through the view `interchange.<table>`
 * (migration 0025_module_views): other modules name `interchange.import_runs` in their SQL, never `import_runs`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = ['import_runs', 'import_errors'] as const;
