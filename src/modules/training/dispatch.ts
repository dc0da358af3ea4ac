import type { Db } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { requireYuan } from '../../kernel/money.ts';
import { assertInScope } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';
import { requireCity, requireLevel, requireOccupation } from '../catalog/index.ts';
import { blacklistedBy, listedAs, suspensionOn, type DirectoryStanding } from '../registry/index.ts';
import { assertMayChooseEvaluator, assertNotSelfEvaluation } from './training.policy.ts';
import { PROJECT_STATUS_NAMES } from './training.labels.ts';
import { noticeDispatched } from './notices.ts';

export const PROJECT_KINDS = ['employment_skills', 'post_skills', 'entrepreneurship', 'project_based'] as const;

export interface NewProject {
  title: string;
  occupationCode: string;
  level?: string | null;
  kind: string;
  keyTask: number;
  cityCode?: string;
  startDate: string;
  endDate: string;
  plannedHours: number;
  plannedTrainees: number;
  /** Modular micro-courses (模块化微课程), in teaching order. */
  modules: string[];
  /** Price per head in yuan (for 项目制, paid to the institution per completer). */
  price: string;
  institutionCode: string;
  jobOrders?: string[];
  requests?: string[];
  /** The evaluation institution (评价机构) that will assess the class; may be chosen later. */
  evaluatorCode?: string | null;
}

interface Listing extends DirectoryStanding {
  name: string;
}

/**
 * Whether an institution may take a project today: it must hold the `training` role, be listed in
 * the directory, and not be blacklisted (the same tests policy.md applies at settlement).
 */
export function listingProblem(i: Listing, today: string): Invalid | Forbidden | null {
  if (!listedAs(i, 'training', today)) {
    return new Forbidden(
      'INSTITUTION_NOT_LISTED',
      `${i.name}未列入培训机构目录，不能承接项目`,
      `${i.name} is not listed in the training directory and may not take projects`,
    );
  }
  if (blacklistedBy(i, today)) {
    return new Forbidden(
      'INSTITUTION_BLACKLISTED',
      `${i.name}已列入黑名单，不能承接项目`,
      `${i.name} is blacklisted and may not take projects`,
    );
  }
  return null;
}

/**
 * 暂停: while a suspension is in force the institution takes no project and runs none forward — it
 * cannot be dispatched to, accept, schedule, enrol or open a class (409). Lifting it restores them.
 */
export async function assertNotSuspended(db: Db, institutionCode: string, today: string): Promise<void> {
  const s = await suspensionOn(db, institutionCode, today);
  if (!s) return;
  const until = s.untilOn ? `（至 ${s.untilOn}）` : '';
  throw new Conflict(
    'INSTITUTION_SUSPENDED',
    `机构已被暂停补贴培训${until}，暂停期间不能承接项目、排课、报名或开班`,
    `the institution is suspended${s.untilOn ? ` until ${s.untilOn}` : ''}: it may not take projects, schedule, enrol or open classes`,
    { sanctionId: s.id, untilOn: s.untilOn },
  );
}

async function requireInstitution(db: Db, code: string): Promise<Listing> {
  const [i] = await db.query<Listing>(
    'SELECT roles, listed_from AS "listedFrom", blacklisted_from AS "blacklistedFrom", name FROM registry.institutions WHERE credit_code = $1',
    [code],
  );
  if (!i)
    throw new Invalid(
      'UNKNOWN_INSTITUTION',
      `机构 ${code} 不在机构目录中`,
      `institution ${code} is not in the directory`,
      { field: 'institutionCode' },
    );
  return i;
}

/**
 * 派单: a city officer creates a subsidized project from demand (the job orders and training
 * requests it serves) and dispatches it to a listed institution, which then accepts or declines.
 */
export async function createProject(db: Db, actor: Actor, input: NewProject, clock: Clock = systemClock) {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin') throw new Forbidden();
  // A city dispatches in its own city; naming another is refused, not silently replaced.
  if (input.cityCode) assertInScope(actor, { city: input.cityCode });
  const cityCode = await requireCity(db, actor.role === 'city_officer' ? actor.cityCode! : (input.cityCode ?? ''));
  const title = input.title?.trim();
  if (!title || title.length > 100)
    throw new Invalid('BAD_TITLE', '项目名称必填，最多100字', 'a title of at most 100 characters is required', {
      field: 'title',
    });
  const occupation = await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  if (!(PROJECT_KINDS as readonly string[]).includes(input.kind))
    throw new Invalid(
      'BAD_KIND',
      `培训类型应为 ${PROJECT_KINDS.join('、')}`,
      `kind must be one of ${PROJECT_KINDS.join(', ')}`,
      { field: 'kind' },
    );
  if (!Number.isInteger(input.keyTask) || input.keyTask < 1 || input.keyTask > 15)
    throw new Invalid('BAD_KEY_TASK', '重点任务应为1–15', 'key task must be 1–15', { field: 'keyTask' });
  const start = requireDate(input.startDate, 'startDate');
  const end = requireDate(input.endDate, 'endDate');
  if (end < start)
    throw new Invalid('END_BEFORE_START', '结束日期早于开始日期', 'the end date is before the start date', {
      field: 'endDate',
    });
  for (const [field, v, max] of [
    ['plannedHours', input.plannedHours, 2000],
    ['plannedTrainees', input.plannedTrainees, 500],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw new Invalid(
        'BAD_NUMBER',
        `${field} 应为1–${max}的整数`,
        `${field} must be a whole number from 1 to ${max}`,
        { field },
      );
  }
  const modules = (input.modules ?? []).map((m) => m.trim()).filter(Boolean);
  const price = requireYuan(input.price, 'price');
  const institution = await requireInstitution(db, input.institutionCode);
  const refusal = listingProblem(institution, chinaDate(clock.now()));
  if (refusal) throw refusal;
  await assertNotSuspended(db, input.institutionCode, chinaDate(clock.now()));
  const evaluatorCode = input.evaluatorCode
    ? await requireEvaluator(db, input.evaluatorCode, chinaDate(clock.now()))
    : null;
  assertNotSelfEvaluation(input.institutionCode, evaluatorCode);
  return db.transaction(async (tx) => {
    const served = await checkDemand(tx, cityCode, occupation.code, input.jobOrders ?? [], input.requests ?? []);
    const code = await nextProjectCode(tx, cityCode);
    await tx.query(
      `INSERT INTO projects (project_code, title, institution_code, occupation_code, level, kind, key_task, city_code, start_date, end_date,
                             fee_fen, status, planned_hours, planned_trainees, modules, dispatched_by, evaluator_code)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'dispatched',$12,$13,$14,$15,$16)`,
      [
        code,
        title,
        input.institutionCode,
        occupation.code,
        level,
        input.kind,
        input.keyTask,
        cityCode,
        start,
        end,
        price,
        input.plannedHours,
        input.plannedTrainees,
        modules,
        actorName(actor),
        evaluatorCode,
      ],
    );
    for (const [source, id] of served)
      await tx.query('INSERT INTO project_demands (project_code, source, source_id) VALUES ($1,$2,$3)', [
        code,
        source,
        id,
      ]);
    const requests = served.filter(([s]) => s === 'request').map(([, id]) => id);
    if (requests.length)
      await tx.query(
        `UPDATE training_requests SET status = 'served', project_code = $1 WHERE request_id = ANY($2::text[])`,
        [code, requests],
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project.dispatch',
          entity: 'project',
          entityId: code,
          after: {
            title,
            institution: input.institutionCode,
            occupation: occupation.code,
            level,
            kind: input.kind,
            price_fen: price,
            serves: served,
            evaluator: evaluatorCode,
          },
        },
      ],
      clock,
    );
    await noticeDispatched(tx, code, clock);
    return { projectCode: code, status: 'dispatched' };
  });
}

/** `JN` + city + a number of at least 4 digits, numbered per city (JN3201000001, JN3201000002, …). */
async function nextProjectCode(tx: Db, cityCode: string): Promise<string> {
  const prefix = `JN${cityCode}`;
  const [{ used }] = await tx.query<{ used: number }>(
    `SELECT COALESCE(max(substr(project_code, $2)::int), 0)::int AS used FROM projects WHERE project_code ~ $1`,
    [`^${prefix}[0-9]{4,9}$`, prefix.length + 1],
  );
  return `${prefix}${String(await nextNumber(tx, `project:${prefix}`, used)).padStart(4, '0')}`;
}

/** An evaluator a project may choose: an evaluation institution listed and not blacklisted today. */
async function requireEvaluator(db: Db, code: string, today: string): Promise<string> {
  const [i] = await db.query<Listing>(
    'SELECT roles, listed_from AS "listedFrom", blacklisted_from AS "blacklistedFrom", name FROM registry.institutions WHERE credit_code = $1',
    [code],
  );
  if (!i?.roles.includes('evaluation'))
    throw new Invalid('NOT_AN_EVALUATOR', `${code} 不是评价机构`, `${code} is not an evaluation institution`, {
      field: 'evaluatorCode',
    });
  if (!listedAs(i, 'evaluation', today) || blacklistedBy(i, today)) {
    throw new Forbidden(
      'EVALUATOR_NOT_LISTED',
      `${i.name}不在评价机构目录内或已列入黑名单`,
      `${i.name} is not listed as an evaluator or is blacklisted`,
    );
  }
  return code;
}

/**
 * The project's evaluator (评价机构), chosen by its city, the province or the institution running
 * it (training.policy.ts): the one institution that may then assess the class (evaluation.policy.ts).
 */
export async function chooseEvaluator(
  db: Db,
  actor: Actor,
  code: string,
  evaluatorCode: string,
  clock: Clock = systemClock,
) {
  const evaluator = await requireEvaluator(db, evaluatorCode, chinaDate(clock.now()));
  return db.transaction(async (tx) => {
    const p = await lockProject(tx, code);
    assertMayChooseEvaluator(actor, p, evaluator);
    if (p.status === 'closed')
      throw new Conflict(
        'PROJECT_STATE',
        '项目已结业，不能更换评价机构',
        'the project is closed; its evaluator cannot change',
      );
    await tx.query('UPDATE projects SET evaluator_code = $2, updated_at = now() WHERE project_code = $1', [
      code,
      evaluator,
    ]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project.evaluator',
          entity: 'project',
          entityId: code,
          before: { evaluator: p.evaluator_code },
          after: { evaluator },
        },
      ],
      clock,
    );
    return { projectCode: code, evaluatorCode: evaluator };
  });
}

/** The demand a project serves must be open, in its city and for its occupation. */
async function checkDemand(
  tx: Db,
  cityCode: string,
  occupation: string,
  orders: string[],
  requests: string[],
): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const [source, ids, table, key] of [
    ['job_order', orders, 'job_orders', 'order_id'],
    ['request', requests, 'training_requests', 'request_id'],
  ] as const) {
    for (const id of new Set(ids)) {
      const [d] = await tx.query<{ city_code: string; occupation_code: string; status: string }>(
        `SELECT city_code, occupation_code, status FROM ${table} WHERE ${key} = $1`,
        [id],
      );
      if (!d || d.city_code !== cityCode)
        throw new Invalid(
          'UNKNOWN_DEMAND',
          `${id} 不是本市的订单或点单`,
          `${id} is not a job order or request of this city`,
          { field: source },
        );
      if (d.status !== 'open') throw new Conflict('DEMAND_NOT_OPEN', `${id} 已办结`, `${id} is no longer open`);
      if (d.occupation_code !== occupation)
        throw new Invalid(
          'DEMAND_OCCUPATION',
          `${id} 的职业与项目职业不同`,
          `${id} is for another occupation than the project`,
          { field: source },
        );
      out.push([source, id]);
    }
  }
  return out;
}

async function lockProject(tx: Db, code: string) {
  const [p] = await tx.query<{
    project_code: string;
    status: string;
    city_code: string;
    institution_code: string;
    evaluator_code: string | null;
    start_date: string;
    end_date: string;
    planned_trainees: number | null;
    kind: string;
    occupation_code: string;
    fee_fen: number;
    closed_on: string | null;
  }>('SELECT * FROM projects WHERE project_code = $1 FOR UPDATE', [code]);
  if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
  return p;
}

/** The institution's own project, locked, in one of the allowed states. */
export async function ownProject(tx: Db, actor: Actor, code: string, states: string[]) {
  const p = await lockProject(tx, code);
  if (actor.role !== 'institution_staff' || actor.institutionCode !== p.institution_code) throw new Forbidden();
  if (!states.includes(p.status)) {
    throw new Conflict(
      'PROJECT_STATE',
      `项目当前状态为「${PROJECT_STATUS_NAMES[p.status]?.zh ?? p.status}」，不能执行此操作`,
      `the project is ${p.status}; this step is not possible now`,
    );
  }
  return p;
}

/** 接单: the institution accepts, if it is listed and not blacklisted today. */
export async function acceptProject(db: Db, actor: Actor, code: string, clock: Clock = systemClock) {
  return db.transaction(async (tx) => {
    await ownProject(tx, actor, code, ['dispatched']);
    const refusal = listingProblem(await requireInstitution(tx, actor.institutionCode!), chinaDate(clock.now()));
    if (refusal) throw refusal;
    await assertNotSuspended(tx, actor.institutionCode!, chinaDate(clock.now()));
    await tx.query(`UPDATE projects SET status = 'accepted', updated_at = now() WHERE project_code = $1`, [code]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project.accept',
          entity: 'project',
          entityId: code,
          before: { status: 'dispatched' },
          after: { status: 'accepted' },
        },
      ],
      clock,
    );
    return { projectCode: code, status: 'accepted' };
  });
}

export async function declineProject(db: Db, actor: Actor, code: string, reason: string) {
  if (!reason?.trim())
    throw new Invalid('REASON_REQUIRED', '请填写拒单原因', 'give a reason for declining', { field: 'reason' });
  return db.transaction(async (tx) => {
    await ownProject(tx, actor, code, ['dispatched']);
    await tx.query(
      `UPDATE projects SET status = 'declined', decline_reason = $2, updated_at = now() WHERE project_code = $1`,
      [code, reason.trim()],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'project.decline',
        entity: 'project',
        entityId: code,
        before: { status: 'dispatched' },
        after: { status: 'declined', reason: reason.trim() },
      },
    ]);
    return { projectCode: code, status: 'declined' };
  });
}

/** A declined project is dispatched again, to another (listed) institution. */
export async function redispatchProject(
  db: Db,
  actor: Actor,
  code: string,
  institutionCode: string,
  clock: Clock = systemClock,
) {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin') throw new Forbidden();
  const refusal = listingProblem(await requireInstitution(db, institutionCode), chinaDate(clock.now()));
  if (refusal) throw refusal;
  await assertNotSuspended(db, institutionCode, chinaDate(clock.now()));
  return db.transaction(async (tx) => {
    const p = await lockProject(tx, code);
    assertCity(actor, p.city_code);
    if (p.status !== 'declined')
      throw new Conflict(
        'PROJECT_STATE',
        '只有被拒单的项目可以重新派单',
        'only a declined project can be dispatched again',
      );
    await tx.query(
      `UPDATE projects SET status = 'dispatched', institution_code = $2, decline_reason = NULL, updated_at = now() WHERE project_code = $1`,
      [code, institutionCode],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project.redispatch',
          entity: 'project',
          entityId: code,
          before: { institution: p.institution_code },
          after: { institution: institutionCode, status: 'dispatched' },
        },
      ],
      clock,
    );
    await noticeDispatched(tx, code, clock);
    return { projectCode: code, status: 'dispatched' };
  });
}
