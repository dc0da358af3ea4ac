import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { Invalid, TooManyRequests, Unavailable } from '../../kernel/errors.ts';
import type { SmsSender } from '../../kernel/sms.ts';
import { claimAttempt, type ThrottleRule } from './login-throttle.ts';

/** How long a code is good for, and how many wrong tries it survives (docs/security.md § Self-registration). */
export const CODE_MINUTES = 5;
export const CODE_TRIES = 5;

/**
 * Rate limits of self-registration, each a counter of login_throttle under its own key prefix
 * (fixed windows): a phone gets one code a minute, five an hour and ten a China day (a new code
 * resets the count of wrong tries, so the day's cap is what bounds guesses at a phone's codes and the
 * SMS sent to a victim's phone); a client address twenty codes and thirty registrations an hour; an
 * ID number five registrations a day, counted only once the code was right (so nobody can use up
 * another person's ID number's day with wrong codes).
 */
export const REGISTRATION_LIMITS = {
  phoneMinute: { limit: 1, minutes: 1 },
  phoneHour: { limit: 5, minutes: 60 },
  phoneDay: { limit: 10, minutes: 24 * 60 },
  codesPerAddress: { limit: 20, minutes: 60 },
  registrationsPerAddress: { limit: 30, minutes: 60 },
  registrationsPerId: { limit: 5, minutes: 24 * 60 },
} as const;

const rule = (key: string, r: { limit: number; minutes: number }): ThrottleRule => ({ key, ...r });

/** Claims one use of each rule in turn; the first exhausted one refuses with its own words. */
async function claimAll(db: Db, now: Date, rules: [ThrottleRule, string, string][]): Promise<void> {
  for (const [r, zh, en] of rules) if (!(await claimAttempt(db, r, now))) throw new TooManyRequests(zh, en);
}

/** A mainland mobile number: 11 digits starting 1[3-9]. */
export const PHONE = /^1[3-9]\d{9}$/;

const codeHash = (secret: string, phone: string, code: string) =>
  createHmac('sha256', secret).update(`otp:${phone}:${code}`).digest('hex');

/**
 * Sends a fresh 6-digit code to `phone` (template `otp`) after the rate limits allow it: per phone,
 * per client address. The new code replaces any earlier one and its count of wrong tries. Whether
 * the phone belongs to anyone is not looked at: the answer is the same for every number.
 */
export async function sendRegistrationCode(
  db: Db,
  sms: SmsSender,
  phone: string,
  opts: { secret: string; address: string; now: Date },
): Promise<{ expiresAt: Date }> {
  if (!PHONE.test(phone))
    throw new Invalid('BAD_PHONE', '手机号应为11位大陆手机号码', 'a phone number is 11 digits starting with 1', {
      field: 'phone',
    });
  const { now } = opts;
  await claimAll(db, now, [
    [
      rule(`otp-address:${opts.address}`, REGISTRATION_LIMITS.codesPerAddress),
      '本网络获取验证码过于频繁，请一小时后再试',
      'too many codes requested from this network; try again in an hour',
    ],
    [
      rule(`otp-phone-minute:${phone}`, REGISTRATION_LIMITS.phoneMinute),
      '验证码每分钟只能获取一次，请 60 秒后再试',
      'one code a minute per phone; try again in 60 seconds',
    ],
    [
      rule(`otp-phone-hour:${phone}`, REGISTRATION_LIMITS.phoneHour),
      '该手机号一小时内获取验证码已达 5 次，请稍后再试',
      'this phone had 5 codes this hour; try again later',
    ],
    [
      // Keyed by the China date, so the count starts again at midnight China time.
      rule(`otp-phone-day:${phone}:${chinaDate(now)}`, REGISTRATION_LIMITS.phoneDay),
      `该手机号今天获取验证码已达 ${REGISTRATION_LIMITS.phoneDay.limit} 次，请明天再试`,
      `this phone had ${REGISTRATION_LIMITS.phoneDay.limit} codes today; try again tomorrow`,
    ],
  ]);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
  await db.query(
    `INSERT INTO one_time_codes (phone, code_hash, sent_at, expires_at, failures) VALUES ($1, $2, $3, $4, 0)
     ON CONFLICT (phone) DO UPDATE SET code_hash = $2, sent_at = $3, expires_at = $4, failures = 0`,
    [phone, codeHash(opts.secret, phone, code), now, expiresAt],
  );
  try {
    await sms.send({ phone, template: 'otp', params: { code, minutes: String(CODE_MINUTES) } });
  } catch {
    // The provider failed (its error may carry details not for the caller): a clear 503, never a 500.
    throw SMS_FAILED();
  }
  return { expiresAt };
}

const SMS_FAILED = () =>
  new Unavailable('SMS_FAILED', '短信发送失败，请稍后再试', 'the SMS could not be sent; try again later');

/** The registration limit checked before the code: per client address. */
export async function claimRegistration(db: Db, opts: { address: string; now: Date }): Promise<void> {
  await claimAll(db, opts.now, [
    [
      rule(`register-address:${opts.address}`, REGISTRATION_LIMITS.registrationsPerAddress),
      '本网络提交注册过于频繁，请一小时后再试',
      'too many registrations from this network; try again in an hour',
    ],
  ]);
}

/**
 * The limit per ID number (by its blind index, so no number is written in clear), claimed only
 * after the code was found right: wrong codes do not use up the ID number's day.
 */
export async function claimRegistrationOfId(db: Db, opts: { idKey: string; now: Date }): Promise<void> {
  await claimAll(db, opts.now, [
    [
      rule(`register-id:${opts.idKey}`, REGISTRATION_LIMITS.registrationsPerId),
      '该身份证号今天的注册次数已达上限，请明天再试或到窗口办理',
      'this ID number reached today’s registration limit; try tomorrow or at a service desk',
    ],
  ]);
}

const WRONG_CODE = (left: number) =>
  new Invalid(
    'WRONG_CODE',
    left > 0 ? `验证码错误，还可再试 ${left} 次` : '验证码错误',
    left > 0 ? `wrong code; ${left} tries left` : 'wrong code',
    { field: 'code' },
  );

/**
 * Checks and spends the code sent to `phone`. Each try is counted first by one atomic update (so
 * parallel guesses cannot slip past), and the fifth wrong try locks the code until a new one is
 * sent. An expired or never-sent code is refused in words that say what to do.
 */
export async function useRegistrationCode(
  db: Db,
  phone: string,
  code: string,
  opts: { secret: string; now: Date },
): Promise<void> {
  const [row] = await db.query<{ code_hash: string; expires_at: Date; failures: number }>(
    `UPDATE one_time_codes SET failures = failures + 1 WHERE phone = $1 AND failures < $2
     RETURNING code_hash, expires_at, failures`,
    [phone, CODE_TRIES],
  );
  if (!row) {
    const [locked] = await db.query('SELECT 1 FROM one_time_codes WHERE phone = $1', [phone]);
    if (locked)
      throw new Invalid(
        'CODE_LOCKED',
        `验证码已连续输错 ${CODE_TRIES} 次，请重新获取验证码`,
        `the code was entered wrongly ${CODE_TRIES} times; request a new code`,
        { field: 'code' },
      );
    throw new Invalid('CODE_NOT_SENT', '请先获取验证码', 'request a code first', { field: 'code' });
  }
  if (new Date(row.expires_at) <= opts.now)
    throw new Invalid(
      'CODE_EXPIRED',
      `验证码已过期（有效期 ${CODE_MINUTES} 分钟），请重新获取`,
      `the code has expired (valid ${CODE_MINUTES} minutes); request a new one`,
      { field: 'code' },
    );
  const given = Buffer.from(codeHash(opts.secret, phone, code));
  if (!timingSafeEqual(given, Buffer.from(row.code_hash))) throw WRONG_CODE(CODE_TRIES - row.failures);
  await db.query('DELETE FROM one_time_codes WHERE phone = $1', [phone]);
}
