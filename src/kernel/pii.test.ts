import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskIdsInText, PiiVault } from './pii.ts';

describe('identity number protection', () => {
  const vault = new PiiVault(Buffer.alloc(32, 1));
  it('masks as 3201**********123X', () => expect(maskIdNumber('32010219900101123X')).toBe('3201**********123X'));
  it('encrypts with a fresh IV and decrypts back', () => {
    const a = vault.encrypt('320311199409187319');
    expect(a).not.toContain('320311199409187319');
    expect(a).not.toBe(vault.encrypt('320311199409187319'));
    expect(vault.decrypt(a)).toBe('320311199409187319');
  });
  it('blind index is stable and key-dependent', () => {
    expect(vault.blindIndex('320311199409187319')).toBe(vault.blindIndex('320311199409187319'));
    expect(new PiiVault(Buffer.alloc(32, 2)).blindIndex('320311199409187319')).not.toBe(
      vault.blindIndex('320311199409187319'),
    );
  });
  it('masks ID numbers inside free text', () =>
    expect(maskIdsInText('person 320311199409187319 failed')).toBe('person 3203**********7319 failed'));
});
