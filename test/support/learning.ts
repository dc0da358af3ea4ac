import type { Db } from '../../src/db/client.ts';
import { newId } from '../../src/kernel/ids.ts';

/** The session rules the learning tests store (heartbeat every 30 s; re-checks far apart). */
const RULES = {
  heartbeatSeconds: 30,
  graceSeconds: 5,
  checkMinSeconds: 600,
  checkMaxSeconds: 1200,
  checkAnswerSeconds: 180,
  checkTries: 3,
};

/**
 * A learner session on `moduleId` started at `startMs`, with a heartbeat every 30 s, playing and
 * visible at 1×, for `ms` (no re-check due within a year). Its id, for checks the test adds.
 */
export async function recordOnlineLearning(
  db: Db,
  s: { personKey: string; moduleId: string; enrolment: string; startMs: number; ms: number },
): Promise<string> {
  const session = newId();
  await db.query(
    `INSERT INTO learning_sessions (id, person_key, module_id, enrolment, started_at, rules, next_check_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      session,
      s.personKey,
      s.moduleId,
      s.enrolment,
      new Date(s.startMs),
      JSON.stringify(RULES),
      new Date(s.startMs + 365 * 24 * 3_600_000),
    ],
  );
  for (let seq = 0; seq * 30_000 <= s.ms; seq++)
    await db.query(
      `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing)
       VALUES ($1, $2, $3, $4, $4, $5, 1, true, true, true)`,
      [session, seq, s.personKey, new Date(s.startMs + seq * 30_000), seq * 30],
    );
  return session;
}
