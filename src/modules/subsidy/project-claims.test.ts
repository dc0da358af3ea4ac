import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideClaim, type ClaimFacts } from './project-claims.ts';
import { JS_2025 } from './policy.ts';

const P = JS_2025.employmentBonus;
const facts = (over: Partial<ClaimFacts> = {}): ClaimFacts => ({
  kind: 'completion',
  appliedOn: '2026-06-01',
  completers: 10,
  stablyEmployed: 5,
  priceFen: 180000,
  projectStart: '2026-01-05',
  institution: { roles: ['training'], listedFrom: '2024-01-01', blacklistedFrom: null },
  completionAmountFen: 1_800_000,
  ...over,
});

describe('项目制 claims (issue 7: per completer at the project price, +20% when ≥ 50% stably employed)', () => {
  it('pays completers × price', () => {
    expect(decideClaim(facts(), P)).toEqual({ decision: 'approved', amountFen: 1_800_000, reasons: [] });
  });
  it('pays the bonus at exactly 50% stable employment and refuses it just below', () => {
    expect(decideClaim(facts({ kind: 'employment_bonus', stablyEmployed: 5 }), P)).toEqual({
      decision: 'approved',
      amountFen: 360_000,
      reasons: [],
    });
    expect(decideClaim(facts({ kind: 'employment_bonus', stablyEmployed: 4 }), P)).toMatchObject({
      decision: 'rejected',
      amountFen: 0,
      reasons: ['EMPLOYMENT_BELOW_50'],
    });
    expect(
      decideClaim(facts({ kind: 'employment_bonus', completers: 3, stablyEmployed: 2, completionAmountFen: 540000 }), P)
        .decision,
    ).toBe('approved');
  });
  it('refuses the bonus without an approved completion payment', () => {
    expect(decideClaim(facts({ kind: 'employment_bonus', completionAmountFen: null }), P).reasons).toEqual([
      'COMPLETION_NOT_APPROVED',
    ]);
  });
  it('applies policy.md’s institution tests: listed on the start date, not blacklisted on or before the claim', () => {
    expect(
      decideClaim(facts({ institution: { roles: ['training'], listedFrom: '2026-01-06', blacklistedFrom: null } }), P)
        .reasons,
    ).toEqual(['INSTITUTION_NOT_LISTED']);
    expect(
      decideClaim(facts({ institution: { roles: ['evaluation'], listedFrom: '2024-01-01', blacklistedFrom: null } }), P)
        .reasons,
    ).toEqual(['INSTITUTION_NOT_LISTED']);
    expect(
      decideClaim(
        facts({ institution: { roles: ['training'], listedFrom: '2024-01-01', blacklistedFrom: '2026-06-01' } }),
        P,
      ).reasons,
    ).toEqual(['INSTITUTION_BLACKLISTED']);
    expect(
      decideClaim(
        facts({ institution: { roles: ['training'], listedFrom: '2024-01-01', blacklistedFrom: '2026-06-02' } }),
        P,
      ).decision,
    ).toBe('approved');
    expect(decideClaim(facts({ completers: 0 }), P).reasons).toEqual(['NO_COMPLETERS']);
  });
  it('always gives integer fen, zero when rejected, the bonus rounded half-up from the completion amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 10_000_00 }),
        fc.boolean(),
        (completers, employed, price, bonus) => {
          const stably = Math.min(employed, completers);
          const f = facts({
            kind: bonus ? 'employment_bonus' : 'completion',
            completers,
            stablyEmployed: stably,
            priceFen: price,
            completionAmountFen: completers * price,
          });
          const d = decideClaim(f, P);
          expect(Number.isSafeInteger(d.amountFen)).toBe(true);
          if (d.decision === 'rejected') expect(d.amountFen).toBe(0);
          else if (bonus) expect(d.amountFen).toBe(Math.floor((completers * price * 2 + 5) / 10));
          else expect(d.amountFen).toBe(completers * price);
        },
      ),
    );
  });
});
