import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { belowFrontLineShare, frontLineShareBp } from './share-rule.ts';
import { checkFundRow, headerColumn } from './fund-rows.ts';

describe('the front-line share of plan (二)', () => {
  it('exactly 70 % is enough; a fen less is below', () => {
    expect(belowFrontLineShare({ frontLineFen: 7000, managementFen: 2000, otherFen: 1000 }, 7000)).toBeNull();
    expect(belowFrontLineShare({ frontLineFen: 6999, managementFen: 2001, otherFen: 1000 }, 7000)).toBe(
      'BELOW_FRONT_LINE_SHARE',
    );
    expect(belowFrontLineShare({ frontLineFen: 0, managementFen: 0, otherFen: 0 }, 7000)).toBe('NO_SPENDING');
  });
  it('below iff the share, computed exactly, is under the parameter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 10000 }),
        (front, mgmt, other, bp) => {
          const f = { frontLineFen: front, managementFen: mgmt, otherFen: other };
          const spent = front + mgmt + other;
          const finding = belowFrontLineShare(f, bp);
          if (spent === 0) return finding === 'NO_SPENDING' && frontLineShareBp(f) === null;
          const share = frontLineShareBp(f)!;
          // Rounding the share down never moves it across a whole basis point: below exactly when the rounded share is.
          return finding === 'BELOW_FRONT_LINE_SHARE' ? share < bp : share >= bp;
        },
      ),
    );
  });
});

describe('a fund upload row', () => {
  const e = { creditCode: 'E1', cityCode: '320100', sector: 'manufacturing' };
  const row = (over: Partial<Record<string, string>> = {}) => ({
    enterprise_credit_code: 'E1',
    year: '2025',
    extracted_yuan: '1000.00',
    front_line_yuan: '700',
    management_yuan: '200.5',
    other_yuan: '99.50',
    ...over,
  });
  const check = (over = {}, mine = true) =>
    checkFundRow(
      2,
      row(over),
      (c) => (c === 'E1' ? e : undefined),
      () => mine,
    );
  it('reads headers by code or by their Chinese names', () => {
    expect(headerColumn('一线职工培训(元)')).toBe('front_line_yuan');
    expect(headerColumn(' year ')).toBe('year');
    expect(headerColumn('备注')).toBeNull();
  });
  it('keeps a good row as fen', () => {
    expect(check()).toEqual({
      row: {
        enterpriseCode: 'E1',
        year: 2025,
        extractedFen: 100000,
        frontLineFen: 70000,
        managementFen: 20050,
        otherFen: 9950,
      },
    });
  });
  it.each([
    [{ enterprise_credit_code: 'NOPE' }, 'UNKNOWN_ENTERPRISE'],
    [{ enterprise_credit_code: '' }, 'MISSING_VALUE'],
    [{ year: '2024' }, 'BAD_YEAR'],
    [{ year: 'abcd' }, 'BAD_YEAR'],
    [{ front_line_yuan: '-1' }, 'BAD_AMOUNT'],
    [{ other_yuan: '1.234' }, 'BAD_AMOUNT'],
    [{ management_yuan: '' }, 'BAD_AMOUNT'],
  ])('refuses %o with %s, in both languages', (over, code) => {
    const r = check(over);
    expect('errors' in r && r.errors[0]).toMatchObject({
      line: 2,
      reason: code,
      zh: expect.any(String),
      en: expect.any(String),
    });
  });
  it('refuses an enterprise that is not the uploader’s', () => {
    const r = check({}, false);
    expect('errors' in r && r.errors.map((x) => x.reason)).toEqual(['NOT_YOUR_ENTERPRISE']);
  });
  it('any yuan amount with up to two decimals round-trips to its fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (fen) => {
        const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        const r = check({ front_line_yuan: yuan });
        return 'row' in r && r.row.frontLineFen === fen;
      }),
    );
  });
});
