import { describe, expect, it } from 'vitest';
import { JS_2025 } from './policy.ts';
import { decide, type Case, type CountedDecision } from './rules.ts';

const listedEvaluator = { roles: ['evaluation'], listedFrom: '2024-01-01', blacklistedFrom: null, cityCode: '320100' };
const listedTrainer = { roles: ['training'], listedFrom: '2024-01-01', blacklistedFrom: null, cityCode: '320100' };

/** A training application that passes every rule; tests change one thing at a time. */
function makeCase(
  over: Partial<Case> = {},
  app: Partial<Case['app']> = {},
  cert: Partial<NonNullable<Case['cert']>> = {},
): Case {
  return {
    app: {
      applicationId: 'A1',
      type: 'training',
      personKey: 'P',
      certificateNo: 'C1',
      projectCode: 'PR1',
      appliedOn: '2025-06-01',
      ...app,
    },
    person: { groups: ['G3'], insuredMonths: 24, cityCode: '320200' },
    cert: {
      personKey: 'P',
      occupationCode: 'OCC',
      kind: 'skill_level',
      level: 'L4',
      issuedOn: '2025-05-01',
      evaluatorCode: 'E',
      revokedOn: null,
      ...cert,
    },
    occupation: { category: 'A', sector: 'manufacturing' },
    evaluator: listedEvaluator,
    project: { cityCode: '320100', startDate: '2025-03-01', keyTask: 1, institutionCode: 'I' },
    institution: listedTrainer,
    enrolled: true,
    ratio: { attendedMs: 100, scheduledMs: 100 },
    shortageOnIssue: false,
    counted: [],
    certCounted: false,
    flags: [],
    ...over,
  };
}
const prior = (over: Partial<CountedDecision> = {}): CountedDecision => ({
  applicationId: 'A0',
  type: 'training',
  appliedOn: '2025-02-01',
  certificateNo: 'C0',
  occupationCode: 'OCC',
  level: 'L5',
  shortage: false,
  ...over,
});
const reasons = (c: Case) => decide(c, JS_2025).reasons;

describe('policy JS-2025: every application', () => {
  it('approves a clean training application at base × factors', () => {
    expect(decide(makeCase(), JS_2025)).toEqual({
      decision: 'approved',
      amountFen: 150000,
      reasons: [],
      cityCode: '320100',
    });
  });
  it('CERT_NOT_FOUND skips the checks that need the certificate', () =>
    expect(reasons(makeCase({ cert: null, occupation: null }))).toEqual(['CERT_NOT_FOUND']));
  it('CERT_OTHER_PERSON', () => expect(reasons(makeCase({}, {}, { personKey: 'Q' }))).toEqual(['CERT_OTHER_PERSON']));
  it('CERT_REVOKED: a revoked certificate claims nothing, whenever it was revoked', () => {
    expect(reasons(makeCase({}, {}, { revokedOn: '2025-05-20' }))).toEqual(['CERT_REVOKED']);
    expect(reasons(makeCase({}, {}, { revokedOn: '2026-01-01' }))).toEqual(['CERT_REVOKED']);
    expect(reasons(makeCase({}, {}, { revokedOn: null }))).toEqual([]);
  });
  it('EVALUATOR_NOT_LISTED: lacking the role, listed after issue, or blacklisted on issue day', () => {
    expect(reasons(makeCase({ evaluator: { ...listedEvaluator, roles: ['training'] } }))).toEqual([
      'EVALUATOR_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ evaluator: { ...listedEvaluator, listedFrom: '2025-05-02' } }))).toEqual([
      'EVALUATOR_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ evaluator: { ...listedEvaluator, listedFrom: null } }))).toEqual([
      'EVALUATOR_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ evaluator: { ...listedEvaluator, blacklistedFrom: '2025-05-01' } }))).toEqual([
      'EVALUATOR_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ evaluator: { ...listedEvaluator, blacklistedFrom: '2025-05-02' } }))).toEqual([]);
  });
  it('APPLIED_BEFORE_CERT', () =>
    expect(reasons(makeCase({}, { appliedOn: '2025-04-30' }))).toEqual(['APPLIED_BEFORE_CERT']));
  it('LATE_APPLICATION after issued_on + 12 months, clamped at month end', () => {
    expect(reasons(makeCase({}, { appliedOn: '2026-05-01' }))).toEqual([]);
    expect(reasons(makeCase({}, { appliedOn: '2026-05-02' }))).toContain('LATE_APPLICATION');
    expect(reasons(makeCase({}, { appliedOn: '2025-02-28' }, { issuedOn: '2024-02-29' }))).not.toContain(
      'LATE_APPLICATION',
    );
    expect(reasons(makeCase({}, { appliedOn: '2025-03-01' }, { issuedOn: '2024-02-29' }))).toContain(
      'LATE_APPLICATION',
    );
  });
  it('CERT_ALREADY_SUBSIDIZED', () =>
    expect(reasons(makeCase({ certCounted: true }))).toEqual(['CERT_ALREADY_SUBSIDIZED']));
  it('SAME_OCCUPATION_LEVEL for another certificate of the same occupation and level', () => {
    expect(reasons(makeCase({ counted: [prior({ level: 'L4' })] }))).toEqual(['SAME_OCCUPATION_LEVEL']);
    expect(reasons(makeCase({ counted: [prior({ level: 'L4', occupationCode: 'OTHER' })] }))).toEqual([]);
  });
  it('LOWER_THAN_SUBSIDIZED after a higher level of the same occupation', () => {
    expect(reasons(makeCase({ counted: [prior({ level: 'L3' })] }))).toEqual(['LOWER_THAN_SUBSIDIZED']);
    expect(reasons(makeCase({ counted: [prior({ level: 'L5' })] }))).toEqual([]);
  });
  it('ANNUAL_LIMIT: 3 counted decisions applied in the same calendar year', () => {
    const three = ['A', 'B', 'C'].map((x) =>
      prior({ certificateNo: x, occupationCode: x, appliedOn: '2025-01-10', type: 'skill_upgrade' }),
    );
    expect(reasons(makeCase({ counted: three }))).toEqual(['ANNUAL_LIMIT']);
    expect(reasons(makeCase({ counted: three.map((d) => ({ ...d, appliedOn: '2024-12-31' })) }))).toEqual([]);
  });
});

describe('policy JS-2025: training', () => {
  it('NOT_TARGET_GROUP', () =>
    expect(reasons(makeCase({ person: { groups: [], insuredMonths: 0, cityCode: '320100' } }))).toEqual([
      'NOT_TARGET_GROUP',
    ]));
  it('TRAINING_LIFETIME_LIMIT after 3 counted training decisions in any years', () => {
    const three = ['2022', '2023', '2024'].map((y) =>
      prior({ certificateNo: y, occupationCode: y, appliedOn: `${y}-01-01` }),
    );
    expect(reasons(makeCase({ counted: three }))).toEqual(['TRAINING_LIFETIME_LIMIT']);
  });
  it('LEVEL_NOT_COVERED for LA, LS, LC', () => {
    for (const level of ['LA', 'LS', 'LC']) expect(reasons(makeCase({}, {}, { level }))).toEqual(['LEVEL_NOT_COVERED']);
  });
  it('PROJECT_NOT_FOUND skips the project checks', () =>
    expect(
      reasons(
        makeCase({ project: null, institution: null, enrolled: false, ratio: { attendedMs: 0, scheduledMs: 0 } }),
      ),
    ).toEqual(['PROJECT_NOT_FOUND']));
  it('NOT_ENROLLED', () => expect(reasons(makeCase({ enrolled: false }))).toEqual(['NOT_ENROLLED']));
  it('INSTITUTION_NOT_LISTED: no training role, or listed after the start date', () => {
    expect(reasons(makeCase({ institution: { ...listedTrainer, roles: ['evaluation'] } }))).toEqual([
      'INSTITUTION_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ institution: { ...listedTrainer, listedFrom: '2025-03-02' } }))).toEqual([
      'INSTITUTION_NOT_LISTED',
    ]);
    expect(reasons(makeCase({ institution: { ...listedTrainer, listedFrom: '2025-03-01' } }))).toEqual([]);
  });
  it('INSTITUTION_BLACKLISTED on or before applied_on', () => {
    expect(reasons(makeCase({ institution: { ...listedTrainer, blacklistedFrom: '2025-06-01' } }))).toEqual([
      'INSTITUTION_BLACKLISTED',
    ]);
    expect(reasons(makeCase({ institution: { ...listedTrainer, blacklistedFrom: '2025-06-02' } }))).toEqual([]);
  });
  it('ATTENDANCE_BELOW_80', () => {
    expect(reasons(makeCase({ ratio: { attendedMs: 79, scheduledMs: 100 } }))).toEqual(['ATTENDANCE_BELOW_80']);
    expect(reasons(makeCase({ ratio: { attendedMs: 80, scheduledMs: 100 } }))).toEqual([]);
  });
  it('lists every failing reason, sorted', () => {
    expect(
      reasons(makeCase({ enrolled: false, ratio: { attendedMs: 0, scheduledMs: 100 }, certCounted: true })),
    ).toEqual(['ATTENDANCE_BELOW_80', 'CERT_ALREADY_SUBSIDIZED', 'NOT_ENROLLED']);
  });
  it('goes to review with the flag codes when clean but flagged, amount computed', () => {
    expect(decide(makeCase({ flags: ['PROXY_DEVICE', 'IMPOSSIBLE_PRESENCE'] }), JS_2025)).toEqual({
      decision: 'review',
      amountFen: 150000,
      reasons: ['IMPOSSIBLE_PRESENCE', 'PROXY_DEVICE'],
      cityCode: '320100',
    });
  });
  it('amounts by kind and category, with the shortage factor on issued_on', () => {
    expect(decide(makeCase({ shortageOnIssue: true }), JS_2025).amountFen).toBe(195000);
    expect(
      decide(
        makeCase(
          { occupation: { category: 'C', sector: 'life_services' } },
          {},
          { kind: 'special_ability', level: null },
        ),
        JS_2025,
      ).amountFen,
    ).toBe(40000);
    expect(decide(makeCase({}, {}, { kind: 'training', level: null }), JS_2025).amountFen).toBe(50000);
    expect(decide(makeCase({}, {}, { kind: 'entrepreneurship', level: null }), JS_2025).amountFen).toBe(100000);
    expect(
      decide(makeCase({ occupation: { category: 'B', sector: 'digital' } }, {}, { level: 'L1' }), JS_2025).amountFen,
    ).toBe(350000);
  });
  it('the city factor of the project city applies; without a project, the residence city', () => {
    const p = { ...JS_2025, cityFactorBp: { '320100': 12000, '320200': 8000 } };
    expect(decide(makeCase(), p).amountFen).toBe(180000);
    const noProject = makeCase({ project: null, institution: null }, { projectCode: null });
    expect(decide(noProject, p)).toMatchObject({ amountFen: 120000, cityCode: '320200' });
  });
});

describe('policy JS-2025: skill upgrade', () => {
  const up = (over: Partial<Case> = {}, cert: Partial<NonNullable<Case['cert']>> = {}) =>
    makeCase({ project: null, institution: null, ...over }, { type: 'skill_upgrade', projectCode: null }, cert);
  it('approves L5/L4/L3 at 1000/1500/2000, +30% for shortage occupations', () => {
    expect(decide(up({}, { level: 'L5' }), JS_2025).amountFen).toBe(100000);
    expect(decide(up({ shortageOnIssue: true }, { level: 'L3' }), JS_2025).amountFen).toBe(260000);
  });
  it('INSURED_MONTHS_SHORT below 12 months', () => {
    expect(reasons(up({ person: { groups: [], insuredMonths: 11, cityCode: '320100' } }))).toEqual([
      'INSURED_MONTHS_SHORT',
    ]);
    expect(reasons(up({ person: { groups: [], insuredMonths: 12, cityCode: '320100' } }))).toEqual([]);
  });
  it('KIND_NOT_COVERED', () =>
    expect(reasons(up({}, { kind: 'special_ability', level: null }))).toEqual(['KIND_NOT_COVERED']));
  it('LEVEL_NOT_COVERED above L3', () => expect(reasons(up({}, { level: 'L2' }))).toEqual(['LEVEL_NOT_COVERED']));
  it('UPGRADE_ANNUAL_LIMIT: one non-shortage a year, two more for shortage occupations', () => {
    const nonShortage = prior({ type: 'skill_upgrade', occupationCode: 'X', appliedOn: '2025-01-05' });
    expect(reasons(up({ counted: [nonShortage] }))).toEqual(['UPGRADE_ANNUAL_LIMIT']);
    expect(reasons(up({ counted: [nonShortage], shortageOnIssue: true }))).toEqual([]);
    const shortageTwo = ['X', 'Y'].map((o) =>
      prior({ type: 'skill_upgrade', occupationCode: o, shortage: true, appliedOn: '2025-01-05' }),
    );
    expect(reasons(up({ counted: [...shortageTwo, nonShortage], shortageOnIssue: true }))).toContain(
      'UPGRADE_ANNUAL_LIMIT',
    );
    expect(reasons(up({ counted: [{ ...nonShortage, appliedOn: '2024-12-31' }] }))).toEqual([]);
  });
});
