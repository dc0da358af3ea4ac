import type { Db } from '../../db/client.ts';
import { assertCity, cityScope, type Actor, actorName } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { describeFlag } from '../integrity/index.ts';
import { onApproved } from './approval.ts';
import type { TReviewItem } from './subsidy.schema.ts';
import { noticeDecisions } from './notices.ts';

/** The review queue (待复核): decisions withheld for integrity flags, with their evidence. */
export async function reviewQueue(db: Db, actor: Actor): Promise<TReviewItem[]> {
  // A shared phone's evidence counts the persons it checked in for that session (the flag's own detail is a note).
  const rows = await db.query<
    Omit<TReviewItem, 'evidence'> & {
      evidence:
        | { code: string; session_no: number; device_id: string | null; detail: string; persons: number | null }[]
        | null;
    }
  >(
    `SELECT d.application_id, d.type, d.applied_on, d.project_code, d.amount_fen, d.reasons, d.city_code, p.name AS person_name, p.id_masked,
            (SELECT json_agg(json_build_object('code', f.code, 'session_no', f.session_no, 'device_id', f.device_id, 'detail', f.detail,
                    'persons', CASE WHEN f.code = 'PROXY_DEVICE' THEN
                      (SELECT count(DISTINCT a.person_key) FROM training.attendance a
                       WHERE a.project_code = f.project_code AND a.session_no = f.session_no AND a.device_id = f.device_id) END)
                    ORDER BY f.session_no)
             FROM integrity.flags f WHERE f.person_key = d.person_key AND f.project_code = d.project_code) AS evidence
     FROM decisions d JOIN registry.persons p ON p.person_key = d.person_key
     ${REVIEW_QUEUE_WHERE}
     ORDER BY d.applied_on, d.application_id`,
    [cityScope(actor)],
  );
  return rows.map((r) => ({
    ...r,
    evidence:
      r.evidence?.map((e) => ({
        ...e,
        ...describeFlag({ code: e.code, sessionNo: e.session_no, deviceId: e.device_id, persons: e.persons }),
      })) ?? null,
  }));
}

/** Which decisions wait for review in the caller's city ($1; null: the province). */
const REVIEW_QUEUE_WHERE = `WHERE d.decision = 'review' AND ($1::text IS NULL OR d.city_code = $1)`;

/** How many decisions the review queue holds for this caller (its rows, counted). */
export async function countReviewQueue(db: Db, actor: Actor): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM decisions d JOIN registry.persons p ON p.person_key = d.person_key ${REVIEW_QUEUE_WHERE}`,
    [cityScope(actor)],
  );
  return n;
}

/**
 * An official clears (→ approved, notice and commitment start) or rejects a decision under
 * review, always with a reason; audited with before and after.
 */
export async function resolveReview(
  db: Db,
  actor: Actor,
  applicationId: string,
  outcome: 'approved' | 'rejected',
  note: string,
  clock: Clock = systemClock,
) {
  if (note.trim().length < 2) throw new Invalid('REASON_REQUIRED', '请填写复核意见', 'a reason is required');
  return db.transaction(async (tx) => {
    const [d] = await tx.query<{
      decision: string;
      city_code: string;
      type: string;
      applied_on: string;
      amount_fen: number;
      reasons: string[];
    }>(
      'SELECT decision, city_code, type, applied_on, amount_fen, reasons FROM decisions WHERE application_id = $1 FOR UPDATE',
      [applicationId],
    );
    if (!d) throw new NotFound({ zh: `补贴决定 ${applicationId}`, en: `decision ${applicationId}` });
    assertCity(actor, d.city_code);
    if (d.decision !== 'review')
      throw new Conflict('NOT_UNDER_REVIEW', '该申请不在复核中', 'this application is not under review');
    const now = clock.now();
    const amount = outcome === 'approved' ? d.amount_fen : 0;
    await tx.query('UPDATE decisions SET decision = $2, amount_fen = $3 WHERE application_id = $1', [
      applicationId,
      outcome,
      amount,
    ]);
    await tx.query(
      'INSERT INTO decision_reviews (application_id, outcome, note, reviewer, reviewed_at) VALUES ($1,$2,$3,$4,$5)',
      [applicationId, outcome, note, actorName(actor), now],
    );
    if (outcome === 'approved')
      await onApproved(
        tx,
        [{ applicationId, type: d.type, appliedOn: d.applied_on, cityCode: d.city_code, amountFen: amount }],
        now,
        undefined,
        // The decision's notice below tells the 公示 period (read back with the decision).
        { toldWithDecision: true },
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `decision.review.${outcome}`,
          entity: 'decision',
          entityId: applicationId,
          before: { decision: 'review', reasons: d.reasons, amount_fen: d.amount_fen },
          after: { decision: outcome, amount_fen: amount, note },
        },
      ],
      clock,
    );
    await noticeDecisions(tx, [applicationId], clock);
    return { applicationId, decision: outcome, amountFen: amount };
  });
}
