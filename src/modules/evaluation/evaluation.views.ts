/**
 * The tables of this module that other modules may read, each through the view `evaluation.<table>`
 * (migration 0025_module_views): other modules name `evaluation.certificates` in their SQL, never `certificates`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = ['certificates', 'assessments', 'assessment_candidates'] as const;
