import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACCOUNTS, postingsFor, type LedgerEvent, type Posting } from './ledger.ts';

const scope = { cityCode: '320100', fund: 'employment_fund' as const, year: 2026 };
const EVENTS: LedgerEvent[] = ['allocate', 'commit', 'pay', 'release', 'clawback', 'recover', 'writeoff'];

describe('the funds ledger (double entry)', () => {
  it('every event posts equal debits and credits in integer fen', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS), fc.integer({ min: -1e10, max: 1e10 }), (event, amount) => {
        const ps = postingsFor(event, scope, amount);
        const d = ps.reduce((s, p) => s + p.debitFen, 0);
        const c = ps.reduce((s, p) => s + p.creditFen, 0);
        return (
          d === c &&
          ps.every(
            (p) =>
              Number.isSafeInteger(p.debitFen) &&
              Number.isSafeInteger(p.creditFen) &&
              p.debitFen >= 0 &&
              p.creditFen >= 0,
          )
        );
      }),
    );
  });
  it('any sequence of events keeps budget = available + committed + paid + receivable', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...EVENTS), fc.integer({ min: 0, max: 1e9 })), { maxLength: 60 }),
        (ops) => {
          const all: Posting[] = ops.flatMap(([e, a]) => postingsFor(e, scope, a));
          const bal = Object.fromEntries(
            ACCOUNTS.map((a) => [
              a,
              all.filter((p) => p.account === a).reduce((s, p) => s + p.debitFen - p.creditFen, 0),
            ]),
          );
          return -bal.appropriation === bal.available + bal.committed + bal.paid + bal.receivable;
        },
      ),
    );
  });
  it('refuses fractional money', () => expect(() => postingsFor('pay', scope, 1.5)).toThrow());
});
