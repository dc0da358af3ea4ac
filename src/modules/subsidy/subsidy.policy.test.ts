import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/auth.ts';
import { assertMaySetBudget } from './subsidy.policy.ts';

const actor = (role: Actor['role'], cityCode: string | null = null): Actor => ({
  userId: 'u',
  username: 'u',
  displayName: 'u',
  role,
  cityCode,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
});

describe('who may set a budget', () => {
  it('the province may set any city’s budget', () => {
    expect(() => assertMaySetBudget(actor('province_admin'), { cityCode: '320100' })).not.toThrow();
  });
  it('a city officer may not, not even for their own city', () => {
    expect(() => assertMaySetBudget(actor('city_officer', '320100'), { cityCode: '320100' })).toThrow(
      expect.objectContaining({ status: 403, code: 'BUDGET_PROVINCE_ONLY' }),
    );
  });
  it('nor may any other role', () => {
    for (const r of ['department_officer', 'institution_staff', 'enterprise_staff', 'worker'] as const) {
      expect(() => assertMaySetBudget(actor(r), { cityCode: '320100' })).toThrow(
        expect.objectContaining({ status: 403 }),
      );
    }
  });
});
