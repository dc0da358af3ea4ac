/**
 * The tables of this module other modules read, each through the view `programmes.<table>`
 * (migration 0040_programmes): reporting counts the KPI's facts by programme and carrier from them.
 */
export const PUBLISHED_VIEWS = [
  'programmes',
  'carriers',
  'carrier_members',
  'project_programmes',
  'project_carriers',
] as const;
