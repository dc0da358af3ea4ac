import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCreditCode, checkIdNumber, checkIdRegion, creditCheckChar, idCheckChar } from './identity.ts';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const validId = fc
  .tuple(
    digits(6),
    fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
    digits(3),
  )
  .map(([area, birth, seq]) => {
    const first17 = area + birth.toISOString().slice(0, 10).replace(/-/g, '') + seq;
    return first17 + idCheckChar(first17);
  });
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const validCredit = fc
  .array(fc.constantFrom(...CREDIT), { minLength: 17, maxLength: 17 })
  .map((c) => c.join('') + creditCheckChar(c.join('')));

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a known valid number and rejects a wrong check digit', () => {
    expect(checkIdNumber('320311199409187319')).toBeNull();
    expect(checkIdNumber('320602199404218270')?.reason).toBe('ID_CHECK_DIGIT');
  });
  it('rejects an impossible birth date', () => {
    const first17 = '32010219990230123';
    expect(checkIdNumber(first17 + idCheckChar(first17))?.reason).toBe('ID_BIRTH_DATE');
  });
  it('rejects a birth date after today', () => {
    const first17 = '32010220300101123';
    expect(checkIdNumber(first17 + idCheckChar(first17), '2026-11-29')?.reason).toBe('ID_BIRTH_DATE');
  });
  it('generated valid numbers always pass', () => {
    fc.assert(fc.property(validId, (id) => checkIdNumber(id) === null));
  });
  it('changing any one character of a valid number makes it fail', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const chars = [...id];
        chars[pos] =
          pos === 17 && chars[pos] === 'X' ? '0' : String((Number(chars[pos] === 'X' ? 10 : chars[pos]) + delta) % 10);
        const changed = chars.join('');
        return changed === id || checkIdNumber(changed) !== null;
      }),
    );
  });
  it('any string is either valid or rejected with a reason in both languages', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => {
        const p = checkIdNumber(s);
        return p === null ? /^\d{17}[\dX]$/.test(s) : !!p.reason && !!p.zh && !!p.en;
      }),
    );
  });
});

describe('the region code of an ID number (GB/T 2260)', () => {
  it('accepts a prefecture of a province and refuses unknown provinces and a province-level 00', () => {
    expect(checkIdRegion('320311199409187319')).toBeNull();
    expect(checkIdRegion('110101199001011237')).toBeNull();
    expect(checkIdRegion('990101199001011231')?.reason).toBe('ID_REGION');
    expect(checkIdRegion('320001199001011231')?.reason).toBe('ID_REGION');
  });
  it('a valid number whose region is a province refused only for a prefecture code of 00, in both languages', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const p = checkIdRegion(id);
        const plausible = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])/.test(id) && id.slice(2, 4) !== '00';
        return p === null ? plausible : !plausible && !!p.zh && !!p.en && !p.zh.includes(id.slice(0, 6));
      }),
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts codes from the example bundle and rejects a wrong check character', () => {
    expect(checkCreditCode('12320100914177769G')).toBeNull();
    expect(checkCreditCode('913201009527786290')?.reason).toBe('CREDIT_CODE_CHECK');
  });
  it('refuses letters outside the alphabet (I, O, Z, S, V)', () => {
    expect(checkCreditCode('I2320100914177769G')?.reason).toBe('CREDIT_CODE_FORMAT');
  });
  it('generated valid codes always pass', () => {
    fc.assert(fc.property(validCredit, (c) => checkCreditCode(c) === null));
  });
  it('any string is either valid or rejected with a reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const p = checkCreditCode(s);
        return p === null || (!!p.zh && !!p.en);
      }),
    );
  });
});
