import { describe, expect, it } from 'vitest';
import type { Case } from '../facts.ts';
import { FUNDS } from '../ledger.ts';
import { JS_2025 } from '../policy.ts';
import { decide } from '../rules.ts';
import {
  applicationProgramOf,
  claimProgramFor,
  PROGRAMS,
  programOf,
  PROJECT_PAYMENT,
  SKILL_UPGRADE,
  TRAINING,
  type ApplicationProgram,
} from './index.ts';

/** A city's own programme: a flat 123.45 yuan for anyone with a certificate, from the employment fund. */
const CITY_OWN: ApplicationProgram = {
  code: 'city_320100_youth',
  name: { zh: '南京市青年技能补贴', en: 'Nanjing youth skills subsidy' },
  fund: 'employment_fund',
  payee: 'person',
  rules: [(c) => (c.person.insuredMonths > 0 ? null : 'INSURED_MONTHS_SHORT')],
  baseFen: () => 12345,
};

/** An application that passes every shared rule. */
const cleanCase = (type: string): Case => ({
  app: { applicationId: 'A1', type, personKey: 'P', certificateNo: 'C1', projectCode: null, appliedOn: '2025-06-01' },
  person: { groups: [], insuredMonths: 24, cityCode: '320200' },
  cert: {
    personKey: 'P',
    occupationCode: 'OCC',
    kind: 'skill_level',
    level: 'L4',
    issuedOn: '2025-05-01',
    evaluatorCode: 'E',
    revokedOn: null,
  },
  occupation: { category: 'A', sector: 'manufacturing' },
  evaluator: { roles: ['evaluation'], listedFrom: '2024-01-01', blacklistedFrom: null, cityCode: '320100' },
  project: null,
  institution: null,
  enrolled: false,
  ratio: { attendedMs: 0, scheduledMs: 0 },
  shortageOnIssue: false,
  counted: [],
  certCounted: false,
  flags: [],
});

describe('subsidy programmes', () => {
  it('registers training, skill upgrade and 项目制 payment, each code once', () => {
    expect(PROGRAMS.map((p) => p.code)).toEqual(['training', 'skill_upgrade', 'project_based']);
    expect(new Set(PROGRAMS.map((p) => p.code)).size).toBe(PROGRAMS.length);
  });

  it('gives every programme a fund of the ledger and a bilingual name', () => {
    for (const p of PROGRAMS) {
      expect(Object.hasOwn(FUNDS, p.fund)).toBe(true);
      expect(p.name.zh && p.name.en).toBeTruthy();
    }
    expect(TRAINING.fund).toBe('employment_fund');
    expect(SKILL_UPGRADE.fund).toBe('unemployment_insurance');
    expect(PROJECT_PAYMENT.fund).toBe('employment_fund');
  });

  it('pays workers for applications and institutions for claims', () => {
    expect([TRAINING.payee, SKILL_UPGRADE.payee, PROJECT_PAYMENT.payee]).toEqual(['person', 'person', 'institution']);
    expect(claimProgramFor('project_based')).toBe(PROJECT_PAYMENT);
    expect(claimProgramFor('employment_skills')).toBeUndefined();
    expect(claimProgramFor('training')).toBeUndefined();
    expect(() => applicationProgramOf('project_based')).toThrow();
  });

  it('refuses an unknown code', () => {
    expect(() => programOf('no_such_programme')).toThrow(/no_such_programme/);
  });

  it('is extended by one more programme in the list: picked by programOf and decided by its own rules', () => {
    const programs = [...PROGRAMS, CITY_OWN];
    expect(programOf(CITY_OWN.code, programs)).toBe(CITY_OWN);
    expect(() => programOf(CITY_OWN.code)).toThrow(); // the copy, not the registered list, was extended
    expect(decide(cleanCase(CITY_OWN.code), JS_2025, programs)).toEqual({
      decision: 'approved',
      amountFen: 12345,
      reasons: [],
      cityCode: '320200',
    });
    const uninsured = { ...cleanCase(CITY_OWN.code), person: { groups: [], insuredMonths: 0, cityCode: '320200' } };
    expect(decide(uninsured, JS_2025, programs).reasons).toEqual(['INSURED_MONTHS_SHORT']);
    // The shared rules still run first for it.
    expect(decide({ ...cleanCase(CITY_OWN.code), cert: null }, JS_2025, programs).reasons).toEqual(['CERT_NOT_FOUND']);
  });
});
