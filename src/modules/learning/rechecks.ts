import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorName, type Actor, type Device } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, NotFound, Unavailable } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { maskPhone } from '../../kernel/pii.ts';
import type { SmsSender } from '../../kernel/sms.ts';
import { recordAudit } from '../audit/index.ts';
import { nextCheckAt, type SessionRules } from './session-rules.ts';
import { assertMayAttestFace } from './learning.policy.ts';
import type { TLearningCheck } from './learning.schema.ts';

/**
 * 身份核验 during online learning (docs/online-learning.md § Re-checks): at a random moment of a
 * session the server asks the learner to prove they are the enrolled person, by a one-time SMS code
 * to the registry's phone (fallback) or a face match from a registered device. A failed, skipped or
 * lapsed check voids the person's time since their last passed one (valid-time.ts).
 */

export type CheckRow = {
  id: string;
  session_id: string;
  person_key: string;
  issued_at: Date;
  due_at: Date;
  status: 'pending' | 'passed' | 'failed' | 'expired';
  code_hash: string | null;
  tries: number;
  rules: SessionRules;
};

const CHECK_SELECT = `SELECT c.id, c.session_id, c.person_key, c.issued_at, c.due_at, c.status, c.code_hash, c.tries, s.rules
  FROM learning_checks c JOIN learning_sessions s ON s.id = c.session_id`;

/** Marks a pending check whose answer time ran out as expired and schedules the session's next one. */
async function expire(db: Db, c: CheckRow): Promise<void> {
  const due = new Date(c.due_at);
  const done = await db.query(
    `UPDATE learning_checks SET status = 'expired', resolved_at = due_at WHERE id = $1 AND status = 'pending' RETURNING id`,
    [c.id],
  );
  if (done.length)
    await db.query('UPDATE learning_sessions SET next_check_at = $2 WHERE id = $1', [
      c.session_id,
      nextCheckAt(due, c.rules),
    ]);
}

/**
 * The session's open re-check, issuing one when none is pending; a pending one past its time is
 * expired first (and the next comes at a new random moment).
 */
export async function openCheckFor(
  db: Db,
  s: { sessionId: string; personKey: string; rules: SessionRules },
  now: Date,
): Promise<CheckRow | null> {
  const [pending] = await db.query<CheckRow>(`${CHECK_SELECT} WHERE c.session_id = $1 AND c.status = 'pending'`, [
    s.sessionId,
  ]);
  if (pending) {
    if (new Date(pending.due_at) >= now) return pending;
    await expire(db, pending);
    return null;
  }
  await db.query(
    `INSERT INTO learning_checks (id, session_id, person_key, issued_at, due_at) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (session_id) WHERE status = 'pending' DO NOTHING`,
    [newId(), s.sessionId, s.personKey, now, new Date(now.getTime() + s.rules.checkAnswerSeconds * 1000)],
  );
  const [fresh] = await db.query<CheckRow>(`${CHECK_SELECT} WHERE c.session_id = $1 AND c.status = 'pending'`, [
    s.sessionId,
  ]);
  return fresh ?? null;
}

async function phoneOf(db: Db, personKey: string): Promise<string | null> {
  const [p] = await db.query<{ phone: string | null }>('SELECT phone FROM registry.persons WHERE person_key = $1', [
    personKey,
  ]);
  return p?.phone ?? null;
}

/** A check as the learner sees it: the phone masked, never the code. */
export async function checkView(db: Db, c: CheckRow, now: Date): Promise<TLearningCheck> {
  const phone = await phoneOf(db, c.person_key);
  const status = c.status === 'pending' && new Date(c.due_at) < now ? 'expired' : c.status;
  return {
    id: c.id,
    status,
    dueAt: new Date(c.due_at),
    phoneMasked: phone ? maskPhone(phone) : null,
    codeSent: c.code_hash !== null,
    triesLeft: Math.max(0, c.rules.checkTries - c.tries),
  };
}

const codeHash = (secret: string, checkId: string, code: string) =>
  createHmac('sha256', secret).update(`learning-check:${checkId}:${code}`).digest('hex');

/** The learner's own pending check, still answerable; a lapsed one is recorded as expired and refused. */
async function answerableCheck(db: Db, personKey: string | null, id: string, now: Date): Promise<CheckRow> {
  const [c] = await db.query<CheckRow>(`${CHECK_SELECT} WHERE c.id = $1`, [id]);
  if (!c || (personKey !== null && c.person_key !== personKey))
    throw new NotFound({ zh: '身份核验', en: 'identity check' });
  if (c.status !== 'pending') throw new Conflict('CHECK_DECIDED', '该次核验已结束', 'this identity check is over');
  if (new Date(c.due_at) < now) {
    await expire(db, c);
    throw new Conflict(
      'CHECK_EXPIRED',
      '核验已超时，上次核验后的学时不计',
      'the check lapsed: time since the last passed check does not count',
    );
  }
  return c;
}

/** Ends a check (passed or failed), audited, and schedules the session's next one. */
async function decide(
  db: Db,
  c: CheckRow,
  status: 'passed' | 'failed',
  method: string,
  actor: string,
  now: Date,
  clock: Clock,
) {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE learning_checks SET status = $2, method = $3, resolved_at = $4 WHERE id = $1', [
      c.id,
      status,
      method,
      now,
    ]);
    await tx.query('UPDATE learning_sessions SET next_check_at = $2 WHERE id = $1', [
      c.session_id,
      nextCheckAt(now, c.rules),
    ]);
    await recordAudit(
      tx,
      [{ actor, action: `learning.check.${status}`, entity: 'learning_check', entityId: c.id, after: { method } }],
      clock,
    );
  });
}

/** Sends the learner a one-time code for their check, to the phone the registry holds. */
export async function sendCheckCode(
  db: Db,
  sms: SmsSender,
  actor: Actor,
  id: string,
  secret: string,
  clock: Clock = systemClock,
): Promise<TLearningCheck> {
  const now = clock.now();
  const c = await answerableCheck(db, actor.personKey, id, now);
  const phone = await phoneOf(db, c.person_key);
  if (!phone)
    throw new Invalid(
      'NO_PHONE',
      '登记信息中没有手机号，请用人脸核验',
      'no phone number is registered: use the face check',
      { field: 'method' },
    );
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.query('UPDATE learning_checks SET code_hash = $2 WHERE id = $1', [id, codeHash(secret, id, code)]);
  const minutes = String(Math.max(1, Math.ceil((new Date(c.due_at).getTime() - now.getTime()) / 60_000)));
  try {
    await sms.send({ phone, template: 'otp', params: { code, minutes } });
  } catch {
    throw new Unavailable(
      'SMS_FAILED',
      '短信发送失败，请稍后再试或用人脸核验',
      'the SMS could not be sent; try again or use the face check',
    );
  }
  return checkView(db, { ...c, code_hash: 'sent' }, now);
}

/** The learner answers with the code: right passes; wrong uses a try, and the last wrong try fails the check. */
export async function answerCheck(
  db: Db,
  actor: Actor,
  id: string,
  code: string,
  secret: string,
  clock: Clock = systemClock,
): Promise<TLearningCheck> {
  const now = clock.now();
  const c = await answerableCheck(db, actor.personKey, id, now);
  if (!c.code_hash)
    throw new Invalid('CODE_NOT_SENT', '请先获取短信验证码', 'ask for the SMS code first', { field: 'code' });
  const want = Buffer.from(c.code_hash);
  const got = Buffer.from(codeHash(secret, id, code.trim()));
  if (want.length === got.length && timingSafeEqual(want, got)) {
    await decide(db, c, 'passed', 'sms', actorName(actor), now, clock);
    return checkView(db, { ...c, status: 'passed' }, now);
  }
  const tries = c.tries + 1;
  await db.query('UPDATE learning_checks SET tries = $2 WHERE id = $1', [id, tries]);
  if (tries >= c.rules.checkTries) {
    await decide(db, c, 'failed', 'sms', actorName(actor), now, clock);
    return checkView(db, { ...c, tries, status: 'failed' }, now);
  }
  throw new Invalid(
    'WRONG_CODE',
    `验证码不正确，还可以再试 ${c.rules.checkTries - tries} 次`,
    `wrong code: ${c.rules.checkTries - tries} tries left`,
    {
      field: 'code',
    },
  );
}

/** The learner cannot answer now: the check fails at once (time since the last passed check is void). */
export async function skipCheck(db: Db, actor: Actor, id: string, clock: Clock = systemClock): Promise<TLearningCheck> {
  const now = clock.now();
  const c = await answerableCheck(db, actor.personKey, id, now);
  await decide(db, c, 'failed', 'skipped', actorName(actor), now, clock);
  return checkView(db, { ...c, status: 'failed' }, now);
}

/** A registered device reports its face match for the check (the same device API as classrooms). */
export async function recordFaceResult(
  db: Db,
  device: Device,
  id: string,
  match: boolean,
  clock: Clock = systemClock,
): Promise<TLearningCheck> {
  const now = clock.now();
  const c = await answerableCheck(db, null, id, now);
  const [course] = await db.query<{
    owner_kind: string;
    owner_code: string | null;
    project_institution: string | null;
  }>(
    // A module's course, or a live class (直播课: its institution's own project).
    `SELECT COALESCE(c.owner_kind, 'institution') AS owner_kind, COALESCE(c.owner_code, l.institution_code) AS owner_code,
            p.institution_code AS project_institution
       FROM learning_sessions s
       LEFT JOIN learning_modules m ON m.id = s.module_id LEFT JOIN learning_courses c ON c.id = m.course_id
       LEFT JOIN learning_live_classes l ON l.id = s.live_class_id
       LEFT JOIN training.projects p ON p.project_code = COALESCE(c.project_code, l.project_code)
      WHERE s.id = $1`,
    [c.session_id],
  );
  assertMayAttestFace(device, course!);
  await decide(db, c, match ? 'passed' : 'failed', `face:${device.deviceId}`, `device:${device.deviceId}`, now, clock);
  return checkView(db, { ...c, status: match ? 'passed' : 'failed' }, now);
}
