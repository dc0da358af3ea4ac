import type { Actor } from '../kernel/auth.ts';
import { actorName } from '../kernel/auth.ts';
import { chinaDate } from '../kernel/clock.ts';
import type { AppContext } from '../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../kernel/errors.ts';
import { maskIdNumber, maskPhone } from '../kernel/pii.ts';
import {
  assertAcceptablePassword,
  CODE_MINUTES,
  accountUnderReview,
  claimRegistration,
  claimRegistrationOfId,
  clearRegistrationReview,
  costOfPasswordHash,
  createUser,
  personHasAccount,
  removeAccountOfPerson,
  sendRegistrationCode,
  useRegistrationCode,
  usernameExists,
} from '../modules/accounts/index.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { notify } from '../modules/notify/index.ts';
import {
  assertRegistrableId,
  confirmPendingPerson,
  createPendingPerson,
  registryMatch,
  rejectPendingPerson,
} from '../modules/registry/index.ts';

/**
 * 自助注册 (issue 18): a worker registers themself with their real name, ID number and a phone
 * proven by a one-time SMS code. docs/security.md § Self-registration states the rules:
 * - an ID number the registry holds under the same name and the same phone (the one just proven by
 *   the code), with no account yet → a worker account linked to that person, usable at once;
 * - the same, but the registry holds another phone (or none) → an account linked to the person
 *   that signs in only after the city officer confirms (a name and an ID number are no secret);
 * - an ID number the registry does not hold → a pending person (no groups) and an account that
 *   signs in only after the city officer of the residence city confirms (an import of the official
 *   record in between does not change that: only the confirmation does);
 * - anything else (the name differs, the person has an account, a registration is pending) →
 *   nothing is created, the attempt is audited as suspicious, and the answer is word for word
 *   the one a new ID number gets: it must not tell whether an ID number is registered.
 */

const SUBMITTED = {
  outcome: 'submitted' as const,
  message: {
    zh: '已提交，请等待审核或使用原账号登录。新登记的人员须经所在城市人社部门审核，审核结果将以短信通知，通过后即可用手机号登录。',
    en: 'Submitted: wait for the review, or sign in with your existing account. A newly registered person is reviewed by the city’s human-resources office; you will be told by SMS, and can then sign in with your phone number.',
  },
};
const ACTIVE = {
  outcome: 'active' as const,
  message: {
    zh: '注册成功：已与实名库中的记录关联，现在即可用手机号和密码登录。',
    en: 'Registered: your account is linked to your record in the real-name registry; sign in now with your phone number and password.',
  },
};

export type RegistrationAnswer = (typeof SUBMITTED | typeof ACTIVE) & { username: string };

/** Where a development server's codes go (never said in production, where a real provider sends them). */
function demoNotice(ctx: AppContext): { zh: string; en: string } | null {
  if (ctx.config.env === 'production' || ctx.sms.name !== 'outbox') return null;
  const where = ctx.config.smsOutbox ?? '内存 / memory';
  return {
    zh: `演示环境：验证码未真正发出，已写入短信发件箱（${where}）`,
    en: `Demo environment: no SMS was sent; the code was written to the SMS outbox (${where})`,
  };
}

/** Step 1: a one-time code to the phone, rate-limited; the same answer for every valid number. */
export async function requestRegistrationCode(ctx: AppContext, phone: string, address: string, now: Date = new Date()) {
  await sendRegistrationCode(ctx.db, ctx.sms, phone, { secret: ctx.config.sessionSecret, address, now });
  return { expiresInSeconds: CODE_MINUTES * 60, resendInSeconds: 60, demoNotice: demoNotice(ctx) };
}

export interface RegistrationRequest {
  name: string;
  idNumber: string;
  phone: string;
  code: string;
  password: string;
  /** The residence city (a city of the province); when absent, the city of the ID number's region code. */
  cityCode?: string | null;
}

/** The residence city: as chosen, else the ID number's prefecture when it is one of the province's cities. */
async function residenceCity(ctx: AppContext, id: string, chosen: string | null | undefined): Promise<string> {
  const city = chosen || `${id.slice(0, 4)}00`;
  if ((await ctx.db.query('SELECT 1 FROM catalog.cities WHERE code = $1', [city])).length) return city;
  throw new Invalid(
    chosen ? 'UNKNOWN_CITY' : 'CITY_REQUIRED',
    chosen ? '所选城市不在本省' : '请选择您的常住城市',
    chosen ? 'the chosen city is not in the province' : 'choose the city you live in',
    { field: 'cityCode' },
  );
}

/**
 * Step 2: checks everything that can be checked without the registry (ID number, city, password,
 * the address limit, the code — in that order, so a typo does not spend a try of the code — then
 * the ID number's limit, which only right codes count), then matches the registry. Audited in every case; ID numbers appear masked only.
 */
export async function registerWorker(
  ctx: AppContext,
  req: RegistrationRequest,
  address: string,
  now: Date = new Date(),
): Promise<RegistrationAnswer> {
  const { db, vault } = ctx;
  const name = req.name.trim();
  const id = assertRegistrableId(req.idNumber, chinaDate(now));
  const cityCode = await residenceCity(ctx, id, req.cityCode);
  assertAcceptablePassword(req.password, { username: req.phone, production: ctx.config.env === 'production' });
  await claimRegistration(db, { address, now });
  await useRegistrationCode(db, req.phone, req.code, { secret: ctx.config.sessionSecret, now });
  // Counted only now, with a right code: wrong codes must not use up someone's ID number's day.
  await claimRegistrationOfId(db, { idKey: vault.blindIndex(id), now });
  // The phone's owner is proven now: telling them their number has an account reveals nothing about an ID.
  if (await usernameExists(db, req.phone))
    throw new Conflict(
      'PHONE_REGISTERED',
      '该手机号已注册账号，请直接用手机号登录',
      'this phone number already has an account; sign in with it',
      { field: 'phone' },
    );
  const actor = `self:${maskPhone(req.phone)}`;
  const match = await registryMatch(db, vault, id, name, req.phone);
  const account = { username: req.phone, displayName: name, password: req.password, role: 'worker' as const };
  const production = ctx.config.env === 'production';
  let raced = false;
  if (match.known && match.nameMatches && match.status === 'active' && !(await personHasAccount(db, match.personKey))) {
    // Only the phone the registry holds for the person makes the account usable at once; any other
    // phone waits for the city, and the caller cannot tell (the same answer as a new ID number).
    const registrationReview = match.phoneMatches ? null : ('phone_differs' as const);
    const created = await createUser(
      db,
      actor,
      { ...account, personKey: match.personKey, registrationReview },
      { production },
    ).then(
      () => true,
      (e) => {
        if (isSecondWorkerAccount(e)) return false;
        throw e;
      },
    );
    if (created) return { ...(match.phoneMatches ? ACTIVE : SUBMITTED), username: req.phone };
    raced = true;
  }
  if (!match.known) {
    const created = await db
      .transaction(async (tx) => {
        const personKey = await createPendingPerson(
          tx,
          vault,
          { idNumber: id, name, phone: req.phone, cityCode },
          actor,
        );
        await createUser(tx, actor, { ...account, personKey, registrationReview: 'new_person' }, { production });
        return true;
      })
      // A parallel registration took the same ID number first: from here on it is someone else's.
      .catch((e) => {
        if ((e as { code?: string }).code === 'PERSON_EXISTS' || isSecondWorkerAccount(e)) return false;
        throw e;
      });
    if (created) return { ...SUBMITTED, username: req.phone };
    raced = true;
  }
  // Someone else's ID number, or a second account for one person: nothing is created. The password
  // is hashed all the same (a lost race already hashed it in createUser), so the answer takes as
  // long as a registration that creates an account.
  if (!raced) await costOfPasswordHash(req.password);
  const why = raced
    ? 'raced'
    : !match.nameMatches
      ? 'name_differs'
      : match.status === 'pending'
        ? 'registration_pending'
        : 'has_account';
  await recordAudit(db, [
    {
      actor,
      action: 'registration.suspicious',
      entity: 'person',
      entityId: match.personKey,
      after: { reason: why, id_masked: maskIdNumber(id), phone: maskPhone(req.phone), address },
    },
  ]);
  return { ...SUBMITTED, username: req.phone };
}

/**
 * The unique index of one worker account per person refused a second one: a parallel registration
 * of the same person won. The loser gets the neutral answer, never a 500 or a DUPLICATE.
 */
function isSecondWorkerAccount(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  return (
    err.code === '23505' &&
    (err.constraint === 'users_worker_person_uq' || String(err.message ?? '').includes('users_worker_person_uq'))
  );
}

/**
 * The city confirms a self-registration: a pending person gets their groups and residence city, a
 * person with an official record keeps it; either way the account may sign in from now on. The
 * registrant is told through the notify module's queue (inbox and SMS to the verified phone),
 * inside the transaction: nothing after the commit can fail the request.
 */
export async function confirmRegistration(
  ctx: AppContext,
  actor: Actor,
  personKey: string,
  change: { groups: string[]; cityCode: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const account = await accountUnderReview(tx, personKey);
    if (!account) throw new NotFound({ zh: '待审核的注册', en: 'pending registration' });
    await confirmPendingPerson(tx, actor, actorName(actor), personKey, change);
    await clearRegistrationReview(tx, actorName(actor), account);
    await notify(tx, {
      recipients: [{ user: account.username }],
      kind: 'registration_confirmed',
      eventKey: `registration:${account.id}:confirmed`,
      params: { username: account.username },
      link: '/me',
      smsPhone: account.username,
    });
  });
}

/**
 * The city rejects a self-registration: its account is removed, and the person too when they
 * exist only through this registration (pending); a person with official (imported) data is
 * kept. The reason is audited and queued to the registrant (so they know what to bring to a desk).
 */
export async function rejectRegistration(
  ctx: AppContext,
  actor: Actor,
  personKey: string,
  reason: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const account = await accountUnderReview(tx, personKey);
    if (!account) throw new NotFound({ zh: '待审核的注册', en: 'pending registration' });
    // Queued before the person may go: the notice names the account, the SMS the verified phone.
    await notify(tx, {
      recipients: [{ user: account.username }],
      kind: 'registration_rejected',
      eventKey: `registration:${account.id}:rejected`,
      params: { reason },
      link: null,
      smsPhone: account.username,
    });
    await rejectPendingPerson(tx, actor, actorName(actor), personKey, reason);
    await removeAccountOfPerson(tx, actorName(actor), personKey);
  });
}
