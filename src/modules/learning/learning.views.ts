/**
 * The tables of this module that other modules may read, each through the view `learning.<table>`
 * (migration 0047_learning_views): the integrity module's online-learning detectors name
 * `learning.learning_heartbeats` in their SQL, never `learning_heartbeats`, and never write them.
 * `scripts/table-ownership.ts` enforces it.
 */
export const PUBLISHED_VIEWS = [
  'learning_sessions',
  'learning_heartbeats',
  'learning_checks',
  'learning_quiz_attempts',
] as const;
