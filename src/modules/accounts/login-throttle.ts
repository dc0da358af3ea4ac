import type { Db } from '../../db/client.ts';

/** One counter of failed sign-ins: `account:<username>` or `address:<client ip>`. */
export interface ThrottleRule {
  key: string;
  /** Failures allowed within the window; the attempt that reaches it locks the key. */
  limit: number;
  minutes: number;
}

/**
 * Claims one attempt for `rule.key` before the password is checked, in one atomic upsert: the
 * row lock serialises parallel attempts, so at most `limit` of them are ever let through per
 * window, however many arrive at once. Returns the attempt's number, or null when the key is
 * locked. A lock or a window that has run out starts a new count. The attempt that reaches the
 * limit already sets the lock (a crashed process cannot leave the key half-counted); a correct
 * password then lifts it again (`forgiveAttempt`).
 */
export async function claimAttempt(
  db: Db,
  rule: ThrottleRule,
  now: Date,
): Promise<{ attempt: number; locks: boolean } | null> {
  const windowEnd = new Date(now.getTime() + rule.minutes * 60_000);
  const windowStartedAfter = new Date(now.getTime() - rule.minutes * 60_000);
  const [row] = await db.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
     VALUES ($1, 1, $3, CASE WHEN 1 >= $2 THEN $4::timestamptz END)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.locked_until <= $3 OR (t.locked_until IS NULL AND t.window_start <= $5) THEN 1 ELSE t.failures + 1 END,
       window_start = CASE WHEN t.locked_until <= $3 OR (t.locked_until IS NULL AND t.window_start <= $5) THEN $3 ELSE t.window_start END,
       locked_until = CASE WHEN (CASE WHEN t.locked_until <= $3 OR (t.locked_until IS NULL AND t.window_start <= $5) THEN 1 ELSE t.failures + 1 END) >= $2
                           THEN $4::timestamptz END
     WHERE t.locked_until IS NULL OR t.locked_until <= $3
     RETURNING failures, locked_until`,
    [rule.key, rule.limit, now, windowEnd, windowStartedAfter],
  );
  return row ? { attempt: row.failures, locks: row.locked_until !== null } : null;
}

/** The account's count and lock end after a correct password. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}

/**
 * Gives back the one attempt a successful sign-in claimed from its address (and the lock, if that
 * attempt set it), and no more: a valid account of one's own must not wash out the address's
 * other failures.
 */
export async function forgiveAttempt(db: Db, key: string, claimed: { locks: boolean }): Promise<void> {
  await db.query(
    `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
       locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END WHERE key = $1`,
    [key, claimed.locks],
  );
}
