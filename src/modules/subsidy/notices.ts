import type { Db } from '../../db/client.ts';
import type { Clock } from '../../kernel/clock.ts';
import { formatYuan } from '../../kernel/money.ts';
import { notifyPersons } from '../notify/index.ts';
import { REASONS } from './reasons.ts';
import { APPLICATION_TYPE_NAMES } from './subsidy.labels.ts';

/**
 * What the subsidy module tells workers (docs/notifications.md), in the transaction of the step
 * that caused it, one statement per set of events (settlement decides up to millions: never a
 * statement per decision). Params carry names in words: the programme, the occupation, the reasons.
 * They are built here, in Node, and reach the INSERT as one JSON array: building them in SQL
 * (jsonb per row, a subquery per reason list) was settlement's largest write (bench/RESULTS.md).
 */

/** What 补贴审核结果 says about one decision. */
export interface DecidedNotice {
  personKey: string;
  applicationId: string;
  decision: 'approved' | 'rejected' | 'review';
  type: string;
  amountFen: number;
  reasons: string[];
  /** The certificate's occupation in words (null when it has none). */
  occupationName: string | null;
  /** An approval's 公示 period, when this notice tells it (then no separate 公示开始 is sent). */
  publicity?: { from: string; until: string } | null;
}

/** What 公示开始 says about one approval. */
export interface PublicityNotice {
  personKey: string;
  applicationId: string;
  type: string;
  amountFen: number;
  from: string;
  until: string;
}

type Named = Record<string, { zh: string; en: string } | undefined>;
const programs: Named = APPLICATION_TYPE_NAMES;
const reasonNames: Named = REASONS;

/** The programme's name and the amount in yuan (two decimals, as to_char 'FM999999990.00'). */
const common = (type: string, amountFen: number) => ({
  program: programs[type]?.zh ?? null,
  programEn: programs[type]?.en ?? null,
  amountYuan: formatYuan(amountFen),
});

/** The params of 补贴审核结果: reasons in words (a code without words as itself), only when rejected. */
export function decidedParams(d: DecidedNotice) {
  const rejected = d.decision === 'rejected';
  return {
    decision: d.decision,
    occupation: d.occupationName,
    ...common(d.type, d.amountFen),
    reasons: rejected ? d.reasons.map((r) => reasonNames[r]?.zh ?? r) : null,
    reasonsEn: rejected ? d.reasons.map((r) => reasonNames[r]?.en ?? r) : null,
    ...(d.decision === 'approved' && d.publicity ? { from: d.publicity.from, until: d.publicity.until } : {}),
  };
}

export function publicityParams(n: PublicityNotice) {
  return { ...common(n.type, n.amountFen), from: n.from, until: n.until };
}

/** Rows of (recipient, event_key, params) as one jsonb array param: one statement however many. */
const fromJson = (rows: { recipient: string; eventKey: string; params: unknown }[]) => ({
  sql: `SELECT r ->> 'recipient' AS recipient, r ->> 'eventKey' AS event_key, '/me' AS link, r -> 'params' AS params
        FROM jsonb_array_elements($1::jsonb) r`,
  params: [JSON.stringify(rows)],
});

/** 补贴审核结果 to each applicant whose application was approved or rejected (review waits for its outcome). */
export async function noticeDecided(tx: Db, decided: DecidedNotice[], clock?: Clock) {
  const told = decided.filter((d) => d.decision !== 'review');
  if (told.length === 0) return;
  await notifyPersons(
    tx,
    'subsidy_decided',
    fromJson(
      told.map((d) => ({
        recipient: d.personKey,
        eventKey: `subsidy_decided:${d.applicationId}:${d.decision}`,
        params: decidedParams(d),
      })),
    ),
    clock,
  );
}

/** As `noticeDecided`, for decisions already written (an official's review): read back first, with an approval's 公示 period. */
export async function noticeDecisions(tx: Db, applicationIds: string[], clock?: Clock) {
  if (applicationIds.length === 0) return;
  const rows = await tx.query<{
    person_key: string;
    application_id: string;
    decision: DecidedNotice['decision'];
    type: string;
    amount_fen: string | number;
    reasons: string[] | null;
    occupation_name: string | null;
    from: string | null;
    until: string | null;
  }>(
    `SELECT d.person_key, d.application_id, d.decision, d.type, d.amount_fen, d.reasons, o.name AS occupation_name,
            n.approved_on::text AS "from", n.notice_until::text AS until
     FROM decisions d LEFT JOIN catalog.occupations o ON o.code = d.occupation_code
       LEFT JOIN public_notices n ON n.application_id = d.application_id
     WHERE d.application_id = ANY($1::text[])`,
    [applicationIds],
  );
  await noticeDecided(
    tx,
    rows.map((r) => ({
      personKey: r.person_key,
      applicationId: r.application_id,
      decision: r.decision,
      type: r.type,
      amountFen: Number(r.amount_fen),
      reasons: r.reasons ?? [],
      occupationName: r.occupation_name,
      publicity: r.from && r.until ? { from: r.from, until: r.until } : null,
    })),
    clock,
  );
}

/** 公示开始 to each applicant whose approved subsidy entered its notice period. */
export async function noticePublicityOf(tx: Db, notices: PublicityNotice[], clock?: Clock) {
  if (notices.length === 0) return;
  await notifyPersons(
    tx,
    'publicity_started',
    fromJson(
      notices.map((n) => ({
        recipient: n.personKey,
        eventKey: `publicity_started:${n.applicationId}`,
        params: publicityParams(n),
      })),
    ),
    clock,
  );
}

/** As `noticePublicityOf`, read back from the notice periods and decisions (a project claim has none: no one is told). */
export async function noticePublicity(tx: Db, applicationIds: string[], clock?: Clock) {
  if (applicationIds.length === 0) return;
  const rows = await tx.query<{
    person_key: string;
    application_id: string;
    type: string;
    amount_fen: string | number;
    from: string;
    until: string;
  }>(
    `SELECT d.person_key, d.application_id, d.type, d.amount_fen, n.approved_on::text AS "from", n.notice_until::text AS until
     FROM public_notices n JOIN decisions d ON d.application_id = n.application_id
     WHERE n.application_id = ANY($1::text[])`,
    [applicationIds],
  );
  await noticePublicityOf(
    tx,
    rows.map((r) => ({
      personKey: r.person_key,
      applicationId: r.application_id,
      type: r.type,
      amountFen: Number(r.amount_fen),
      from: r.from,
      until: r.until,
    })),
    clock,
  );
}

/** 补贴已发放 / 发放失败 to the person a payment line paid (lines paying an institution tell no worker). */
export async function noticePayment(tx: Db, lineId: number, clock?: Clock) {
  await notifyPersons(tx, 'payment_sent', paymentSource(lineId, 'paid'), clock);
  await notifyPersons(tx, 'payment_failed', paymentSource(lineId, 'failed'), clock);
}

/** The programme's name and the amount in yuan, as jsonb_build_object arguments over `l` (payment lines). */
const COMMON_SQL = `'program', $2::jsonb -> d.type ->> 'zh', 'programEn', $2::jsonb -> d.type ->> 'en',
  'amountYuan', to_char(l.amount_fen / 100.0, 'FM999999990.00')`;

const paymentSource = (lineId: number, status: 'paid' | 'failed') => ({
  sql: `SELECT l.payee_key AS recipient, '${status === 'paid' ? 'payment_sent' : 'payment_failed'}:' || l.idempotency_key AS event_key, '/me' AS link,
          jsonb_build_object(${COMMON_SQL}, 'reason', l.failure_reason) AS params
        FROM payment_lines l JOIN decisions d ON d.application_id = l.application_id
        WHERE l.id = $1 AND l.payee_kind = 'person' AND l.status = '${status}'`,
  params: [lineId, JSON.stringify(APPLICATION_TYPE_NAMES)],
});
