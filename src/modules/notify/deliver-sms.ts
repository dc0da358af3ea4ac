import type { Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { SmsSendError, type SmsSender } from '../../kernel/sms.ts';
import { smsParams, URGENT_KINDS, type NoticeParams } from './kinds.ts';
import { inQuietHours, quietHoursEnd } from './quiet-hours.ts';

export interface DeliverOptions {
  clock?: Clock;
  /** Deliveries sent by one run at most (the job runs every minute). */
  limit?: number;
  /** Attempts before a retryable failure is given up as failed. */
  maxAttempts?: number;
  /** Wait before attempt n+1 after a retryable failure of attempt n (default 1, 2, 4 … minutes, at most 1 hour). */
  backoffMs?: (attempts: number) => number;
}

export interface DeliverResult {
  sent: number;
  retried: number;
  failed: number;
  /** Non-urgent messages due in quiet hours, moved to 08:00. */
  held: number;
}

/** A delivery claimed by a run that never finished (the process died mid-send) is queued again after this. */
const STALE_SENDING_MS = 15 * 60_000;

/**
 * The `notices-sms` job: sends the queued SMS that are due, one by one, through the configured
 * channel, outside any request. A retryable failure (network, 5xx, throttling) is queued again
 * with a growing wait until `maxAttempts`; any other is marked failed with the provider's
 * message. In quiet hours (21:00–08:00) non-urgent messages wait for 08:00. A delivery is claimed
 * (`sending`) before the call, so two runs never send the same message.
 */
export async function deliverQueuedSms(db: Db, sender: SmsSender, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const maxAttempts = opts.maxAttempts ?? 5;
  const backoff = opts.backoffMs ?? ((n: number) => Math.min(60_000 * 2 ** (n - 1), 3_600_000));
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0, held: 0 };

  await db.query(`UPDATE sms_deliveries SET status = 'queued' WHERE status = 'sending' AND next_attempt_at < $1`, [
    new Date(now.getTime() - STALE_SENDING_MS),
  ]);
  if (inQuietHours(now)) {
    const held = await db.query(
      `UPDATE sms_deliveries SET next_attempt_at = $2
       WHERE status = 'queued' AND next_attempt_at <= $1 AND NOT (template = ANY($3::text[])) RETURNING id`,
      [now, quietHoursEnd(now), URGENT_KINDS],
    );
    result.held = held.length;
  }
  const claimed = await db.query<{
    id: number;
    phone: string;
    template: string;
    params: NoticeParams;
    attempts: number;
  }>(
    `UPDATE sms_deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1
     WHERE id IN (SELECT id FROM sms_deliveries WHERE status = 'queued' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, phone, template, params, attempts`,
    [now, opts.limit ?? 500],
  );
  claimed.sort((a, b) => Number(a.id) - Number(b.id));
  for (const d of claimed) {
    try {
      const r = await sender.send({ phone: d.phone, template: d.template, params: smsParams(d.params) });
      await db.query(
        `UPDATE sms_deliveries SET status = 'sent', provider_id = $2, sent_at = $3, last_error = NULL WHERE id = $1`,
        [d.id, r.providerId, clock.now()],
      );
      result.sent++;
    } catch (e) {
      const retryable = !(e instanceof SmsSendError) || e.retryable;
      const message = (e as Error).message.slice(0, 500);
      if (retryable && d.attempts < maxAttempts) {
        await db.query(
          `UPDATE sms_deliveries SET status = 'queued', next_attempt_at = $2, last_error = $3 WHERE id = $1`,
          [d.id, new Date(clock.now().getTime() + backoff(d.attempts)), message],
        );
        result.retried++;
      } else {
        await db.query(`UPDATE sms_deliveries SET status = 'failed', last_error = $2 WHERE id = $1`, [d.id, message]);
        result.failed++;
      }
    }
  }
  return result;
}

/** The SMS deliveries of a notice's kind by status (operations, tests). */
export async function smsDeliveryCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM sms_deliveries GROUP BY status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
