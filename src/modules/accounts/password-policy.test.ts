import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword, PUBLISHED_DEMO_PASSWORD } from './password-policy.ts';

const refusal = (pw: string, opts = {}) => {
  try {
    assertAcceptablePassword(pw, opts);
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('the password rule', () => {
  it('refuses short passwords, too few character classes and common passwords, bilingually', () => {
    expect(refusal('Ab1!')).toBe('WEAK_PASSWORD');
    expect(refusal('abcdefghijk')).toBe('WEAK_PASSWORD');
    expect(refusal('abcdefgh12')).toBe('WEAK_PASSWORD'); // two classes
    expect(refusal('12345678')).toBe('WEAK_PASSWORD');
    expect(refusal('P@ssw0rd123')).toBe('COMMON_PASSWORD');
    expect(refusal('Wuxi-Officer1', { username: 'wuxi' })).toBe('COMMON_PASSWORD');
    expect(() => assertAcceptablePassword('password')).toThrow(
      expect.objectContaining({ zh: expect.any(String), en: expect.any(String) }),
    );
  });
  it('accepts a long password of three classes; the demo password only outside production', () => {
    expect(refusal('S3cure-pass!x')).toBeNull();
    expect(refusal('correct horse battery 9')).toBeNull();
    expect(refusal(PUBLISHED_DEMO_PASSWORD)).toBeNull();
    expect(refusal(PUBLISHED_DEMO_PASSWORD, { production: true })).toBe('COMMON_PASSWORD');
  });
});
