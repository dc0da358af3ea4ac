import type { Db } from '../../db/client.ts';
import type { Clock } from '../../kernel/clock.ts';
import { notifyPersons } from '../notify/index.ts';
import { REASONS } from './reasons.ts';
import { APPLICATION_TYPE_NAMES } from './subsidy.labels.ts';

/**
 * What the subsidy module tells workers (docs/notifications.md), in the transaction of the step
 * that caused it, one statement per set of events (settlement decides up to millions: never a
 * statement per decision). Params carry names in words: the programme, the occupation, the reasons.
 */

/** The programme's name, the amount in yuan and the occupation's name, as jsonb_build_object arguments over `d` and `o`. */
const COMMON = `'program', $2::jsonb -> d.type ->> 'zh', 'programEn', $2::jsonb -> d.type ->> 'en',
  'amountYuan', to_char(d.amount_fen / 100.0, 'FM999999990.00')`;

/** 补贴审核结果 to each applicant whose application was approved or rejected (review waits for its outcome). */
export async function noticeDecisions(tx: Db, applicationIds: string[], clock?: Clock) {
  if (applicationIds.length === 0) return;
  await notifyPersons(
    tx,
    'subsidy_decided',
    {
      sql: `SELECT d.person_key AS recipient, 'subsidy_decided:' || d.application_id || ':' || d.decision AS event_key, '/me' AS link,
              jsonb_build_object('decision', d.decision, 'occupation', o.name, ${COMMON},
                'reasons', CASE WHEN d.decision = 'rejected' THEN
                  (SELECT COALESCE(jsonb_agg(COALESCE($3::jsonb -> r ->> 'zh', r)), '[]'::jsonb) FROM unnest(d.reasons) r) END,
                'reasonsEn', CASE WHEN d.decision = 'rejected' THEN
                  (SELECT COALESCE(jsonb_agg(COALESCE($3::jsonb -> r ->> 'en', r)), '[]'::jsonb) FROM unnest(d.reasons) r) END) AS params
            FROM decisions d LEFT JOIN catalog.occupations o ON o.code = d.occupation_code
            WHERE d.application_id = ANY($1::text[]) AND d.decision IN ('approved', 'rejected')`,
      params: [applicationIds, JSON.stringify(APPLICATION_TYPE_NAMES), JSON.stringify(REASONS)],
    },
    clock,
  );
}

/** 公示开始 to each applicant whose approved subsidy entered its notice period. */
export async function noticePublicity(tx: Db, applicationIds: string[], clock?: Clock) {
  if (applicationIds.length === 0) return;
  await notifyPersons(
    tx,
    'publicity_started',
    {
      sql: `SELECT d.person_key AS recipient, 'publicity_started:' || d.application_id AS event_key, '/me' AS link,
              jsonb_build_object(${COMMON}, 'from', n.approved_on::text, 'until', n.notice_until::text) AS params
            FROM public_notices n JOIN decisions d ON d.application_id = n.application_id
            WHERE n.application_id = ANY($1::text[])`,
      params: [applicationIds, JSON.stringify(APPLICATION_TYPE_NAMES)],
    },
    clock,
  );
}

/** 补贴已发放 / 发放失败 to the person a payment line paid (lines paying an institution tell no worker). */
export async function noticePayment(tx: Db, lineId: number, clock?: Clock) {
  await notifyPersons(tx, 'payment_sent', paymentSource(lineId, 'paid'), clock);
  await notifyPersons(tx, 'payment_failed', paymentSource(lineId, 'failed'), clock);
}

const paymentSource = (lineId: number, status: 'paid' | 'failed') => ({
  sql: `SELECT l.payee_key AS recipient, '${status === 'paid' ? 'payment_sent' : 'payment_failed'}:' || l.idempotency_key AS event_key, '/me' AS link,
          jsonb_build_object(${COMMON.replace('d.amount_fen', 'l.amount_fen')}, 'reason', l.failure_reason) AS params
        FROM payment_lines l JOIN decisions d ON d.application_id = l.application_id
        WHERE l.id = $1 AND l.payee_kind = 'person' AND l.status = '${status}'`,
  params: [lineId, JSON.stringify(APPLICATION_TYPE_NAMES)],
});
