/** Each fact under every key it counts for, one row per (dimension, key): the KPI's dimensions, defined once. */
const KEYED = `keyed AS (
       SELECT indicator, day, city, 'total' AS dimension, 'all' AS key FROM facts
       UNION ALL SELECT indicator, day, city, 'city', city FROM facts WHERE city IS NOT NULL
       UNION ALL SELECT indicator, day, city, 'sector', sector FROM facts WHERE sector IS NOT NULL
       UNION ALL SELECT indicator, day, city, 'group', g FROM facts, unnest(groups) AS g
       UNION ALL SELECT indicator, day, city, 'key_task', key_task FROM facts
     )`;

/**
 * The KPI's facts (policy.md § KPI), one row each, with the day it counts on: approved decisions
 * count as subsidized trainings on the day applied; valid skill certificates as new certificates
 * (and high-skill ones also as new high-skill talents) on the day issued. $1, $2: the period (dates
 * or null); `daysParam` (e.g. '$3'), when given, names a date[] parameter the days must be in.
 * Defines the CTEs `facts` and `keyed` (each fact under every dimension key it counts for).
 * `onlyProjects`, when given, is a subquery of project codes the facts must belong to (the facts of
 * tagged projects, by programme or carrier: read through the decisions' and certificates' project index).
 */
export function kpiFacts(daysParam: string | null, onlyProjects: string | null = null): string {
  const onDays = (column: string) =>
    (daysParam ? `AND ${column} = ANY(${daysParam}::date[])` : '') +
    (onlyProjects ? ` AND ${column.split('.')[0]}.project_code IN (${onlyProjects})` : '');
  return `
     trainings AS (
       SELECT d.applied_on AS day, d.city_code AS city, o.sector, p.groups, COALESCE(pr.key_task::text, 'none') AS key_task,
              d.project_code AS project
       FROM subsidy.decisions d
       JOIN registry.persons p ON p.person_key = d.person_key
       LEFT JOIN catalog.occupations o ON o.code = d.occupation_code
       LEFT JOIN training.projects pr ON pr.project_code = d.project_code
       WHERE d.decision = 'approved' ${onDays('d.applied_on')}
         AND ($1::date IS NULL OR d.applied_on >= $1::date) AND ($2::date IS NULL OR d.applied_on <= $2::date)
     ),
     certs AS (
       SELECT c.issued_on AS day, p.city_code AS city, o.sector, p.groups, COALESCE(pr.key_task::text, 'none') AS key_task,
              COALESCE(l.high_skill, false) AS high_skill, c.project_code AS project
       FROM evaluation.certificates c
       JOIN registry.persons p ON p.person_key = c.person_key
       LEFT JOIN catalog.occupations o ON o.code = c.occupation_code
       LEFT JOIN training.projects pr ON pr.project_code = c.project_code
       LEFT JOIN catalog.levels l ON l.code = c.level
       WHERE c.kind IN ('skill_level', 'qualification') AND c.revoked_on IS NULL ${onDays('c.issued_on')}
         AND ($1::date IS NULL OR c.issued_on >= $1::date) AND ($2::date IS NULL OR c.issued_on <= $2::date)
     ),
     facts AS (
       SELECT 'subsidized_trainings' AS indicator, day, city, sector, groups, key_task, project FROM trainings
       UNION ALL SELECT 'new_certificates', day, city, sector, groups, key_task, project FROM certs
       UNION ALL SELECT 'new_high_skill', day, city, sector, groups, key_task, project FROM certs WHERE high_skill
     ),
     ${KEYED}`;
}
