import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { requirePerson } from '../registry/index.ts';
import { ownOrder } from './job-orders.ts';

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
export function matchScore(t: MatchInput, o: OrderInput, bestPayFen: number): { score: number; reasons: MatchReason[] } {
  const reasons: MatchReason[] = [];
  if (t.occupation === o.occupation) reasons.push({ factor: 'occupation', points: 50, zh: '培训职业与岗位职业相同', en: 'trained in the job’s occupation' });
  else if (t.sector === o.sector) reasons.push({ factor: 'occupation', points: 20, zh: '同一行业的相近职业', en: 'a related occupation of the same sector' });
  else reasons.push({ factor: 'occupation', points: 0, zh: '职业不相关', en: 'unrelated occupation' });
  if (o.levelRank === null) reasons.push({ factor: 'level', points: 20, zh: '岗位不限技能等级', en: 'no level required' });
  else if (t.levelRank !== null && t.levelRank >= o.levelRank) reasons.push({ factor: 'level', points: 20, zh: `技能等级达到岗位要求（${o.levelCode}）`, en: `meets the required level (${o.levelCode})` });
  else reasons.push({ factor: 'level', points: 0, zh: `技能等级低于岗位要求（${o.levelCode}）`, en: `below the required level (${o.levelCode})` });
  reasons.push(t.city === o.city
    ? { factor: 'city', points: 20, zh: '岗位在本市', en: 'the job is in the same city' }
    : { factor: 'city', points: 0, zh: '岗位在外市', en: 'the job is in another city' });
  const pay = bestPayFen > 0 ? Math.round((10 * o.payMaxFen) / bestPayFen) : 0;
  reasons.push({ factor: 'pay', points: pay, zh: `薪酬上限 ${(o.payMaxFen / 100).toFixed(0)} 元/月`, en: `pay up to ¥${(o.payMaxFen / 100).toFixed(0)} a month` });
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

interface TraineeRow { person_key: string; name: string; id_masked: string; city_code: string; occupation_code: string; sector: string; level_rank: number | null; project_code: string }

/** Completers not yet placed since their class ended, with their best level in the class's occupation. */
const COMPLETERS = `
  SELECT DISTINCT ON (e.person_key) e.person_key, p.name, p.id_masked, p.city_code, pr.occupation_code, o.sector, pr.project_code,
         GREATEST((SELECT max(l.rank) FROM certificates c JOIN levels l ON l.code = c.level
                   WHERE c.person_key = e.person_key AND c.occupation_code = pr.occupation_code), tl.rank) AS level_rank
  FROM enrolments e JOIN projects pr ON pr.project_code = e.project_code JOIN persons p ON p.person_key = e.person_key
  JOIN occupations o ON o.code = pr.occupation_code LEFT JOIN levels tl ON tl.code = pr.level
  WHERE e.completed AND NOT EXISTS (SELECT 1 FROM employment m WHERE m.person_key = e.person_key AND m.start_date >= pr.start_date)`;

/** Candidates for an enterprise's order, best first, each with the reasons of its score. */
export async function candidatesFor(db: Db, actor: Actor, orderId: string) {
  const [o] = await db.query<{ enterprise_code: string; occupation_code: string; sector: string; level: string | null; level_rank: number | null; city_code: string; pay_max_fen: number }>(
    `SELECT j.enterprise_code, j.occupation_code, o.sector, j.level, l.rank AS level_rank, j.city_code, j.pay_max_fen
     FROM job_orders j JOIN occupations o ON o.code = j.occupation_code LEFT JOIN levels l ON l.code = j.level WHERE j.order_id = $1`, [orderId]);
  if (!o) throw new NotFound({ zh: '用工订单', en: 'job order' });
  if (actor.role === 'enterprise_staff' && actor.enterpriseCode !== o.enterprise_code) throw new Forbidden();
  assertCity(actor, o.city_code);
  const rows = await db.query<TraineeRow>(`${COMPLETERS} AND o.sector = $1 ORDER BY e.person_key, pr.end_date DESC`, [o.sector]);
  const order: OrderInput = { occupation: o.occupation_code, sector: o.sector, levelRank: o.level_rank, levelCode: o.level, city: o.city_code, payMaxFen: o.pay_max_fen };
  return rows
    .map((t) => ({ personKey: t.person_key, name: t.name, idMasked: t.id_masked, projectCode: t.project_code,
      ...matchScore({ occupation: t.occupation_code, sector: t.sector, levelRank: t.level_rank, city: t.city_code }, order, o.pay_max_fen) }))
    .sort((a, b) => b.score - a.score || a.personKey.localeCompare(b.personKey))
    .slice(0, 50);
}

/** Open job orders for a trainee who has completed a class, best first, with reasons. */
export async function jobsForMe(db: Db, actor: Actor) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const [t] = await db.query<TraineeRow>(`${COMPLETERS} AND e.person_key = $1 ORDER BY e.person_key, pr.end_date DESC`, [actor.personKey]);
  if (!t) return [];
  const orders = await db.query<{ order_id: string; enterprise_name: string; occupation_code: string; occupation_name: string; sector: string; level: string | null; level_rank: number | null; city_code: string; pay_min_fen: number; pay_max_fen: number; deadline: string }>(
    `SELECT j.order_id, e.name AS enterprise_name, j.occupation_code, o.name AS occupation_name, o.sector, j.level, l.rank AS level_rank, j.city_code,
            j.pay_min_fen, j.pay_max_fen, j.deadline
     FROM job_orders j JOIN occupations o ON o.code = j.occupation_code LEFT JOIN levels l ON l.code = j.level
     LEFT JOIN enterprises e ON e.credit_code = j.enterprise_code WHERE j.status = 'open' AND o.sector = $1`, [t.sector]);
  const best = Math.max(0, ...orders.map((o) => o.pay_max_fen));
  return orders
    .map((o) => ({ ...o, ...matchScore({ occupation: t.occupation_code, sector: t.sector, levelRank: t.level_rank, city: t.city_code },
      { occupation: o.occupation_code, sector: o.sector, levelRank: o.level_rank, levelCode: o.level, city: o.city_code, payMaxFen: o.pay_max_fen }, best) }))
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

/** The enterprise records a hire against its order (就业): an employment outcome of the trainee. */
export async function recordHire(db: Db, vault: PiiVault, actor: Actor, orderId: string, input: Hire) {
  const [person] = input.idNumber ? [await requirePerson(db, vault, input.idNumber)]
    : input.personKey ? await db.query<{ person_key: string; name: string; id_masked: string }>('SELECT person_key, name, id_masked FROM persons WHERE person_key = $1', [input.personKey]) : [];
  if (!person) throw new Invalid('UNKNOWN_PERSON', '请选择候选人或填写身份证号', 'choose a candidate or enter an ID number', { field: 'personKey' });
  const start = requireDate(input.startDate, 'startDate');
  if (!Number.isInteger(input.contractMonths) || input.contractMonths < 1 || input.contractMonths > 120) {
    throw new Invalid('BAD_CONTRACT', '劳动合同期限应为1–120个月', 'contract length must be 1–120 months', { field: 'contractMonths' });
  }
  return db.transaction(async (tx) => {
    const j = await ownOrder(tx, actor, orderId);
    if (j.status !== 'open') throw new Conflict('ORDER_NOT_OPEN', '该订单已关闭', 'this order is closed');
    const [{ filled }] = await tx.query<{ filled: number }>('SELECT count(*)::int AS filled FROM employment WHERE job_order_id = $1', [orderId]);
    const [dup] = await tx.query('SELECT 1 FROM employment WHERE job_order_id = $1 AND person_key = $2', [orderId, person.person_key]);
    if (dup) throw new Conflict('ALREADY_HIRED', `${person.name}已登记在本订单`, `${person.name} is already recorded on this order`);
    await tx.query('INSERT INTO employment (person_key, employer_code, start_date, contract_months, job_order_id) VALUES ($1,$2,$3,$4,$5)',
      [person.person_key, actor.enterpriseCode, start, input.contractMonths, orderId]);
    if (filled + 1 >= j.headcount) await tx.query(`UPDATE job_orders SET status = 'closed' WHERE order_id = $1`, [orderId]);
    await recordAudit(tx, [{ actor: actorName(actor), action: 'employment.hire', entity: 'job_order', entityId: orderId, after: { person: person.id_masked, start_date: start, contract_months: input.contractMonths } }]);
    return { orderId, name: person.name, idMasked: person.id_masked, startDate: start, contractMonths: input.contractMonths, filled: filled + 1 };
  });
}
