import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { addDays } from '../../kernel/dates.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { actorOfUser, listUsers } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { applicationRow } from './applications.ts';
import { criteriaVersion, expertTotalCenti, meanCenti, scoresProblem } from './criteria.ts';
import {
  assertAppointed,
  assertMayManage,
  assertProvince,
  conflictBarsScore,
  mayBeExpert,
  textProblem,
} from './selection.policy.ts';

/**
 * 专家评审 (docs/selection.md § Review): experts are appointed, declare conflicts of interest, score
 * against the application's criteria version; the province publishes the result when at least
 * MIN_EXPERT_SCORES experts without a conflict have scored.
 */

/** The result is the mean of at least this many experts' scores. */
export const MIN_EXPERT_SCORES = 2;

const notUnderReview = () =>
  new Conflict('NOT_UNDER_REVIEW', '该申请已不在评审阶段', 'this application is no longer under review');

/** The accounts that may be appointed experts (active officials), for the appointment form. */
export async function expertCandidates(db: Db, actor: Actor) {
  if (actor.role !== 'province_admin' && actor.role !== 'city_officer') return [];
  return (await listUsers(db))
    .filter((u) => mayBeExpert(u.role) && !u.disabled && u.username !== actor.username)
    .map((u) => ({ username: u.username, displayName: u.display_name, role: u.role, cityCode: u.city_code }));
}

/** Appoints experts (official accounts, not the appointer) to an application under review. Audited. */
export async function appointExperts(
  db: Db,
  actor: Actor,
  id: string,
  usernames: string[],
  clock: Clock = systemClock,
) {
  const experts: Actor[] = [];
  for (const username of [...new Set(usernames.map((u) => u.trim()))]) {
    const a = await actorOfUser(db, username);
    if (!a || !mayBeExpert(a.role))
      throw new Invalid(
        'NOT_AN_EXPERT',
        `${username} 不是可担任评审专家的工作人员账号`,
        `${username} is not an official account that may be appointed expert`,
        { field: 'usernames' },
      );
    if (a.username === actor.username)
      throw new Invalid('SELF_APPOINTMENT', '不能指派自己为评审专家', 'you may not appoint yourself as an expert', {
        field: 'usernames',
      });
    experts.push(a);
  }
  await db.transaction(async (tx) => {
    const app = await applicationRow(tx, id, true);
    assertMayManage(actor, app);
    if (app.status !== 'submitted') throw notUnderReview();
    const now = clock.now();
    for (const e of experts)
      await tx.query(
        `INSERT INTO selection_experts (application_id, username, display_name, assigned_by, assigned_at)
         VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [id, e.username, e.displayName, actorName(actor), now],
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'selection.appoint',
          entity: 'selection_application',
          entityId: id,
          after: { experts: experts.map((e) => e.username) },
        },
      ],
      clock,
    );
  });
}

async function lockOwnEntry(tx: Db, actor: Actor, id: string) {
  const app = await applicationRow(tx, id, true);
  const [e] = await tx.query<{ conflict: boolean | null; total_centi: number | null }>(
    'SELECT conflict, total_centi FROM selection_experts WHERE application_id = $1 AND username = $2 FOR UPDATE',
    [id, actor.username],
  );
  assertAppointed(app && e);
  if (app!.status !== 'submitted') throw notUnderReview();
  return { app: app!, expert: e };
}

/** 利益冲突申报: the expert declares whether they have a conflict of interest (once; audited). */
export async function declareConflict(
  db: Db,
  actor: Actor,
  id: string,
  input: { conflict: boolean; note?: string },
  clock: Clock = systemClock,
) {
  await db.transaction(async (tx) => {
    const { expert } = await lockOwnEntry(tx, actor, id);
    if (expert.conflict !== null)
      throw new Conflict(
        'CONFLICT_DECLARED',
        '已申报过利益冲突情况',
        'you have already declared on conflicts of interest',
      );
    if (input.conflict) {
      const problem = textProblem(input.note, 'note', 5);
      if (problem) throw problem;
    }
    await tx.query(
      'UPDATE selection_experts SET conflict = $3, conflict_note = $4, declared_at = $5 WHERE application_id = $1 AND username = $2',
      [id, actor.username, input.conflict, input.note?.trim() || null, clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'selection.conflict',
          entity: 'selection_application',
          entityId: id,
          after: { conflict: input.conflict, note: input.note?.trim() || null },
        },
      ],
      clock,
    );
  });
}

/** 评分: the expert scores every criterion of the application's version (once; a conflict bars it). Audited. */
export async function scoreApplication(
  db: Db,
  actor: Actor,
  id: string,
  input: { scores: Record<string, number>; comment?: string },
  clock: Clock = systemClock,
) {
  await db.transaction(async (tx) => {
    const { app, expert } = await lockOwnEntry(tx, actor, id);
    const barred = conflictBarsScore(expert);
    if (barred) throw barred;
    if (expert.total_centi !== null)
      throw new Conflict('ALREADY_SCORED', '您已提交评分', 'you have already scored this application');
    const { criteria } = await criteriaVersion(tx, app.criteria_version);
    const problem = scoresProblem(criteria, input.scores);
    if (problem) throw problem;
    const total = expertTotalCenti(criteria, input.scores);
    await tx.query(
      `UPDATE selection_experts SET scores = $3, total_centi = $4, comment = $5, scored_at = $6
       WHERE application_id = $1 AND username = $2`,
      [id, actor.username, JSON.stringify(input.scores), total, input.comment?.trim() || null, clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'selection.score',
          entity: 'selection_application',
          entityId: id,
          after: { scores: input.scores, total_centi: total, criteria_version: app.criteria_version },
        },
      ],
      clock,
    );
  });
}

/**
 * 公布评审结果: the province publishes the mean of the experts' scores once every appointed expert
 * has declared and scored (or declared a conflict) and at least MIN_EXPERT_SCORES scores exist. At
 * or above the pass mark the application enters public notice for the version's notice days
 * (notice_from = today, objections until notice_until inclusive); below it, it has not passed.
 */
export async function publishResult(db: Db, actor: Actor, id: string, clock: Clock = systemClock) {
  assertProvince(actor);
  const today = chinaDate(clock.now());
  return db.transaction(async (tx) => {
    const app = await applicationRow(tx, id, true);
    assertMayManage(actor, app);
    if (app.status !== 'submitted') throw notUnderReview();
    const experts = await tx.query<{ conflict: boolean | null; total_centi: number | null }>(
      'SELECT conflict, total_centi FROM selection_experts WHERE application_id = $1',
      [id],
    );
    const pending = experts.filter((e) => e.conflict === null || (e.conflict === false && e.total_centi === null));
    if (pending.length)
      throw new Conflict(
        'SCORING_INCOMPLETE',
        `还有${pending.length}位专家未完成申报或评分`,
        `${pending.length} expert(s) have not yet declared or scored`,
      );
    const totals = experts.filter((e) => e.conflict === false && e.total_centi !== null).map((e) => e.total_centi!);
    if (totals.length < MIN_EXPERT_SCORES)
      throw new Conflict(
        'TOO_FEW_SCORES',
        `至少需要${MIN_EXPERT_SCORES}位无利益冲突专家的评分（现有${totals.length}位）`,
        `at least ${MIN_EXPERT_SCORES} scores by experts without a conflict are needed (there are ${totals.length})`,
      );
    const c = await criteriaVersion(tx, app.criteria_version);
    const result = meanCenti(totals);
    const passed = result >= c.passMark * 100;
    const noticeUntil = passed ? addDays(today, c.noticeDays - 1) : null;
    await tx.query(
      `UPDATE selection_applications SET status = $2, result_centi = $3, published_at = $4, published_by = $5,
         notice_from = $6, notice_until = $7 WHERE id = $1`,
      [id, passed ? 'notice' : 'not_passed', result, clock.now(), actorName(actor), passed ? today : null, noticeUntil],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'selection.publish',
          entity: 'selection_application',
          entityId: id,
          before: { status: 'submitted' },
          after: {
            status: passed ? 'notice' : 'not_passed',
            result_centi: result,
            pass_mark: c.passMark,
            scores: totals,
            notice_until: noticeUntil,
          },
        },
      ],
      clock,
    );
    return { status: passed ? 'notice' : 'not_passed', result: result / 100, noticeUntil };
  });
}
