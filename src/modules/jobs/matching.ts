import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { checkIdNumber } from '../registry/index.ts';
import { recordEmployment } from '../training/index.ts';
import { ownOrder } from './job-orders.ts';
import { assertMayAnswerHire, directHire, hireStartProblem } from './jobs.policy.ts';
import type { TPendingHire } from './jobs.schema.ts';

/** One part of a match score, in words an enterprise or a trainee can read. */
export interface MatchReason {
  factor: 'occupation' | 'level' | 'city' | 'pay';
  points: number;
  zh: string;
  en: string;
}

export interface MatchInput {
  occupation: string;
  sector: string;
  /** The trainee's best level in the occupation (certificate or class target), if any. */
  levelRank: number | null;
  city: string;
}

export interface OrderInput {
  occupation: string;
  sector: string;
  levelRank: number | null;
  levelCode: string | null;
  city: string;
  payMaxFen: number;
}

/**
 * Explainable match of a trainee to a job order, out of 100: occupation 50 (same) or 20 (same
 * sector), level 20 (meets the order's), city 20 (same city), pay up to 10 (relative to the best
 * paid order considered). The reasons list every factor, including the ones that scored nothing.
 */
export function matchScore(
  t: MatchInput,
  o: OrderInput,
  bestPayFen: number,
): { score: number; reasons: MatchReason[] } {
  const reasons: MatchReason[] = [];
  if (t.occupation === o.occupation)
    reasons.push({
      factor: 'occupation',
      points: 50,
      zh: '培训职业与岗位职业相同',
      en: 'trained in the job’s occupation',
    });
  else if (t.sector === o.sector)
    reasons.push({
      factor: 'occupation',
      points: 20,
      zh: '同一行业的相近职业',
      en: 'a related occupation of the same sector',
    });
  else reasons.push({ factor: 'occupation', points: 0, zh: '职业不相关', en: 'unrelated occupation' });
  if (o.levelRank === null)
    reasons.push({ factor: 'level', points: 20, zh: '岗位不限技能等级', en: 'no level required' });
  else if (t.levelRank !== null && t.levelRank >= o.levelRank)
    reasons.push({
      factor: 'level',
      points: 20,
      zh: `技能等级达到岗位要求（${o.levelCode}）`,
      en: `meets the required level (${o.levelCode})`,
    });
  else
    reasons.push({
      factor: 'level',
      points: 0,
      zh: `技能等级低于岗位要求（${o.levelCode}）`,
      en: `below the required level (${o.levelCode})`,
    });
  reasons.push(
    t.city === o.city
      ? { factor: 'city', points: 20, zh: '岗位在本市', en: 'the job is in the same city' }
      : { factor: 'city', points: 0, zh: '岗位在外市', en: 'the job is in another city' },
  );
  const pay = bestPayFen > 0 ? Math.round((10 * o.payMaxFen) / bestPayFen) : 0;
  reasons.push({
    factor: 'pay',
    points: pay,
    zh: `薪酬上限 ${(o.payMaxFen / 100).toFixed(0)} 元/月`,
    en: `pay up to ¥${(o.payMaxFen / 100).toFixed(0)} a month`,
  });
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

interface TraineeRow {
  person_key: string;
  name: string;
  id_masked: string;
  city_code: string;
  occupation_code: string;
  sector: string;
  level_rank: number | null;
  project_code: string;
}

/** Completers not yet placed since their class ended, with their best level in the class's occupation. */
const COMPLETERS = `
  SELECT DISTINCT ON (e.person_key) e.person_key, p.name, p.id_masked, p.city_code, pr.occupation_code, o.sector, pr.project_code,
         GREATEST((SELECT max(l.rank) FROM evaluation.certificates c JOIN catalog.levels l ON l.code = c.level
                   WHERE c.person_key = e.person_key AND c.occupation_code = pr.occupation_code), tl.rank) AS level_rank
  FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code JOIN registry.persons p ON p.person_key = e.person_key
  JOIN catalog.occupations o ON o.code = pr.occupation_code LEFT JOIN catalog.levels tl ON tl.code = pr.level
  WHERE e.completed AND NOT EXISTS (SELECT 1 FROM training.employment m WHERE m.person_key = e.person_key AND m.start_date >= pr.start_date)`;

interface OrderFacts {
  enterprise_code: string;
  occupation_code: string;
  sector: string;
  level: string | null;
  level_rank: number | null;
  city_code: string;
  pay_max_fen: number;
}

async function orderFacts(db: Db, orderId: string): Promise<OrderFacts> {
  const [o] = await db.query<OrderFacts>(
    `SELECT j.enterprise_code, j.occupation_code, o.sector, j.level, l.rank AS level_rank, j.city_code, j.pay_max_fen
     FROM job_orders j JOIN catalog.occupations o ON o.code = j.occupation_code LEFT JOIN catalog.levels l ON l.code = j.level WHERE j.order_id = $1`,
    [orderId],
  );
  if (!o) throw new NotFound({ zh: '用工订单', en: 'job order' });
  return o;
}

/** The ranked candidates of an order (at most 50): the list the enterprise sees and may hire from directly. */
async function rankedCandidates(db: Db, o: OrderFacts) {
  const rows = await db.query<TraineeRow>(`${COMPLETERS} AND o.sector = $1 ORDER BY e.person_key, pr.end_date DESC`, [
    o.sector,
  ]);
  const order: OrderInput = {
    occupation: o.occupation_code,
    sector: o.sector,
    levelRank: o.level_rank,
    levelCode: o.level,
    city: o.city_code,
    payMaxFen: o.pay_max_fen,
  };
  return rows
    .map((t) => ({
      personKey: t.person_key,
      name: t.name,
      idMasked: t.id_masked,
      projectCode: t.project_code,
      ...matchScore(
        { occupation: t.occupation_code, sector: t.sector, levelRank: t.level_rank, city: t.city_code },
        order,
        o.pay_max_fen,
      ),
    }))
    .sort((a, b) => b.score - a.score || a.personKey.localeCompare(b.personKey))
    .slice(0, 50);
}

/** Candidates for an enterprise's order, best first, each with the reasons of its score. */
export async function candidatesFor(db: Db, actor: Actor, orderId: string) {
  const o = await orderFacts(db, orderId);
  if (actor.role === 'enterprise_staff' && actor.enterpriseCode !== o.enterprise_code) throw new Forbidden();
  assertCity(actor, o.city_code);
  return rankedCandidates(db, o);
}

/** Open job orders for a trainee who has completed a class, best first, with reasons. */
export async function jobsForMe(db: Db, actor: Actor) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const [t] = await db.query<TraineeRow>(
    `${COMPLETERS} AND e.person_key = $1 ORDER BY e.person_key, pr.end_date DESC`,
    [actor.personKey],
  );
  if (!t) return [];
  const orders = await db.query<{
    order_id: string;
    enterprise_name: string;
    occupation_code: string;
    occupation_name: string;
    sector: string;
    level: string | null;
    level_rank: number | null;
    city_code: string;
    pay_min_fen: number;
    pay_max_fen: number;
    deadline: string;
  }>(
    `SELECT j.order_id, e.name AS enterprise_name, j.occupation_code, o.name AS occupation_name, o.sector, j.level, l.rank AS level_rank, j.city_code,
            j.pay_min_fen, j.pay_max_fen, j.deadline
     FROM job_orders j JOIN catalog.occupations o ON o.code = j.occupation_code LEFT JOIN catalog.levels l ON l.code = j.level
     LEFT JOIN registry.enterprises e ON e.credit_code = j.enterprise_code WHERE j.status = 'open' AND o.sector = $1`,
    [t.sector],
  );
  const best = Math.max(0, ...orders.map((o) => o.pay_max_fen));
  return orders
    .map((o) => ({
      ...o,
      ...matchScore(
        { occupation: t.occupation_code, sector: t.sector, levelRank: t.level_rank, city: t.city_code },
        {
          occupation: o.occupation_code,
          sector: o.sector,
          levelRank: o.level_rank,
          levelCode: o.level,
          city: o.city_code,
          payMaxFen: o.pay_max_fen,
        },
        best,
      ),
    }))
    .sort((a, b) => b.score - a.score || a.order_id.localeCompare(b.order_id))
    .slice(0, 20);
}

export interface Hire {
  /** A candidate from `candidatesFor`, or an ID number the enterprise holds. */
  personKey?: string;
  idNumber?: string;
  startDate: string;
  contractMonths: number;
}

/** What a hire of someone outside the candidate list answers, whoever the ID belongs to (or none). */
const PENDING_ANSWER = {
  status: 'pending_worker' as const,
  message: '该人员不在本订单的匹配人选中：录用信息已提交，待劳动者本人在“我的培训”中确认后生效',
  message_en:
    'this person is not among the order’s candidates: the hire takes effect once the worker confirms it in their app',
};

/**
 * The enterprise records a hire against its order (就业). A candidate of the order is employed at
 * once; anyone else becomes a pending hire the worker confirms (jobs.policy.ts). The answer for a
 * non-candidate is the same whether or not the ID number is registered: no name, no hint.
 */
export async function recordHire(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  orderId: string,
  input: Hire,
  clock: Clock = systemClock,
) {
  // Checks that do not depend on who the person is come first: their answers reveal nothing.
  let personKey = input.personKey ?? null;
  if (input.idNumber) {
    const id = input.idNumber.trim().toUpperCase();
    const problem = checkIdNumber(id);
    if (problem) throw new Invalid(problem.reason, problem.zh, problem.en, { field: 'idNumber' });
    personKey = vault.blindIndex(id);
  }
  if (!personKey)
    throw new Invalid('PERSON_REQUIRED', '请选择候选人或填写身份证号', 'choose a candidate or enter an ID number', {
      field: 'personKey',
    });
  const start = requireDate(input.startDate, 'startDate');
  if (!Number.isInteger(input.contractMonths) || input.contractMonths < 1 || input.contractMonths > 120) {
    throw new Invalid('BAD_CONTRACT', '劳动合同期限应为1–120个月', 'contract length must be 1–120 months', {
      field: 'contractMonths',
    });
  }
  return db.transaction(async (tx) => {
    const j = await ownOrder(tx, actor, orderId);
    if (j.status !== 'open') throw new Conflict('ORDER_NOT_OPEN', '该订单已关闭', 'this order is closed');
    const startProblem = hireStartProblem(start, chinaDate(new Date(j.created_at)), chinaDate(clock.now()));
    if (startProblem) throw startProblem;
    const [dup] = await tx.query<{ id_masked: string }>(
      'SELECT p.id_masked FROM training.employment m JOIN registry.persons p USING (person_key) WHERE m.job_order_id = $1 AND m.person_key = $2',
      [orderId, personKey],
    );
    if (dup)
      throw new Conflict(
        'ALREADY_HIRED',
        `${dup.id_masked} 已登记在本订单`,
        `${dup.id_masked} is already recorded on this order`,
      );
    const candidate = directHire(await rankedCandidates(tx, await orderFacts(tx, orderId)), personKey);
    if (!candidate) {
      await proposeHire(tx, actor, orderId, personKey, start, input.contractMonths);
      return { orderId, startDate: start, contractMonths: input.contractMonths, ...PENDING_ANSWER };
    }
    const [{ filled }] = await tx.query<{ filled: number }>(
      'SELECT count(*)::int AS filled FROM training.employment WHERE job_order_id = $1',
      [orderId],
    );
    await recordEmployment(tx, {
      personKey,
      employerCode: j.enterprise_code,
      startDate: start,
      contractMonths: input.contractMonths,
      jobOrderId: orderId,
    });
    if (filled + 1 >= j.headcount)
      await tx.query(`UPDATE job_orders SET status = 'closed' WHERE order_id = $1`, [orderId]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'employment.hire',
          entity: 'job_order',
          entityId: orderId,
          after: { person: candidate.idMasked, start_date: start, contract_months: input.contractMonths },
        },
      ],
      clock,
    );
    return {
      orderId,
      status: 'hired' as const,
      name: candidate.name,
      idMasked: candidate.idMasked,
      startDate: start,
      contractMonths: input.contractMonths,
      filled: filled + 1,
    };
  });
}

/** A pending hire for a registered person (once per order and person); nothing for an unknown ID. */
async function proposeHire(
  tx: Db,
  actor: Actor,
  orderId: string,
  personKey: string,
  start: string,
  contractMonths: number,
) {
  const [p] = await tx.query<{ id_masked: string }>('SELECT id_masked FROM registry.persons WHERE person_key = $1', [
    personKey,
  ]);
  if (!p) return;
  const stored = await tx.query(
    `INSERT INTO pending_hires (id, job_order_id, enterprise_code, person_key, start_date, contract_months, created_by)
     SELECT $1, $2, enterprise_code, $3, $4, $5, $6 FROM job_orders WHERE order_id = $2
     ON CONFLICT ON CONSTRAINT pending_hires_order_person_uq DO NOTHING RETURNING id`,
    [newId(), orderId, personKey, start, contractMonths, actorName(actor)],
  );
  if (stored.length)
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'employment.hire_proposed',
        entity: 'job_order',
        entityId: orderId,
        after: { person: p.id_masked, start_date: start, contract_months: contractMonths },
      },
    ]);
}

/** 录用确认: the hires enterprises proposed for the signed-in worker, with what they offer. */
export async function myPendingHires(db: Db, actor: Actor) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  return db.query<TPendingHire>(
    `SELECT h.id, h.job_order_id, e.name AS enterprise_name, o.name AS occupation_name, h.start_date, h.contract_months, h.status, h.created_at, h.answered_at
     FROM pending_hires h JOIN job_orders j ON j.order_id = h.job_order_id LEFT JOIN registry.enterprises e ON e.credit_code = h.enterprise_code
     LEFT JOIN catalog.occupations o ON o.code = j.occupation_code WHERE h.person_key = $1 ORDER BY h.created_at DESC`,
    [actor.personKey],
  );
}

/**
 * The worker confirms (the hire becomes employment on the order) or declines a pending hire. The
 * order must still be open; it closes when filled, as with a direct hire.
 */
export async function answerPendingHire(
  db: Db,
  actor: Actor,
  id: string,
  answer: 'confirmed' | 'declined',
  clock: Clock = systemClock,
) {
  return db.transaction(async (tx) => {
    const [h] = await tx.query<{
      id: string;
      job_order_id: string;
      enterprise_code: string;
      person_key: string;
      start_date: string;
      contract_months: number;
      status: string;
    }>(
      'SELECT id, job_order_id, enterprise_code, person_key, start_date, contract_months, status FROM pending_hires WHERE id = $1 FOR UPDATE',
      [id],
    );
    assertMayAnswerHire(actor, h);
    if (h.status !== 'pending') throw new Conflict('ALREADY_ANSWERED', '已答复过', 'already answered');
    if (answer === 'confirmed') {
      const [j] = await tx.query<{ status: string; headcount: number }>(
        'SELECT status, headcount FROM job_orders WHERE order_id = $1 FOR UPDATE',
        [h.job_order_id],
      );
      if (j?.status !== 'open')
        throw new Conflict(
          'ORDER_NOT_OPEN',
          '该订单已关闭，录用未能生效',
          'the order has closed; the hire cannot take effect',
        );
      const [{ filled }] = await tx.query<{ filled: number }>(
        'SELECT count(*)::int AS filled FROM training.employment WHERE job_order_id = $1',
        [h.job_order_id],
      );
      const stored = await recordEmployment(
        tx,
        {
          personKey: h.person_key,
          employerCode: h.enterprise_code,
          startDate: h.start_date,
          contractMonths: h.contract_months,
          jobOrderId: h.job_order_id,
        },
        { ifNew: true },
      );
      // Only a hire that was stored fills a place (the same employment already recorded fills none).
      if (stored && filled + 1 >= j.headcount)
        await tx.query(`UPDATE job_orders SET status = 'closed' WHERE order_id = $1`, [h.job_order_id]);
    }
    await tx.query('UPDATE pending_hires SET status = $2, answered_at = $3 WHERE id = $1', [id, answer, clock.now()]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `employment.hire_${answer}`,
          entity: 'job_order',
          entityId: h.job_order_id,
          after: { pending_hire: id, answer },
        },
      ],
      clock,
    );
    return { id, status: answer };
  });
}
