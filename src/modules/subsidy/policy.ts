/**
 * A subsidy policy version: every number of policy.md as data. Code holds the rules
 * (rules.ts); this holds the numbers. Money in fen, factors in basis points (1.30 → 13000).
 */
export interface PolicyParams {
  /** LATE_APPLICATION: months after issued_on within which one may apply. */
  applyWithinMonths: number;
  /** ANNUAL_LIMIT: counted decisions per person per calendar year. */
  annualLimit: number;
  /** TRAINING_LIFETIME_LIMIT */
  trainingLifetimeLimit: number;
  /** ATTENDANCE_BELOW_80: minimum attendance ratio, in percent. */
  attendanceMinPercent: number;
  /**
   * Blended projects (platform extension to policy.md, docs/online-learning.md § Blended projects):
   * online valid time covers at most this share (%) of the project's scheduled hours.
   */
  onlineMaxSharePercent: number;
  /** Online valid time stands in only for theory sessions (never practice). */
  onlineTheoryOnly: boolean;
  attendance: {
    faceScoreMin: number;
    gpsRadiusMeters: number;
    earthRadiusKm: number;
    graceMinutes: number;
  };
  /** Level order, lowest first (LOWER_THAN_SUBSIDIZED). */
  levelOrder: string[];
  /** Levels with no baseline training amount (LEVEL_NOT_COVERED for training). */
  trainingLevelsNotCovered: string[];
  shortageFactorBp: number;
  /** City factors; a city missing here uses `defaultCityFactorBp`. */
  defaultCityFactorBp: number;
  cityFactorBp: Record<string, number>;
  cityFactorBoundsBp: [number, number];
  /** Training base by certificate kind (levelled kinds by level) and occupation category. */
  trainingBaseFen: {
    levelled: Record<string, Record<'A' | 'B' | 'C', number>>;
    byKind: Record<string, Record<'A' | 'B' | 'C', number>>;
  };
  levelledKinds: string[];
  upgrade: {
    insuredMonthsMin: number;
    kinds: string[];
    baseFen: Record<string, number>;
    annualLimit: number;
    nonShortageAnnualLimit: number;
  };
  /** Project-based payments to institutions: employment-linked bonus (issue 7). */
  employmentBonus: { bonusBp: number; minStableShareBp: number; stableContractMonths: number; withinMonths: number };
}

const abc = (a: number, b: number, c: number) => ({ A: a * 100, B: b * 100, C: c * 100 });

/** 江苏 2025 默认补贴政策 (policy.md). */
export const JS_2025: PolicyParams = {
  applyWithinMonths: 12,
  annualLimit: 3,
  trainingLifetimeLimit: 3,
  attendanceMinPercent: 80,
  onlineMaxSharePercent: 30,
  onlineTheoryOnly: true,
  attendance: { faceScoreMin: 0.6, gpsRadiusMeters: 1000, earthRadiusKm: 6371, graceMinutes: 15 },
  levelOrder: ['LA', 'L5', 'L4', 'L3', 'L2', 'L1', 'LS', 'LC'],
  trainingLevelsNotCovered: ['LA', 'LS', 'LC'],
  shortageFactorBp: 13000,
  defaultCityFactorBp: 10000,
  cityFactorBp: {},
  cityFactorBoundsBp: [7000, 13000],
  trainingBaseFen: {
    levelled: {
      L1: abc(4300, 3500, 3000),
      L2: abc(3500, 2500, 2000),
      L3: abc(2000, 1800, 1500),
      L4: abc(1500, 1200, 1000),
      L5: abc(1000, 800, 500),
    },
    byKind: {
      special_ability: abc(800, 600, 400),
      training: abc(500, 500, 500),
      entrepreneurship: abc(1000, 1000, 1000),
    },
  },
  levelledKinds: ['skill_level', 'qualification'],
  upgrade: {
    insuredMonthsMin: 12,
    kinds: ['skill_level', 'qualification'],
    baseFen: { L5: 100000, L4: 150000, L3: 200000 },
    annualLimit: 3,
    nonShortageAnnualLimit: 1,
  },
  employmentBonus: { bonusBp: 2000, minStableShareBp: 5000, stableContractMonths: 12, withinMonths: 6 },
};

export const DEFAULT_POLICY_CODE = 'JS-2025';

/** Defaults of the platform's extensions, for versions stored before they existed. */
export const EXTENSION_DEFAULTS: Pick<PolicyParams, 'onlineMaxSharePercent' | 'onlineTheoryOnly'> = {
  onlineMaxSharePercent: 30,
  onlineTheoryOnly: true,
};

/**
 * The attendance-ratio rules of a version, as settlement, class closing, the class roster and the
 * pace notices all read them (one mapping, so they cannot drift apart).
 */
export const ratioRules = (p: PolicyParams) => ({
  attendance: p.attendance,
  online: { maxSharePercent: p.onlineMaxSharePercent, theoryOnly: p.onlineTheoryOnly },
});
