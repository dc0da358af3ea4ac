import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../kernel/auth.ts';
import { assertMayChooseEvaluator, assertMayRegisterDevice } from './training.policy.ts';

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  username: role,
  displayName: role,
  role,
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
  ...over,
});

describe('training policy', () => {
  it('devices are registered by the institution’s city or the province, never by the institution', () => {
    const inst = { city_code: '320100' };
    expect(() => assertMayRegisterDevice(actor('province_admin'), inst)).not.toThrow();
    expect(() => assertMayRegisterDevice(actor('city_officer', { cityCode: '320100' }), inst)).not.toThrow();
    expect(() => assertMayRegisterDevice(actor('city_officer', { cityCode: '320200' }), inst)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_SCOPE' }),
    );
    expect(() => assertMayRegisterDevice(actor('institution_staff', { institutionCode: 'I1' }), inst)).toThrow(
      expect.objectContaining({ code: 'DEVICE_REGISTRAR' }),
    );
    expect(() => assertMayRegisterDevice(actor('department_officer', { sectors: ['manufacturing'] }), inst)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('a project’s evaluator is chosen by its city, the province or its own institution', () => {
    const p = { city_code: '320100', institution_code: 'I1' };
    expect(() => assertMayChooseEvaluator(actor('city_officer', { cityCode: '320100' }), p, 'EV')).not.toThrow();
    expect(() =>
      assertMayChooseEvaluator(actor('institution_staff', { institutionCode: 'I1' }), p, 'EV'),
    ).not.toThrow();
    expect(() => assertMayChooseEvaluator(actor('institution_staff', { institutionCode: 'I2' }), p, 'EV')).toThrow(
      expect.objectContaining({ code: 'OUT_OF_SCOPE' }),
    );
    expect(() => assertMayChooseEvaluator(actor('enterprise_staff', { enterpriseCode: 'E' }), p, 'EV')).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('never lets the training institution evaluate its own class', () => {
    const p = { city_code: '320100', institution_code: 'I1' };
    expect(() => assertMayChooseEvaluator(actor('institution_staff', { institutionCode: 'I1' }), p, 'I1')).toThrow(
      expect.objectContaining({ code: 'SELF_EVALUATION' }),
    );
    expect(() => assertMayChooseEvaluator(actor('province_admin'), p, 'I1')).toThrow(
      expect.objectContaining({ code: 'SELF_EVALUATION' }),
    );
  });
});
