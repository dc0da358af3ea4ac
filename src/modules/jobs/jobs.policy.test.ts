import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/auth.ts';
import { assertMayConfirmAsEmployer, assertMayHireFor, directHire, hireStartProblem } from './jobs.policy.ts';

const enterprise = (code: string): Actor => ({
  userId: 'u',
  username: 'e',
  displayName: 'e',
  role: 'enterprise_staff',
  cityCode: null,
  institutionCode: null,
  enterpriseCode: code,
  personKey: null,
  sectors: [],
  keyTasks: [],
});

describe('jobs policy', () => {
  it('a start date runs from the order’s posting day to 31 days ahead of today', () => {
    expect(hireStartProblem('2026-03-01', '2026-03-01', '2026-03-10')).toBeNull();
    expect(hireStartProblem('2026-02-28', '2026-03-01', '2026-03-10')?.code).toBe('START_BEFORE_ORDER');
    expect(hireStartProblem('2026-04-10', '2026-03-01', '2026-03-10')).toBeNull();
    expect(hireStartProblem('2026-04-11', '2026-03-01', '2026-03-10')?.code).toBe('START_TOO_FAR_AHEAD');
  });

  it('hires directly only one of the order’s candidates', () => {
    const candidates = [{ personKey: 'A', name: '甲' }];
    expect(directHire(candidates, 'A')?.name).toBe('甲');
    expect(directHire(candidates, 'B')).toBeUndefined();
  });

  it('an enterprise acts on its own orders and answers only as the employer found before the class', () => {
    expect(() => assertMayHireFor(enterprise('E1'), { enterprise_code: 'E1' })).not.toThrow();
    expect(() => assertMayHireFor(enterprise('E1'), { enterprise_code: 'E2' })).toThrow(
      expect.objectContaining({ code: 'OUT_OF_SCOPE' }),
    );
    expect(() => assertMayConfirmAsEmployer(enterprise('E1'), undefined)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => assertMayConfirmAsEmployer(enterprise('E1'), { employer_code: 'E2' })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});
