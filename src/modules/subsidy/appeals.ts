import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { onApproved } from './approval.ts';
import { applicationHistory, paymentStage } from './entitlement.ts';
import { loadPolicy, versionUsed } from './policy.repo.ts';
import { explainReason } from './reasons.ts';
import { resolveReview } from './review.ts';
import { amountFen } from './rules.ts';
import { decideApplications, loadReferenceMaps } from './settle-applications.ts';
import { APPLICATION_TYPE_NAMES } from './subsidy.labels.ts';

/**
 * What the subsidy module offers appeals (申诉, docs/appeals.md): which of a worker's decisions and
 * payments they may contest, and what an upheld appeal does — a rejected application is decided
 * again (a decision revision, audited, committed in the ledger, in 公示), a withheld or failed
 * payment is released to the next payment batch.
 */

/** A decision or payment a worker may contest, in words. */
export interface SubsidySubject {
  kind: 'decision' | 'payment';
  applicationId: string;
  personKey: string;
  cityCode: string;
  title: { zh: string; en: string };
  /** Why it stands as it does: the decision's reasons, or the payment's stage. */
  why: { zh: string; en: string }[];
}

const typeName = (type: string) =>
  (APPLICATION_TYPE_NAMES as Record<string, { zh: string; en: string }>)[type] ?? { zh: type, en: type };

/**
 * The worker's decisions and payments open to appeal on `today`: rejected decisions, and approved
 * ones whose payment is withheld (under review, or denied by the employer) or failed at the bank.
 */
export async function appealableSubsidies(db: Db, personKey: string, today: string): Promise<SubsidySubject[]> {
  const rows = await applicationHistory(db, personKey);
  const [{ city } = { city: null }] = await db.query<{ city: string | null }>(
    'SELECT city_code AS city FROM registry.persons WHERE person_key = $1',
    [personKey],
  );
  const cities = new Map(
    (
      await db.query<{ application_id: string; city_code: string | null }>(
        'SELECT application_id, city_code FROM decisions WHERE person_key = $1',
        [personKey],
      )
    ).map((d) => [d.application_id, d.city_code]),
  );
  const out: SubsidySubject[] = [];
  for (const a of rows) {
    const t = typeName(a.type);
    const cityCode = cities.get(a.application_id) ?? city;
    if (!cityCode) continue;
    const title = { zh: `${t.zh} ${a.application_id}`, en: `${t.en} ${a.application_id}` };
    if (a.decision === 'rejected') {
      out.push({
        kind: 'decision',
        applicationId: a.application_id,
        personKey,
        cityCode,
        title,
        why: (a.reasons ?? []).map(explainReason),
      });
      continue;
    }
    const stage = paymentStage(a, today);
    if (stage === 'withheld' || stage === 'failed')
      out.push({
        kind: 'payment',
        applicationId: a.application_id,
        personKey,
        cityCode,
        title,
        why: [
          stage === 'failed'
            ? {
                zh: `发放失败：${a.failure_reason ?? '银行退回'}`,
                en: `payment failed: ${a.failure_reason ?? 'returned by the bank'}`,
              }
            : { zh: '暂缓发放（待核实）', en: 'withheld pending checks' },
        ],
      });
  }
  return out;
}

type DecisionRow = {
  person_key: string;
  type: string;
  applied_on: string;
  certificate_no: string;
  project_code: string | null;
  decision: string;
  amount_fen: number;
  reasons: string[];
  city_code: string;
  policy_version: string;
};

async function lockDecision(tx: Db, applicationId: string): Promise<DecisionRow> {
  const [d] = await tx.query<DecisionRow>(
    `SELECT person_key, type, applied_on, certificate_no, project_code, decision, amount_fen, reasons, city_code, policy_version
     FROM decisions WHERE application_id = $1 FOR UPDATE`,
    [applicationId],
  );
  if (!d) throw new NotFound({ zh: `补贴决定 ${applicationId}`, en: `decision ${applicationId}` });
  return d;
}

/**
 * An upheld appeal against a rejection: the application is decided again by the rules on today's
 * facts (an attendance record validated since counts), and the reasons of the first decision the
 * official overruled no longer refuse it. A reason that was not under appeal still does (refused
 * with STILL_REFUSED). The new decision is recorded as a revision beside the first, the decision in
 * force changes, the approval starts 公示 and commits the amount in the ledger; all audited.
 */
/**
 * The reasons a city officer may set aside when upholding an appeal: facts the worker can prove the
 * records got wrong or late (a target group, insurance months, attendance a device missed, an
 * enrolment not recorded) and a deadline missed for a documented cause. Never: whose certificate it
 * is, whether it exists, was revoked or already paid, the limits, or an institution's or evaluator's
 * listing — one officer alone must not approve what the rules refuse on those grounds.
 */
export const OVERRULABLE_ON_APPEAL: ReadonlySet<string> = new Set([
  'NOT_TARGET_GROUP',
  'INSURED_MONTHS_SHORT',
  'ATTENDANCE_BELOW_80',
  'NOT_ENROLLED',
  'LATE_APPLICATION',
]);

export async function redecideOnAppeal(
  tx: Db,
  actor: Actor,
  applicationId: string,
  input: { ref: string; note: string },
  clock: Clock = systemClock,
) {
  const d = await lockDecision(tx, applicationId);
  assertCity(actor, d.city_code);
  if (d.decision !== 'rejected')
    throw new Conflict('NOT_REJECTED', '该申请并非“不予补贴”，无需重新决定', 'this application is not rejected');
  const now = clock.now();
  const today = chinaDate(now);
  const policy = await loadPolicy(tx, undefined, today);
  const refs = await loadReferenceMaps(tx);
  const [again] = await decideApplications(
    tx,
    [d.person_key],
    [
      {
        application_id: applicationId,
        person_key: d.person_key,
        type: d.type as never,
        certificate_no: d.certificate_no,
        project_code: d.project_code,
        applied_on: d.applied_on,
      },
    ],
    { asOf: today, claims: 'own', probe: true },
    policy,
    refs,
  );
  if (!again) throw new NotFound({ zh: `补贴申请 ${applicationId}`, en: `application ${applicationId}` });
  const stillFailing = again.decision.decision === 'rejected' ? again.decision.reasons : [];
  const notUnderAppeal = stillFailing.filter((r) => !d.reasons.includes(r));
  if (notUnderAppeal.length)
    throw new Conflict(
      'STILL_REFUSED',
      `重新审核仍不符合条件：${notUnderAppeal.map((r) => explainReason(r).zh).join('；')}`,
      `decided again it is still refused: ${notUnderAppeal.map((r) => explainReason(r).en).join('; ')}`,
      { reasons: notUnderAppeal },
    );
  // What the official set aside: the first decision's reasons that still refuse on today's facts.
  const overruled = stillFailing;
  const fixed = overruled.filter((r) => !OVERRULABLE_ON_APPEAL.has(r));
  if (fixed.length)
    throw new Conflict(
      'NOT_OVERRULABLE',
      `以下原因不能由申诉推翻（由证书、他人记录、次数上限或机构资质决定）：${fixed.map((r) => explainReason(r).zh).join('；')}`,
      `an appeal cannot set these reasons aside (certificate, others' records, limits or listing): ${fixed.map((r) => explainReason(r).en).join('; ')}`,
      { reasons: fixed },
    );
  const review = again.decision.decision === 'review';
  const amount =
    again.decision.decision === 'rejected' ? amountFen(again.c, again.policy.params) : again.decision.amountFen;
  if (amount <= 0)
    throw new Conflict(
      'NO_AMOUNT',
      '无法按政策核定补贴金额（证书或项目信息不全）',
      'no amount can be worked out under the policy',
    );
  const decision = review ? 'review' : 'approved';
  const reasons = review ? again.decision.reasons : [];
  const cityCode = again.decision.cityCode || d.city_code;
  const version = versionUsed(again.policy, cityCode);
  await tx.query(
    'UPDATE decisions SET decision = $2, amount_fen = $3, reasons = $4::text[], policy_version = $5, decided_at = $6 WHERE application_id = $1',
    [applicationId, decision, amount, reasons, version, now],
  );
  const before = {
    decision: d.decision,
    amount_fen: d.amount_fen,
    reasons: d.reasons,
    policy_version: d.policy_version,
  };
  await tx.query(
    `INSERT INTO decision_revisions (application_id, source, source_ref, before, decision, amount_fen, overruled, policy_version, note, decided_by, decided_at)
     VALUES ($1, 'appeal', $2, $3, $4, $5, $6::text[], $7, $8, $9, $10)`,
    [
      applicationId,
      input.ref,
      JSON.stringify(before),
      decision,
      amount,
      overruled,
      version,
      input.note,
      actorName(actor),
      now,
    ],
  );
  if (decision === 'approved')
    await onApproved(
      tx,
      [{ applicationId, type: d.type, appliedOn: d.applied_on, cityCode: d.city_code, amountFen: amount }],
      now,
    );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: 'decision.appeal.redecide',
        entity: 'decision',
        entityId: applicationId,
        before,
        after: { decision, amount_fen: amount, reasons, overruled, policy_version: version, appeal: input.ref },
      },
    ],
    clock,
  );
  return { applicationId, decision, amountFen: amount, overruled };
}

/**
 * An upheld appeal against a withheld or failed payment. Under review: the official clears the
 * decision (review.ts, 公示 and commitment start). Failed at the bank: the commitment stands and
 * the next payment batch re-issues the line with a new attempt (payments.ts); the release is
 * audited. Denied by the employer: the integrity case decides it (refused here).
 */
export async function releasePaymentOnAppeal(
  tx: Db,
  actor: Actor,
  applicationId: string,
  input: { ref: string; note: string },
  clock: Clock = systemClock,
) {
  const d = await lockDecision(tx, applicationId);
  assertCity(actor, d.city_code);
  const today = chinaDate(clock.now());
  const stage = (await applicationHistory(tx, d.person_key))
    .filter((a) => a.application_id === applicationId)
    .map((a) => paymentStage(a, today))[0];
  if (d.decision === 'review') {
    const r = await resolveReview(
      tx,
      actor,
      applicationId,
      'approved',
      `申诉成立 / appeal upheld: ${input.note}`,
      clock,
    );
    return { applicationId, released: 'review_cleared', amountFen: r.amountFen };
  }
  if (stage === 'failed') {
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'payment.appeal.requeue',
          entity: 'decision',
          entityId: applicationId,
          before: { stage },
          after: { stage: 'awaiting_payment', appeal: input.ref, note: input.note },
        },
      ],
      clock,
    );
    return { applicationId, released: 'requeued', amountFen: d.amount_fen };
  }
  if (stage === 'withheld')
    throw new Conflict(
      'DENIED_BY_CONFIRMATION',
      '该补贴因参训确认被否认而暂缓，请在交互比对中处理对应案件',
      'this payment is withheld by a denied confirmation; decide its integrity case',
    );
  throw new Conflict(
    'PAYMENT_NOT_WITHHELD',
    '该补贴的发放未被暂缓或退回',
    'this payment is neither withheld nor failed',
  );
}

/** An approved subsidy in its 公示 period, as the public page shows it (masked, no ID, no person key). */
export interface PublicNoticeRow {
  ref: string;
  person_name: string;
  type: string;
  amount_fen: number;
  city_code: string;
  project_code: string | null;
  project_title: string | null;
  institution_name: string | null;
  approved_on: string;
  notice_until: string;
}

const NOTICE_WHERE = `d.decision = 'approved' AND n.approved_on <= $1::date AND n.notice_until >= $1::date AND ($2::text IS NULL OR d.city_code = $2)`;

/** 公示: approved subsidies whose notice period covers `today`, by city (null: all), newest first. */
export async function publicNotices(
  db: Db,
  q: { today: string; cityCode: string | null; limit: number; offset: number },
): Promise<{ items: PublicNoticeRow[]; total: number }> {
  const items = await db.query<PublicNoticeRow>(
    `SELECT d.application_id AS ref, p.name AS person_name, d.type, d.amount_fen, d.city_code, d.project_code,
            pr.title AS project_title, i.name AS institution_name, n.approved_on, n.notice_until
     FROM public_notices n JOIN decisions d USING (application_id)
     JOIN registry.persons p ON p.person_key = d.person_key
     LEFT JOIN training.projects pr ON pr.project_code = d.project_code
     LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     WHERE ${NOTICE_WHERE}
     ORDER BY n.approved_on DESC, d.application_id LIMIT $3 OFFSET $4`,
    [q.today, q.cityCode, q.limit, q.offset],
  );
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM public_notices n JOIN decisions d USING (application_id) WHERE ${NOTICE_WHERE}`,
    [q.today, q.cityCode],
  );
  return { items, total: n };
}

/** The notice an objection (异议) names, while its period runs (undefined otherwise). */
export async function noticeInPeriod(db: Db, ref: string, today: string) {
  const [row] = await db.query<{
    application_id: string;
    person_key: string;
    city_code: string;
    project_code: string | null;
  }>(
    `SELECT d.application_id, d.person_key, d.city_code, d.project_code FROM public_notices n JOIN decisions d USING (application_id)
     WHERE d.application_id = $3 AND ${NOTICE_WHERE}`,
    [today, null, ref],
  );
  return row;
}
