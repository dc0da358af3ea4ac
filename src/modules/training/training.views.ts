/**
 * The tables of this module that other modules may read, each through the view `training.<table>`
 * (migration 0025_module_views): other modules name `training.projects` in their SQL, never `projects`, and
 * never write them — they call this module's services. `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = [
  'projects',
  'sessions',
  'enrolments',
  'attendance',
  'employment',
  'training_requests',
  'attendance_validations',
] as const;
