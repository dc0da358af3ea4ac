import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { NotFound, Unauthenticated } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { moduleRow } from './courses.ts';
import { checkView, openCheckFor } from './rechecks.ts';
import { nextCheckAt, type SessionRules } from './session-rules.ts';
import { learningParams } from './learning-params.ts';
import { enrolmentFor, type TLearningParams } from './learning.policy.ts';
import type { TLearningCheck, THeartbeat } from './learning.schema.ts';

/**
 * 学习会话 (docs/online-learning.md § Learner sessions): a signed token bound to one person, one
 * module and one enrolment. Heartbeats carry it; the server stores each heartbeat as received and
 * decides nothing else from it then — valid time is computed later from the stored rows.
 */

/** What a session token carries, signed. */
export interface SessionClaims {
  s: string;
  p: string;
  m: string;
  e: string;
}

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`learning-session:${body}`).digest('base64url');

export function signSession(secret: string, claims: SessionClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

const BAD_TOKEN = () =>
  new Unauthenticated(
    'BAD_LEARNING_SESSION',
    '学习会话无效，请重新进入课程',
    'the learning session is not valid: open the module again',
  );

/** The claims of a token this server signed, or a refusal (tampered, foreign or malformed). */
export function verifySession(secret: string, token: string): SessionClaims {
  const [body, mac] = token.split('.');
  if (!body || !mac) throw BAD_TOKEN();
  const want = Buffer.from(sign(secret, body));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw BAD_TOKEN();
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionClaims;
    if (typeof c.s !== 'string' || typeof c.p !== 'string' || typeof c.m !== 'string' || typeof c.e !== 'string')
      throw BAD_TOKEN();
    return c;
  } catch {
    throw BAD_TOKEN();
  }
}

/** The projects a person is enrolled in (training module's published view). */
export async function enrolledProjects(db: Db, personKey: string): Promise<Set<string>> {
  const rows = await db.query<{ project_code: string }>(
    'SELECT project_code FROM training.enrolments WHERE person_key = $1',
    [personKey],
  );
  return new Set(rows.map((r) => r.project_code));
}

/** The rules a new session keeps from the policy in force. */
export const sessionRules = (params: TLearningParams): SessionRules => ({
  heartbeatSeconds: params.heartbeatSeconds,
  graceSeconds: params.graceSeconds,
  checkMinSeconds: params.checkMinSeconds,
  checkMaxSeconds: params.checkMaxSeconds,
  checkAnswerSeconds: params.checkAnswerSeconds,
  checkTries: params.checkTries,
});

/**
 * Starts a learner session on a module the worker may learn (a public course, or a course of a
 * project they are enrolled in); returns its signed token and the quiz without its answers.
 */
export async function startSession(db: Db, actor: Actor, moduleId: string, secret: string, clock: Clock = systemClock) {
  const m = await moduleRow(db, moduleId);
  if (!m || m.retired_at) throw new NotFound({ zh: '课程模块', en: 'course module' }); // retired: gone for learners
  const enrolment = enrolmentFor(
    actor,
    m.course,
    actor.personKey ? await enrolledProjects(db, actor.personKey) : new Set(),
  );
  const params = await learningParams(db);
  const rules = sessionRules(params);
  const id = newId();
  const now = clock.now();
  await db.query(
    `INSERT INTO learning_sessions (id, person_key, module_id, enrolment, started_at, rules, next_check_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [id, actor.personKey, moduleId, enrolment, now, JSON.stringify(rules), nextCheckAt(now, rules)],
  );
  const questions = await db.query<{ n: number; prompt: string; choices: string[] }>(
    'SELECT n, prompt, choices FROM learning_questions WHERE module_id = $1 ORDER BY n',
    [moduleId],
  );
  return {
    sessionId: id,
    token: signSession(secret, { s: id, p: actor.personKey!, m: moduleId, e: enrolment }),
    heartbeatSeconds: params.heartbeatSeconds,
    maxRate: params.maxRate,
    questions,
  };
}

/**
 * Stores one heartbeat (a replayed one — same session and seq — is stored once) and, when the
 * session's random re-check moment has come, issues the identity re-check the player must show.
 */
export async function recordHeartbeat(
  db: Db,
  secret: string,
  beat: THeartbeat & { event?: 'beat' | 'join' | 'leave' },
  clock: Clock = systemClock,
): Promise<{ ok: true; check: TLearningCheck | null }> {
  const claims = verifySession(secret, beat.token);
  const now = clock.now();
  // A module's token reports module heartbeats, a live class's live events (a crossed one is refused).
  const live = beat.event !== undefined;
  // One round trip, one write: the session's check moment is read and the heartbeat appended together.
  const [session] = await db.query<{ next_check_at: Date; rules: SessionRules }>(
    `WITH s AS (SELECT next_check_at, rules FROM learning_sessions WHERE id = $1 AND (live_class_id IS NOT NULL) = $12),
          beat AS (
            INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing, event)
            SELECT $1::uuid, $2::int, $3::text, $4::timestamptz, $5::timestamptz, $6::float8, $7::float8, $8::boolean, $9::boolean, $10::boolean, $11::text FROM s
            ON CONFLICT (session_id, seq) DO NOTHING)
     SELECT next_check_at, rules FROM s`,
    [
      claims.s,
      beat.seq,
      claims.p,
      now,
      new Date(beat.clientAt),
      beat.positionSeconds,
      beat.rate,
      beat.visible,
      beat.focused,
      beat.playing,
      beat.event ?? 'beat',
      live,
    ],
  );
  if (!session) throw BAD_TOKEN();
  if (new Date(session.next_check_at) > now) return { ok: true, check: null };
  const check = await openCheckFor(db, { sessionId: claims.s, personKey: claims.p, rules: session.rules }, now);
  return { ok: true, check: check && (await checkView(db, check, now)) };
}

export type { TLearningParams };
