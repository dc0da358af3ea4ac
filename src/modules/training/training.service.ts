import type { Db } from '../../db/client.ts';
import { assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { assertInScope } from '../../kernel/scope.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { mayReadClassRequests } from './training.policy.ts';
import type { TProjectDetail, TProjectListItem } from './training.schema.ts';

/** The project filter each role's scope implies (派单 list). */
function projectScope(actor: Actor): {
  city: string | null;
  institution: string | null;
  person: string | null;
  sectors: string[] | null;
  keyTasks: number[] | null;
} {
  return {
    city: cityScope(actor),
    institution: actor.role === 'institution_staff' ? actor.institutionCode : null,
    person: actor.role === 'worker' ? actor.personKey : null,
    // A department's projects: its sectors' occupations or its key tasks (kernel/scope.ts), as on import.
    sectors: actor.role === 'department_officer' ? actor.sectors : null,
    keyTasks: actor.role === 'department_officer' ? actor.keyTasks : null,
  };
}

/** 派单 stages that wait on the institution (the home page's to-dos link to them). */
export const PROJECT_TODOS = ['schedule', 'start', 'close'] as const;
export type ProjectTodo = (typeof PROJECT_TODOS)[number];

/** What the project list may be narrowed to, beside the caller's scope. */
export interface ProjectQuery extends PageQuery {
  city?: string;
  status?: string;
  /** Part of the code, the title or the institution's name. */
  q?: string;
  /**
   * schedule: accepted, no session yet (待排课); start: accepted with sessions, class not opened
   * (待开班); close: in class and every session over, so 结业 is possible (待结业).
   */
  todo?: ProjectTodo;
}

/** The one filter behind the project list and its count: scope, then the query. */
function projectsWhere(actor: Actor, query: ProjectQuery, now: Date) {
  const s = projectScope(actor);
  return {
    from: `FROM projects pr
     LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     LEFT JOIN catalog.occupations o ON o.code = pr.occupation_code
     LEFT JOIN catalog.cities c ON c.code = pr.city_code
     WHERE ($1::text IS NULL OR pr.city_code = $1) AND ($2::text IS NULL OR pr.institution_code = $2)
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM enrolments e WHERE e.project_code = pr.project_code AND e.person_key = $3))
       AND ($4::text[] IS NULL OR o.sector = ANY($4::text[]) OR pr.key_task = ANY($10::int[]))
       AND ($5::text IS NULL OR pr.city_code = $5) AND ($6::text IS NULL OR pr.status = $6)
       AND ($9::text IS NULL OR pr.project_code ILIKE '%' || $9 || '%' OR pr.title ILIKE '%' || $9 || '%' OR i.name ILIKE '%' || $9 || '%')
       AND ($7::text IS NULL
         OR ($7 = 'schedule' AND pr.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM sessions x WHERE x.project_code = pr.project_code))
         OR ($7 = 'start' AND pr.status = 'accepted' AND EXISTS (SELECT 1 FROM sessions x WHERE x.project_code = pr.project_code))
         OR ($7 = 'close' AND pr.status IN ('running', 'open') AND EXISTS (SELECT 1 FROM sessions x WHERE x.project_code = pr.project_code)
             AND NOT EXISTS (SELECT 1 FROM sessions x WHERE x.project_code = pr.project_code AND x.ends_at > $8)))`,
    params: [
      s.city,
      s.institution,
      s.person,
      s.sectors,
      query.city ?? null,
      query.status ?? null,
      query.todo ?? null,
      now,
      query.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`) || null,
      s.keyTasks,
    ],
  };
}

/** The columns the project list may be sorted by (never the caller's text in SQL). */
const PROJECT_SORTS: Record<string, string> = {
  project_code: 'pr.project_code',
  title: 'pr.title',
  institution_name: 'i.name',
  city_name: 'pr.city_code',
  start_date: 'pr.start_date',
  end_date: 'pr.end_date',
  fee_fen: 'pr.fee_fen',
  status: 'pr.status',
};
/** The most rows one export carries (a province has about 30,000 classes over the plan). */
export const PROJECT_EXPORT_CAP = 100_000;

/**
 * The caller's projects, filtered, sorted and one page of them with the total (`page: false`:
 * every match up to PROJECT_EXPORT_CAP, for the XLSX export).
 */
export async function listProjects(
  db: Db,
  actor: Actor,
  query: ProjectQuery = {},
  now: Date = new Date(),
  page = true,
): Promise<{ items: TProjectListItem[]; total: number }> {
  const { from, params } = projectsWhere(actor, query, now);
  const { limit, offset } = page ? pageBounds(query) : { limit: PROJECT_EXPORT_CAP, offset: 0 };
  const items = await db.query<TProjectListItem>(
    `SELECT pr.project_code, pr.title, pr.institution_code, i.name AS institution_name, pr.occupation_code, o.name AS occupation_name,
            pr.level, pr.kind, pr.status, pr.key_task, pr.city_code, c.name AS city_name, pr.start_date, pr.end_date, pr.fee_fen,
            (SELECT count(*)::int FROM enrolments e WHERE e.project_code = pr.project_code) AS enrolled
     ${from}
     ${orderBy(query, PROJECT_SORTS, 'pr.start_date DESC', 'pr.project_code')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { items, total: await countProjects(db, actor, query, now) };
}

/** How many projects `listProjects` answers for the same caller and query (the home page's to-do counts). */
export async function countProjects(db: Db, actor: Actor, query: ProjectQuery = {}, now: Date = new Date()) {
  const { from, params } = projectsWhere(actor, query, now);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return n;
}

export async function getProject(db: Db, actor: Actor, code: string): Promise<TProjectDetail> {
  const [p] = await db.query<Omit<TProjectDetail, 'sessions' | 'demand'>>(
    `SELECT pr.*, i.name AS institution_name, ev.name AS evaluator_name, o.name AS occupation_name, o.sector, c.name AS city_name FROM projects pr
     LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code LEFT JOIN registry.institutions ev ON ev.credit_code = pr.evaluator_code
     LEFT JOIN catalog.occupations o ON o.code = pr.occupation_code
     LEFT JOIN catalog.cities c ON c.code = pr.city_code WHERE pr.project_code = $1`,
    [code],
  );
  if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
  assertCity(actor, p.city_code);
  if (actor.role === 'institution_staff' && actor.institutionCode !== p.institution_code) throw new Forbidden();
  if (actor.role === 'department_officer') assertInScope(actor, { sector: p.sector, keyTask: p.key_task });
  const sessions = await db.query<TProjectDetail['sessions'][number]>(
    'SELECT session_no, starts_at, ends_at, site_lat, site_lon, site_name, teacher, mode FROM sessions WHERE project_code = $1 ORDER BY session_no',
    [code],
  );
  const demand = await db.query<TProjectDetail['demand'][number]>(
    'SELECT source, source_id FROM project_demands WHERE project_code = $1 ORDER BY source, source_id',
    [code],
  );
  const classRequests = mayReadClassRequests(actor)
    ? await db.query<NonNullable<TProjectDetail['class_requests']>[number]>(
        `SELECT r.request_id, p.name AS person_name, p.id_masked, c.name AS city_name, r.status, r.created_at
         FROM training_requests r JOIN registry.persons p ON p.person_key = r.person_key
         LEFT JOIN catalog.cities c ON c.code = r.city_code
         WHERE r.class_code = $1 ORDER BY r.created_at DESC, r.request_id`,
        [code],
      )
    : null;
  return { ...p, sessions, demand, class_requests: classRequests };
}
