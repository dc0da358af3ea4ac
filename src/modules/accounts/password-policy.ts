import { Invalid } from '../../kernel/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

/** Passwords every guesser tries first (lower-cased); a short list on purpose — length and variety do the rest. */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  'password@123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssw0rd123',
  'p@ssword123',
  'admin',
  'admin123',
  'admin@123',
  'administrator',
  'root',
  'qwerty',
  'qwerty123',
  'qwertyuiop',
  '1q2w3e4r',
  '1qaz2wsx',
  '1qaz@wsx',
  'abc123',
  'abcd1234',
  'abc@1234',
  'letmein',
  'welcome',
  'welcome1',
  'welcome@123',
  'iloveyou',
  'changeme',
  '11111111',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '00000000',
  '88888888',
  '66666666',
  'a1234567',
  'a12345678',
  'aa123456',
  'woaini1314',
  'zxcvbnm',
  'jineng',
  'jineng123',
]);

/** The demo accounts' published password: refused for accounts made in production. */
export const PUBLISHED_DEMO_PASSWORD = 'Jineng@2025';

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/**
 * The rule for a password being set (account creation, CLI) — not at sign-in, so existing demo
 * accounts keep working: at least 10 characters, at least three of lower case, upper case, digits
 * and other characters, not a well-known password, not the username; in production not the
 * published demo password either.
 */
export function assertAcceptablePassword(
  password: string,
  opts: { username?: string; production?: boolean } = {},
): void {
  const field = { field: 'password' };
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Invalid(
      'WEAK_PASSWORD',
      `密码至少 ${MIN_PASSWORD_LENGTH} 位`,
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters`,
      field,
    );
  }
  if (CLASSES.filter((c) => c.test(password)).length < 3) {
    throw new Invalid(
      'WEAK_PASSWORD',
      '密码须包含小写字母、大写字母、数字、符号中的至少三类',
      'a password needs at least three of: lower case, upper case, digits, symbols',
      field,
    );
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || (opts.username && lower.includes(opts.username.toLowerCase()))) {
    throw new Invalid(
      'COMMON_PASSWORD',
      '该密码过于常见或包含用户名，请换一个',
      'this password is too common or contains the username; choose another',
      field,
    );
  }
  if (opts.production && password === PUBLISHED_DEMO_PASSWORD) {
    throw new Invalid('COMMON_PASSWORD', '不能使用公开的演示密码', 'the published demo password cannot be used', field);
  }
}
