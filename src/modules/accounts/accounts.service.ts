import { createHash } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../db/client.ts';
import { ROLES, type Actor, type Role } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, Unauthenticated } from '../../kernel/errors.ts';
import { newId, newToken } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  cityCode?: string | null;
  institutionCode?: string | null;
  enterpriseCode?: string | null;
  personKey?: string | null;
  sectors?: string[];
  keyTasks?: number[];
}

const SESSION_HOURS = 12;

/** The scope a role needs: a city officer without a city would see everything, so it is refused. */
function checkScope(u: NewUser): void {
  if (!ROLES.includes(u.role)) throw new Invalid('UNKNOWN_ROLE', `未知角色 ${u.role}`, `unknown role ${u.role}`);
  const need: Partial<Record<Role, [keyof NewUser, string, string]>> = {
    city_officer: ['cityCode', '市级人员必须指定城市', 'a city officer needs a city'],
    institution_staff: ['institutionCode', '机构人员必须指定机构', 'institution staff need an institution'],
    enterprise_staff: ['enterpriseCode', '企业人员必须指定企业', 'enterprise staff need an enterprise'],
    worker: ['personKey', '劳动者账号必须关联实名人员', 'a worker account needs a registered person'],
  };
  const rule = need[u.role];
  if (rule && !u[rule[0]]) throw new Invalid('SCOPE_REQUIRED', rule[1], rule[2]);
  if (u.password.length < 8) throw new Invalid('WEAK_PASSWORD', '密码至少8位', 'password must have at least 8 characters');
}

/** Creates an account (province admin, or the demo seed). */
export async function createUser(db: Db, actor: string, u: NewUser): Promise<{ id: string }> {
  checkScope(u);
  const id = newId();
  const passwordHash = await hash(u.password);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM users WHERE username = $1', [u.username]);
    if (exists) throw new Conflict('USERNAME_TAKEN', `用户名 ${u.username} 已存在`, `username ${u.username} is taken`);
    await tx.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, city_code, institution_code, enterprise_code, person_key, sectors, key_tasks)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [id, u.username, u.displayName, passwordHash, u.role, u.cityCode ?? null, u.institutionCode ?? null, u.enterpriseCode ?? null, u.personKey ?? null, u.sectors ?? [], u.keyTasks ?? []],
    );
    const { password: _pw, ...visible } = u;
    await recordAudit(tx, [{ actor, action: 'user.create', entity: 'user', entityId: id, after: visible }]);
    return { id };
  });
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: string; username: string; display_name: string; password_hash: string; role: Role;
  city_code: string | null; institution_code: string | null; enterprise_code: string | null; person_key: string | null;
  sectors: string[]; key_tasks: number[]; failed_logins: number; locked_until: Date | null; disabled: boolean;
}

const BAD_LOGIN = () => new Unauthenticated('BAD_CREDENTIALS', '用户名或密码错误', 'wrong username or password');

/**
 * Password login. After `lockoutAttempts` failures in a row the account is locked for
 * `lockoutMinutes`; the same message is given whether the user exists or not.
 */
export async function login(
  db: Db,
  username: string,
  password: string,
  opts: { lockoutAttempts: number; lockoutMinutes: number; clock?: Clock },
): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
  const clock = opts.clock ?? systemClock;
  const [u] = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  if (!u || u.disabled) {
    await hash(password); // same cost either way: no timing oracle for usernames
    throw BAD_LOGIN();
  }
  const now = clock.now();
  if (u.locked_until && new Date(u.locked_until) > now) {
    throw new Unauthenticated('ACCOUNT_LOCKED', '登录失败次数过多，账号已临时锁定，请稍后再试', 'too many failed sign-ins; the account is locked for a while');
  }
  if (!(await verify(u.password_hash, password))) {
    const failed = u.failed_logins + 1;
    const lock = failed >= opts.lockoutAttempts ? new Date(now.getTime() + opts.lockoutMinutes * 60_000) : null;
    await db.transaction(async (tx) => {
      await tx.query('UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1', [u.id, lock ? 0 : failed, lock]);
      if (lock) await recordAudit(tx, [{ actor: 'system', action: 'user.lock', entity: 'user', entityId: u.id, after: { lockedUntil: lock.toISOString() } }], clock);
    });
    throw BAD_LOGIN();
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [u.id]);
    await tx.query('INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1,$2,$3)', [hashToken(token), u.id, expiresAt]);
    await recordAudit(tx, [{ actor: `${u.role}:${u.username}`, action: 'session.login', entity: 'user', entityId: u.id }], clock);
  });
  return { token, actor: toActor(u), expiresAt };
}

/** The actor behind a session token, or null when it is unknown, expired or revoked. */
export async function resolveSession(db: Db, token: string, clock: Clock = systemClock): Promise<Actor | null> {
  const [u] = await db.query<UserRow>(
    `SELECT u.* FROM auth_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled`,
    [hashToken(token), clock.now()],
  );
  return u ? toActor(u) : null;
}

export async function logout(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE auth_sessions SET revoked_at = now() WHERE token_hash = $1', [hashToken(token)]);
    await recordAudit(tx, [{ actor: `${actor.role}:${actor.username}`, action: 'session.logout', entity: 'user', entityId: actor.userId }]);
  });
}

export async function listUsers(db: Db) {
  return db.query(
    `SELECT id, username, display_name, role, city_code, institution_code, enterprise_code, sectors, key_tasks,
            locked_until, disabled, created_at FROM users ORDER BY role, username`,
  );
}

function toActor(u: UserRow): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    cityCode: u.city_code,
    institutionCode: u.institution_code,
    enterpriseCode: u.enterprise_code,
    personKey: u.person_key,
    sectors: u.sectors ?? [],
    keyTasks: u.key_tasks ?? [],
  };
}
