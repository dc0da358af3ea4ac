import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { likeText, orderBy, pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { requireYuan } from '../../kernel/money.ts';
import { recordAudit } from '../audit/index.ts';
import { requireLevel, requireOccupation } from '../catalog/index.ts';
import { assertMayHireFor } from './jobs.policy.ts';
import type { TJobOrder, TOpenDemand } from './jobs.schema.ts';

export interface NewJobOrder {
  occupationCode: string;
  level?: string | null;
  headcount: number;
  /** Monthly pay range in yuan. */
  payMin: string;
  payMax: string;
  deadline: string;
}

/** 订单: an enterprise posts open positions in its own city. */
export async function createJobOrder(db: Db, actor: Actor, input: NewJobOrder, clock: Clock = systemClock) {
  if (actor.role !== 'enterprise_staff' || !actor.enterpriseCode) throw new Forbidden();
  const [ent] = await db.query<{ city_code: string }>(
    'SELECT city_code FROM registry.enterprises WHERE credit_code = $1',
    [actor.enterpriseCode],
  );
  if (!ent) throw new NotFound({ zh: '企业', en: 'enterprise' });
  const occupation = await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  if (!Number.isInteger(input.headcount) || input.headcount < 1 || input.headcount > 10_000) {
    throw new Invalid(
      'BAD_HEADCOUNT',
      '招聘人数应为1–10000的整数',
      'headcount must be a whole number from 1 to 10,000',
      { field: 'headcount' },
    );
  }
  const payMin = requireYuan(input.payMin, 'payMin');
  const payMax = requireYuan(input.payMax, 'payMax');
  if (payMin > payMax)
    throw new Invalid('PAY_RANGE', '最低月薪不能高于最高月薪', 'the minimum pay is above the maximum', {
      field: 'payMin',
    });
  const deadline = requireDate(input.deadline, 'deadline');
  if (deadline < chinaDate(clock.now()))
    throw new Invalid('DEADLINE_PAST', '截止日期不能早于今天', 'the deadline is in the past', { field: 'deadline' });
  const orderId = `JO${newId().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO job_orders (order_id, enterprise_code, occupation_code, level, headcount, city_code, pay_min_fen, pay_max_fen, deadline, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        orderId,
        actor.enterpriseCode,
        occupation.code,
        level,
        input.headcount,
        ent.city_code,
        payMin,
        payMax,
        deadline,
        actorName(actor),
      ],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'job_order.create',
        entity: 'job_order',
        entityId: orderId,
        after: { occupation: occupation.code, level, headcount: input.headcount, pay: [payMin, payMax], deadline },
      },
    ]);
    return { orderId, status: 'open' };
  });
}

/** What the job-order list may be narrowed to, beside the caller's scope. */
export interface JobOrderQuery extends PageQuery {
  status?: string;
  city?: string;
  occupation?: string;
  /** Part of the order number, the enterprise's or the occupation's name (the dispatch form's search). */
  q?: string;
}

/** The one filter behind the job-order list and its count: the caller's scope, then the query. */
function jobOrdersWhere(actor: Actor, query: JobOrderQuery) {
  return {
    from: `FROM job_orders j LEFT JOIN registry.enterprises e ON e.credit_code = j.enterprise_code
     LEFT JOIN catalog.occupations o ON o.code = j.occupation_code LEFT JOIN catalog.cities c ON c.code = j.city_code
     WHERE ($1::text IS NULL OR j.city_code = $1) AND ($2::text IS NULL OR j.enterprise_code = $2)
       AND ($3::text IS NULL OR j.status = $3) AND ($4::text[] IS NULL OR o.sector = ANY($4::text[]))
       AND ($5::text IS NULL OR j.city_code = $5) AND ($6::text IS NULL OR j.occupation_code = $6)
       AND ($7::text IS NULL OR j.order_id ILIKE '%' || $7 || '%' OR e.name ILIKE '%' || $7 || '%' OR o.name ILIKE '%' || $7 || '%')`,
    params: [
      cityScope(actor),
      actor.role === 'enterprise_staff' ? actor.enterpriseCode : null,
      actor.role === 'worker' ? 'open' : (query.status ?? null),
      actor.role === 'department_officer' ? actor.sectors : null,
      query.city ?? null,
      query.occupation ?? null,
      likeText(query.q),
    ],
  };
}

/** The columns the job-order list may be sorted by (never the caller's text in SQL). */
const JOB_ORDER_SORTS: Record<string, string> = {
  order_id: 'j.order_id',
  enterprise_name: 'e.name',
  occupation_name: 'o.name',
  city_name: 'j.city_code',
  headcount: 'j.headcount',
  pay_max_fen: 'j.pay_max_fen',
  deadline: 'j.deadline',
  status: 'j.status',
};
/** The most rows one export carries. */
export const JOB_ORDER_EXPORT_CAP = 100_000;

/**
 * Job orders in the caller's scope, with how many positions are filled, filtered, sorted and one
 * page of them with the total (`page: false`: every match up to the cap, for the XLSX export).
 * Enterprises see their own; city officers their city's; workers see open orders (a job board).
 */
export async function listJobOrders(
  db: Db,
  actor: Actor,
  query: JobOrderQuery = {},
  page = true,
): Promise<{ items: TJobOrder[]; total: number }> {
  const { from, params } = jobOrdersWhere(actor, query);
  const { limit, offset } = page ? pageBounds(query) : { limit: JOB_ORDER_EXPORT_CAP, offset: 0 };
  const items = await db.query<TJobOrder>(
    `SELECT j.order_id, j.enterprise_code, e.name AS enterprise_name, j.occupation_code, o.name AS occupation_name, j.level,
            j.headcount, j.city_code, c.name AS city_name, j.pay_min_fen, j.pay_max_fen, j.deadline, j.status,
            (SELECT count(*)::int FROM training.employment m WHERE m.job_order_id = j.order_id) AS filled
     ${from}
     ${orderBy(query, JOB_ORDER_SORTS, 'j.created_at DESC', 'j.order_id')} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { items, total: await countJobOrders(db, actor, query) };
}

/** How many orders match the list's filter for this caller (the home page's to-do counts). */
export async function countJobOrders(db: Db, actor: Actor, query: JobOrderQuery = {}) {
  const { from, params } = jobOrdersWhere(actor, query);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return n;
}

/** The enterprise's own order, locked for a change. */
export async function ownOrder(tx: Db, actor: Actor, orderId: string) {
  const [j] = await tx.query<{
    order_id: string;
    enterprise_code: string;
    status: string;
    headcount: number;
    occupation_code: string;
    city_code: string;
    created_at: string | Date;
  }>('SELECT * FROM job_orders WHERE order_id = $1 FOR UPDATE', [orderId]);
  if (!j) throw new NotFound({ zh: '用工订单', en: 'job order' });
  assertMayHireFor(actor, j);
  return j;
}

export async function closeJobOrder(db: Db, actor: Actor, orderId: string) {
  return db.transaction(async (tx) => {
    const j = await ownOrder(tx, actor, orderId);
    if (j.status !== 'open') throw new Conflict('ORDER_NOT_OPEN', '该订单已关闭', 'this order is already closed');
    await tx.query(`UPDATE job_orders SET status = 'closed' WHERE order_id = $1`, [orderId]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'job_order.close',
        entity: 'job_order',
        entityId: orderId,
        before: { status: 'open' },
        after: { status: 'closed' },
      },
    ]);
    return { orderId, status: 'closed' };
  });
}

/**
 * Open demand by occupation and city: positions in open job orders and open training requests
 * (what officials dispatch projects against).
 */
export async function openDemand(db: Db, actor: Actor) {
  return db.query<TOpenDemand>(
    `SELECT d.occupation_code, o.name AS occupation_name, d.city_code, c.name AS city_name,
            sum(d.positions)::int AS positions, sum(d.requests)::int AS requests
     FROM (SELECT occupation_code, city_code, headcount AS positions, 0 AS requests FROM job_orders WHERE status = 'open'
           UNION ALL SELECT occupation_code, city_code, 0, 1 FROM training.training_requests WHERE status = 'open') d
     LEFT JOIN catalog.occupations o ON o.code = d.occupation_code LEFT JOIN catalog.cities c ON c.code = d.city_code
     WHERE ($1::text IS NULL OR d.city_code = $1) AND ($2::text[] IS NULL OR o.sector = ANY($2::text[]))
     GROUP BY d.occupation_code, o.name, d.city_code, c.name ORDER BY sum(d.positions) + sum(d.requests) DESC, d.occupation_code`,
    [cityScope(actor), actor.role === 'department_officer' ? actor.sectors : null],
  );
}
