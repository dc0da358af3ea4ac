import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JS_2025 } from './policy.ts';
import { applyNumbers, diffPolicies, POLICY_FIELDS, policyNumbers } from './policy-fields.ts';
import { policyInForce, type LoadedPolicy } from './policy.repo.ts';

/** The refusal of a draft with these numbers: its code and Chinese message. */
function refusal(numbers: Record<string, number>) {
  try {
    applyNumbers(JS_2025, numbers);
  } catch (e) {
    const { code, zh } = e as { code: string; zh: string };
    return { code, zh };
  }
  return null;
}

describe('policy fields', () => {
  it('names every number of JS-2025 it edits, all inside their own bounds', () => {
    for (const [path, v] of Object.entries(policyNumbers(JS_2025))) {
      const f = POLICY_FIELDS.find((x) => x.path === path)!;
      expect(Number.isFinite(v), path).toBe(true);
      expect(v >= f.min && v <= f.max, path).toBe(true);
    }
  });

  it('a draft within bounds changes exactly the numbers given; one outside is refused by name', () => {
    const moneyFields = POLICY_FIELDS.filter((f) => f.unit === 'fen');
    fc.assert(
      fc.property(fc.constantFrom(...moneyFields), fc.integer({ min: -10_000_000, max: 20_000_000 }), (f, v) => {
        const inBounds = v >= f.min && v <= f.max;
        if (!inBounds) {
          expect(() => applyNumbers(JS_2025, { [f.path]: v })).toThrow(f.en);
          return;
        }
        const changes = diffPolicies(JS_2025, applyNumbers(JS_2025, { [f.path]: v }));
        const before = policyNumbers(JS_2025)[f.path];
        expect(changes.map((c) => [c.path, c.before, c.after])).toEqual(before === v ? [] : [[f.path, before, v]]);
      }),
    );
    // The draft is a copy: the base version is never changed.
    expect(JS_2025.trainingBaseFen.levelled.L3.A).toBe(200000);
  });

  it('carries the blended-learning rules: the online share (%) and theory-only as a yes/no', () => {
    expect(policyNumbers(JS_2025)).toMatchObject({ onlineMaxSharePercent: 30, onlineTheoryOnly: 1 });
    const draft = applyNumbers(JS_2025, { onlineMaxSharePercent: 50, onlineTheoryOnly: 0 });
    expect(draft).toMatchObject({ onlineMaxSharePercent: 50, onlineTheoryOnly: false });
    expect(diffPolicies(JS_2025, draft).map((c) => [c.path, c.before, c.after])).toEqual([
      ['onlineMaxSharePercent', 30, 50],
      ['onlineTheoryOnly', 1, 0],
    ]);
    expect(refusal({ onlineMaxSharePercent: 101 })).toEqual({
      code: 'POLICY_INVALID',
      zh: '政策草案有 1 处错误：线上学时占比上限（%）：须在 0 至 100 之间（现为 101）',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5 }).filter((v) => v !== 0 && v !== 1),
        (v) => {
          expect(refusal({ onlineTheoryOnly: v })).toEqual({
            code: 'POLICY_INVALID',
            zh: '政策草案有 1 处错误：线上学时仅可替代理论课：须为是（1）或否（0）',
          });
        },
      ),
    );
  });

  it('refuses a fraction where a whole number is required', () => {
    expect(() => applyNumbers(JS_2025, { annualLimit: 2.5 })).toThrow('whole number');
  });
});

describe('policyInForce', () => {
  const v = (code: string, effectiveFrom: string): LoadedPolicy => ({
    code,
    effectiveFrom,
    params: JS_2025,
    cityVersions: {},
  });
  const timeline = [v('JS-2025', '2025-01-01'), v('JS-2025.2', '2026-01-01'), v('JS-2025.3', '2026-07-01')];
  const loaded = { ...timeline[2], timeline };
  it('picks the newest version effective on or before the application date, the first before any', () => {
    expect(policyInForce(loaded, '2024-06-01').code).toBe('JS-2025');
    expect(policyInForce(loaded, '2025-12-31').code).toBe('JS-2025');
    expect(policyInForce(loaded, '2026-01-01').code).toBe('JS-2025.2');
    expect(policyInForce(loaded, '2026-06-30').code).toBe('JS-2025.2');
    expect(policyInForce(loaded, '2027-01-01').code).toBe('JS-2025.3');
  });
});
