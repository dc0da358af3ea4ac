import { createHash } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../db/client.ts';
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Invalid, NotFound, TooManyRequests, Unauthenticated } from '../../kernel/errors.ts';
import { newId, newToken } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { DEPARTMENT_DIRECTORIES, DIRECTORIES } from '../catalog/index.ts';
import { requirePerson } from '../registry/index.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { claimAttempt, clearAttempts, forgiveAttempt } from './login-throttle.ts';

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
  /** A department officer's own directories, which it publishes (catalog DEPARTMENT_DIRECTORIES). */
  directories?: string[];
  /** A holder_officer's "N" target holder (the only scope of that role). */
  holderId?: string | null;
  /** A self-registration the city must confirm first (`new_person`, `phone_differs`): no sign-in until then. */
  registrationReview?: 'new_person' | 'phone_differs' | null;
}

const SESSION_HOURS = 12;
export const USERNAME = /^[a-z0-9_.-]{3,32}$/;

/** The scope a role needs: a city officer without a city would see everything, so it is refused. */
function checkScope(u: NewUser): void {
  if (!USERNAME.test(u.username))
    throw new Invalid(
      'BAD_USERNAME',
      '用户名须为 3–32 位小写字母、数字或 _ . -',
      'a username is 3–32 lower-case letters, digits or _ . -',
      { field: 'username' },
    );
  if (!ROLES.includes(u.role)) throw new Invalid('UNKNOWN_ROLE', `未知角色 ${u.role}`, `unknown role ${u.role}`);
  const need: Partial<Record<Role, [keyof NewUser, string, string]>> = {
    city_officer: ['cityCode', '市级人员必须指定城市', 'a city officer needs a city'],
    institution_staff: ['institutionCode', '机构人员必须指定机构', 'institution staff need an institution'],
    enterprise_staff: ['enterpriseCode', '企业人员必须指定企业', 'enterprise staff need an enterprise'],
    worker: ['personKey', '劳动者账号必须关联实名人员', 'a worker account needs a registered person'],
    holder_officer: ['holderId', '目标承担单位联络员必须指定目标承担单位', 'a holder liaison needs a target holder'],
  };
  const rule = need[u.role];
  if (rule && !u[rule[0]]) throw new Invalid('SCOPE_REQUIRED', rule[1], rule[2]);
  if (u.holderId && u.role !== 'holder_officer')
    throw new Invalid(
      'HOLDER_FOR_LIAISON_ONLY',
      '只有目标承担单位联络员账号关联目标承担单位',
      'only a holder liaison account is linked to a target holder',
      { field: 'holderId' },
    );
  const owned = (lang: 'zh' | 'en') => DEPARTMENT_DIRECTORIES.map((n) => `${DIRECTORIES[n][lang]} ${n}`);
  for (const d of u.directories ?? []) {
    if (u.role !== 'department_officer' || !(DEPARTMENT_DIRECTORIES as readonly string[]).includes(d))
      throw new Invalid(
        'NOT_A_DEPARTMENT_DIRECTORY',
        `只有行业部门账号可以负责目录，且只能是部门负责的目录（${owned('zh').join('、')}）：${d}`,
        `only a department officer owns directories, and only the departments' own (${owned('en').join(', ')}): ${d}`,
        { field: 'directories' },
      );
  }
}

/** A holder is reporting's record, read through its published view (reporting.views.ts). */
async function checkHolderExists(db: Db, holderId: string): Promise<void> {
  if (!(await db.query('SELECT 1 FROM reporting.target_holders WHERE id::text = $1', [holderId])).length)
    throw new Invalid('UNKNOWN_HOLDER', `目标承担单位不存在：${holderId}`, `no such target holder: ${holderId}`, {
      field: 'holderId',
    });
}

/** Every code the account is scoped by must name a record that exists (a typo would scope it to nothing). */
async function checkScopeCodes(db: Db, u: NewUser): Promise<void> {
  const refs: [string | null | undefined, string, string, string, string][] = [
    [u.cityCode, 'SELECT 1 FROM catalog.cities WHERE code = $1', 'UNKNOWN_CITY', '城市编码不存在', 'no such city code'],
    [
      u.institutionCode,
      'SELECT 1 FROM registry.institutions WHERE credit_code = $1',
      'UNKNOWN_INSTITUTION',
      '机构统一社会信用代码不存在',
      'no such institution',
    ],
    [
      u.enterpriseCode,
      'SELECT 1 FROM registry.enterprises WHERE credit_code = $1',
      'UNKNOWN_ENTERPRISE',
      '企业统一社会信用代码不存在',
      'no such enterprise',
    ],
  ];
  for (const [code, sql, err, zh, en] of refs) {
    if (code && !(await db.query(sql, [code])).length) throw new Invalid(err, `${zh}：${code}`, `${en}: ${code}`);
  }
  if (u.holderId) await checkHolderExists(db, u.holderId);
  for (const sector of u.sectors ?? []) {
    if (!(await db.query('SELECT 1 FROM catalog.sectors WHERE code = $1', [sector])).length)
      throw new Invalid('UNKNOWN_SECTOR', `领域编码不存在：${sector}`, `no such sector: ${sector}`);
  }
}

const usernameTaken = (username: string) =>
  new Conflict('USERNAME_TAKEN', `用户名 ${username} 已存在`, `username ${username} is taken`);

/**
 * Creates an account (province admin, CLI, or the demo seed) with a password that meets the rule
 * (password-policy.ts), scope codes that exist, and an audit entry. The username is claimed by the
 * insert itself (ON CONFLICT), so parallel requests for one name create one account and refuse the rest.
 */
export async function createUser(
  db: Db,
  actor: string,
  u: NewUser,
  opts: { production?: boolean } = {},
): Promise<{ id: string }> {
  checkScope(u);
  assertAcceptablePassword(u.password, { username: u.username, production: opts.production });
  await checkScopeCodes(db, u);
  const id = newId();
  const passwordHash = await hash(u.password);
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, city_code, institution_code, enterprise_code, person_key, sectors, key_tasks, registration_review, directories, holder_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [
        id,
        u.username,
        u.displayName,
        passwordHash,
        u.role,
        u.cityCode ?? null,
        u.institutionCode ?? null,
        u.enterpriseCode ?? null,
        u.personKey ?? null,
        u.sectors ?? [],
        u.keyTasks ?? [],
        u.registrationReview ?? null,
        [...new Set(u.directories ?? [])],
        u.holderId ?? null,
      ],
    );
    if (inserted.length === 0) throw usernameTaken(u.username);
    const { password: _pw, ...visible } = u;
    await recordAudit(tx, [{ actor, action: 'user.create', entity: 'user', entityId: id, after: visible }]);
    return { id };
  });
}

/** An account as an administrator asks for it: a worker's by ID number, which is looked up, never stored or echoed. */
export type AccountRequest = Omit<NewUser, 'personKey'> & { idNumber?: string | null };

/**
 * Creates an account on an administrator's request (API or CLI): a worker account is linked to
 * the registered person whose ID number is given (looked up by its blind index), one account per
 * person.
 */
export async function createAccount(
  db: Db,
  vault: PiiVault,
  actor: string,
  req: AccountRequest,
  opts: { production?: boolean } = {},
): Promise<{ id: string }> {
  const { idNumber, ...u } = req;
  let personKey: string | null = null;
  if (req.role === 'worker') {
    if (!idNumber)
      throw new Invalid(
        'SCOPE_REQUIRED',
        '劳动者账号必须填写实名人员的身份证号',
        'a worker account needs the ID number of a registered person',
        { field: 'idNumber' },
      );
    personKey = (await requirePerson(db, vault, idNumber)).person_key;
    const [other] = await db.query('SELECT 1 FROM users WHERE person_key = $1', [personKey]);
    if (other)
      throw new Conflict('PERSON_HAS_ACCOUNT', '该人员已有劳动者账号', 'this person already has a worker account');
  }
  return createUser(db, actor, { ...u, personKey }, opts);
}

/** What an administrator may change of an existing account: its display name, and a liaison's holder. */
export interface AccountChange {
  displayName?: string;
  holderId?: string | null;
}

/**
 * Changes an account (province admin): the display name, and which "N" holder a holder liaison
 * answers for — the same rules as creating one (a liaison needs an existing holder, no other role
 * has one). The account's next request reads the new scope (sessions resolve the user each time).
 * Audited with the values before and after.
 */
export async function changeAccount(db: Db, actor: string, id: string, change: AccountChange): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [u] = await tx.query<{ role: Role; display_name: string; holder_id: string | null }>(
      'SELECT role, display_name, holder_id::text AS holder_id FROM users WHERE id::text = $1 FOR UPDATE',
      [id],
    );
    if (!u) throw new NotFound({ zh: '账号', en: 'account' });
    if (change.holderId !== undefined) {
      if (u.role !== 'holder_officer' && change.holderId !== null)
        throw new Invalid(
          'HOLDER_FOR_LIAISON_ONLY',
          '只有目标承担单位联络员账号关联目标承担单位',
          'only a holder liaison account is linked to a target holder',
          { field: 'holderId' },
        );
      if (u.role === 'holder_officer' && !change.holderId)
        throw new Invalid(
          'SCOPE_REQUIRED',
          '目标承担单位联络员必须指定目标承担单位',
          'a holder liaison needs a target holder',
          {
            field: 'holderId',
          },
        );
      if (change.holderId) await checkHolderExists(tx, change.holderId);
    }
    const after = {
      displayName: change.displayName ?? u.display_name,
      holderId: change.holderId === undefined ? u.holder_id : change.holderId,
    };
    await tx.query('UPDATE users SET display_name = $2, holder_id = $3::uuid WHERE id::text = $1', [
      id,
      after.displayName,
      after.holderId,
    ]);
    await recordAudit(tx, [
      {
        actor,
        action: 'user.update',
        entity: 'user',
        entityId: id,
        before: { displayName: u.display_name, holderId: u.holder_id },
        after,
      },
    ]);
    return { id };
  });
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  city_code: string | null;
  institution_code: string | null;
  enterprise_code: string | null;
  person_key: string | null;
  sectors: string[];
  key_tasks: number[];
  directories: string[];
  holder_id: string | null;
  disabled: boolean;
}

const BAD_LOGIN = () => new Unauthenticated('BAD_CREDENTIALS', '用户名或密码错误', 'wrong username or password');
const LOCKED = () =>
  new Unauthenticated(
    'ACCOUNT_LOCKED',
    '登录失败次数过多，账号已临时锁定，请稍后再试',
    'too many failed sign-ins; the account is locked for a while',
  );
const ADDRESS_THROTTLED = () =>
  new TooManyRequests(
    '该地址登录失败次数过多，请稍后再试',
    'too many failed sign-ins from this address; try again later',
  );

/** The time an account's password hash takes, spent where no account is made (an answer must not be faster). */
export async function costOfPasswordHash(password: string): Promise<void> {
  await hash(password);
}

/** An argon2 hash of nothing anyone knows: an unknown username costs the same verify as a known one. */
let dummyHash: Promise<string> | null = null;
const unknownUserHash = () => (dummyHash ??= hash(newToken()));

export interface LoginOptions {
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** Failed sign-ins one client address may make per window, over all usernames. */
  lockoutAddressAttempts?: number;
  /** The client's address (throttled apart from the account). */
  address?: string;
  clock?: Clock;
}

/**
 * Password login. Each attempt is first counted — per client address, then per username — by an
 * atomic upsert (login-throttle.ts), so at most `lockoutAttempts` guesses per username are ever
 * checked against the hash per window, however many arrive in parallel; the attempt that reaches
 * the limit locks the username for `lockoutMinutes`. Unknown usernames are counted and locked the
 * same way and cost the same hash check: the answer never tells whether a username exists.
 */
export async function login(
  db: Db,
  username: string,
  password: string,
  opts: LoginOptions,
): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const addressRule = opts.address
    ? {
        key: `address:${opts.address}`,
        limit: opts.lockoutAddressAttempts ?? opts.lockoutAttempts * 10,
        minutes: opts.lockoutMinutes,
      }
    : null;
  const addressClaim = addressRule ? await claimAttempt(db, addressRule, now) : null;
  if (addressRule && !addressClaim) throw ADDRESS_THROTTLED();
  const accountKey = `account:${username.toLowerCase()}`;
  const claim = await claimAttempt(
    db,
    { key: accountKey, limit: opts.lockoutAttempts, minutes: opts.lockoutMinutes },
    now,
  );
  if (!claim) throw LOCKED();
  // A self-registered worker whose registration the city has not confirmed yet signs in like an
  // unknown username: the answer must not tell a pending registration from one that was never made.
  // The account's own mark decides, not the person's status (an import may activate the person).
  const [u] = await db.query<UserRow>(
    `SELECT * FROM users u WHERE u.username = $1 AND NOT u.disabled AND u.registration_review IS NULL
       AND NOT EXISTS (SELECT 1 FROM registry.persons p WHERE p.person_key = u.person_key AND p.status = 'pending')`,
    [username],
  );
  const matches = await verify(u?.password_hash ?? (await unknownUserHash()), password);
  if (!u || !matches) {
    if (u && claim.locks) {
      await recordAudit(
        db,
        [
          {
            actor: SYSTEM_ACTOR,
            action: 'user.lock',
            entity: 'user',
            entityId: u.id,
            after: { lockedUntil: new Date(now.getTime() + opts.lockoutMinutes * 60_000).toISOString() },
          },
        ],
        clock,
      );
    }
    throw BAD_LOGIN();
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    await clearAttempts(tx, accountKey);
    if (addressRule && addressClaim) await forgiveAttempt(tx, addressRule.key, addressClaim);
    await tx.query('INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1,$2,$3)', [
      hashToken(token),
      u.id,
      expiresAt,
    ]);
    await recordAudit(
      tx,
      [{ actor: `${u.role}:${u.username}`, action: 'session.login', entity: 'user', entityId: u.id }],
      clock,
    );
  });
  return { token, actor: toActor(u), expiresAt };
}

/** The actor behind a session token, or null when it is unknown, expired or revoked. */
export async function resolveSession(db: Db, token: string, clock: Clock = systemClock): Promise<Actor | null> {
  const [u] = await db.query<UserRow>(
    `SELECT u.* FROM auth_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled
       AND u.registration_review IS NULL`,
    [hashToken(token), clock.now()],
  );
  return u ? toActor(u) : null;
}

/**
 * Records the primary's WAL position after a write by this session (only when a standby serves
 * reads): the session's next routed read waits for the standby to reach it, on any API process.
 */
export async function noteSessionWrite(db: Db, token: string): Promise<void> {
  await db.query('UPDATE auth_sessions SET wrote_lsn = pg_current_wal_lsn()::text WHERE token_hash = $1', [
    hashToken(token),
  ]);
}

/** The WAL position `noteSessionWrite` recorded for this session (null: it has not written). */
export async function sessionWroteLsn(db: Db, token: string): Promise<string | null> {
  const [s] = await db.query<{ wrote_lsn: string | null }>(
    'SELECT wrote_lsn FROM auth_sessions WHERE token_hash = $1',
    [hashToken(token)],
  );
  return s?.wrote_lsn ?? null;
}

export async function logout(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE auth_sessions SET revoked_at = now() WHERE token_hash = $1', [hashToken(token)]);
    await recordAudit(tx, [
      { actor: `${actor.role}:${actor.username}`, action: 'session.logout', entity: 'user', entityId: actor.userId },
    ]);
  });
}

export interface UserListRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  city_code: string | null;
  institution_name: string | null;
  enterprise_name: string | null;
  institution_code: string | null;
  enterprise_code: string | null;
  sectors: string[];
  key_tasks: number[];
  directories: string[];
  holder_id: string | null;
  holder_name: string | null;
  locked_until: Date | null;
  disabled: boolean;
  created_at: Date;
}

export async function listUsers(db: Db) {
  return db.query<UserListRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.city_code, u.institution_code, i.name AS institution_name,
            u.enterprise_code, e.name AS enterprise_name, u.sectors, u.key_tasks, u.directories,
            u.holder_id::text AS holder_id, h.name AS holder_name, t.locked_until, u.disabled, u.created_at
     FROM users u LEFT JOIN login_throttle t ON t.key = 'account:' || lower(u.username) AND t.locked_until > now()
       LEFT JOIN registry.institutions i ON i.credit_code = u.institution_code
       LEFT JOIN registry.enterprises e ON e.credit_code = u.enterprise_code
       LEFT JOIN reporting.target_holders h ON h.id = u.holder_id
     ORDER BY u.role, u.username`,
  );
}

/** The names of the city, institution and enterprise an account is scoped to (for its own header). */
export async function scopeNames(db: Db, actor: Actor) {
  const nameOf = async (sql: string, code: string | null) =>
    code ? ((await db.query<{ name: string }>(sql, [code]))[0]?.name ?? null) : null;
  const [institution] = actor.institutionCode
    ? await db.query<{ name: string; roles: string[] }>(
        'SELECT name, roles FROM registry.institutions WHERE credit_code = $1',
        [actor.institutionCode],
      )
    : [];
  return {
    cityName: await nameOf('SELECT name FROM catalog.cities WHERE code = $1', actor.cityCode),
    institutionName: institution?.name ?? null,
    /** What the user's institution does (training, evaluation): the menu offers 考核发证 to evaluators only. */
    institutionRoles: institution?.roles ?? [],
    enterpriseName: await nameOf('SELECT name FROM registry.enterprises WHERE credit_code = $1', actor.enterpriseCode),
    /** A holder liaison's "N" holder (reporting's published view). */
    holderName: await nameOf('SELECT name FROM reporting.target_holders WHERE id::text = $1', actor.holderId ?? null),
  };
}

/**
 * An active account's scope, for the CLI acting on its behalf (`jineng import --as nanjing`): the
 * same policy then applies as to that user's upload in the web app.
 */
export async function actorOfUser(db: Db, username: string): Promise<Actor | null> {
  const [u] = await db.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1) AND NOT disabled', [
    username,
  ]);
  return u ? toActor(u) : null;
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
    directories: u.directories ?? [],
    holderId: u.holder_id ?? null,
  };
}

/** The usernames of an institution's staff accounts in use: who hears of what happens to the institution (a class dispatched). */
export async function staffOf(db: Db, institutionCode: string): Promise<string[]> {
  const rows = await db.query<{ username: string }>(
    `SELECT username FROM users WHERE role = 'institution_staff' AND institution_code = $1 AND NOT disabled ORDER BY username`,
    [institutionCode],
  );
  return rows.map((r) => r.username);
}

/** Whether the registered person already has an account (self-registration does not make a second one). */
export async function personHasAccount(db: Db, personKey: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE person_key = $1', [personKey])).length > 0;
}

/** Whether a username (a self-registered worker's is their phone number) is taken. */
export async function usernameExists(db: Db, username: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username])).length > 0;
}

/**
 * Removes the account of a person whose self-registration the city rejected (in the caller's
 * transaction), with its sessions; audited. Only an account still under review: a confirmed
 * account is never removed here.
 */
export async function removeAccountOfPerson(db: Db, actor: string, personKey: string): Promise<void> {
  const gone = await db.query<{ id: string; username: string }>(
    'DELETE FROM users WHERE person_key = $1 AND role = $2 AND registration_review IS NOT NULL RETURNING id, username',
    [personKey, 'worker'],
  );
  for (const u of gone) {
    await db.query('DELETE FROM auth_sessions WHERE user_id = $1', [u.id]);
    await recordAudit(db, [
      { actor, action: 'user.remove', entity: 'user', entityId: u.id, before: { username: u.username } },
    ]);
  }
}

/** The usernames of a target holder's liaison accounts in use: who hears that the holder is behind pace. */
export async function holderOfficersOf(db: Db, holderId: string): Promise<string[]> {
  const rows = await db.query<{ username: string }>(
    `SELECT username FROM users WHERE role = 'holder_officer' AND holder_id::text = $1 AND NOT disabled ORDER BY username`,
    [holderId],
  );
  return rows.map((r) => r.username);
}
