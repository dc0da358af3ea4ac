import { Invalid } from '../../kernel/errors.ts';
import type { PolicyParams } from './policy.ts';

/**
 * Every number of policy.md a province version may change, named for people (the draft form,
 * the diff and the validation errors read the same list). Structural lists (level order, kinds)
 * and physical constants (earth radius) are rules, not numbers a draft edits.
 */
export type PolicyUnit =
  | 'fen'
  | 'factor_bp'
  | 'share_bp'
  | 'percent'
  | 'count'
  | 'months'
  | 'meters'
  | 'minutes'
  | 'score'
  /** A yes/no rule (stored as a boolean; the draft carries 1 for yes, 0 for no). */
  | 'flag';

export interface PolicyField {
  /** Dotted path into PolicyParams: `trainingBaseFen.levelled.L3.A`. */
  path: string;
  zh: string;
  en: string;
  unit: PolicyUnit;
  min: number;
  max: number;
  /** Whole numbers only (money in fen, counts, basis points); `score` is a decimal. */
  integer: boolean;
}

const LEVELS = [
  ['L1', '高级技师', 'Senior technician'],
  ['L2', '技师', 'Technician'],
  ['L3', '高级工', 'Senior worker'],
  ['L4', '中级工', 'Intermediate worker'],
  ['L5', '初级工', 'Junior worker'],
] as const;
const KINDS = [
  ['special_ability', '专项职业能力', 'Special vocational ability'],
  ['training', '培训合格', 'Training certificate'],
  ['entrepreneurship', '创业培训', 'Entrepreneurship training'],
] as const;
const CATEGORIES = ['A', 'B', 'C'] as const;
/** ¥100,000 in fen: far above any base amount, low enough to catch a yuan typed as fen ×100. */
const MAX_BASE_FEN = 10_000_000;

const f = (path: string, zh: string, en: string, unit: PolicyUnit, min: number, max: number): PolicyField => ({
  path,
  zh,
  en,
  unit,
  min,
  max,
  integer: unit !== 'score',
});

export const POLICY_FIELDS: PolicyField[] = [
  ...LEVELS.flatMap(([lv, zh, en]) =>
    CATEGORIES.map((c) =>
      f(
        `trainingBaseFen.levelled.${lv}.${c}`,
        `培训补贴基础金额 · ${zh} · ${c}类`,
        `Training base · ${en} · category ${c}`,
        'fen',
        0,
        MAX_BASE_FEN,
      ),
    ),
  ),
  ...KINDS.flatMap(([kind, zh, en]) =>
    CATEGORIES.map((c) =>
      f(
        `trainingBaseFen.byKind.${kind}.${c}`,
        `培训补贴基础金额 · ${zh} · ${c}类`,
        `Training base · ${en} · category ${c}`,
        'fen',
        0,
        MAX_BASE_FEN,
      ),
    ),
  ),
  ...(['L5', 'L4', 'L3'] as const).map((lv) => {
    const [, zh, en] = LEVELS.find((l) => l[0] === lv)!;
    return f(
      `upgrade.baseFen.${lv}`,
      `技能提升补贴金额 · ${zh}`,
      `Skill-upgrade amount · ${en}`,
      'fen',
      0,
      MAX_BASE_FEN,
    );
  }),
  f('shortageFactorBp', '紧缺职业系数', 'Shortage-occupation factor', 'factor_bp', 10000, 30000),
  f('defaultCityFactorBp', '城市系数（默认）', 'City factor (default)', 'factor_bp', 1000, 30000),
  f('cityFactorBoundsBp.0', '城市系数下限', 'City factor lower bound', 'factor_bp', 1000, 30000),
  f('cityFactorBoundsBp.1', '城市系数上限', 'City factor upper bound', 'factor_bp', 1000, 30000),
  f('applyWithinMonths', '取证后申请期限（月）', 'Apply within (months after the certificate)', 'months', 1, 60),
  f('annualLimit', '每人每年补贴次数上限', 'Subsidies per person per year', 'count', 1, 20),
  f('trainingLifetimeLimit', '职业培训补贴终身次数上限', 'Training subsidies per person (lifetime)', 'count', 1, 20),
  f('attendanceMinPercent', '出勤率下限（%）', 'Minimum attendance (%)', 'percent', 0, 100),
  // 线上线下结合 (docs/online-learning.md § Blended projects): how online time counts for a project.
  f('onlineMaxSharePercent', '线上学时占比上限（%）', 'Online hours, most share of the hours (%)', 'percent', 0, 100),
  f('onlineTheoryOnly', '线上学时仅可替代理论课', 'Online hours stand in for theory sessions only', 'flag', 0, 1),
  f('attendance.faceScoreMin', '人脸比对分数下限', 'Minimum face-match score', 'score', 0, 1),
  f('attendance.gpsRadiusMeters', '移动签到距离上限（米）', 'Mobile check-in radius (m)', 'meters', 10, 100_000),
  f('attendance.graceMinutes', '签到签退宽限（分钟）', 'Check-in/out grace (minutes)', 'minutes', 0, 120),
  f('upgrade.insuredMonthsMin', '技能提升：参保月数下限', 'Skill upgrade: minimum insured months', 'months', 0, 240),
  f('upgrade.annualLimit', '技能提升：每年次数上限', 'Skill upgrade: per year', 'count', 1, 20),
  f(
    'upgrade.nonShortageAnnualLimit',
    '技能提升：非紧缺职业每年次数上限',
    'Skill upgrade: non-shortage per year',
    'count',
    0,
    20,
  ),
  f('employmentBonus.bonusBp', '就业奖励比例（%）', 'Employment bonus share (%)', 'share_bp', 0, 10000),
  f(
    'employmentBonus.minStableShareBp',
    '稳定就业比例下限（%）',
    'Minimum stable-employment share (%)',
    'share_bp',
    0,
    10000,
  ),
  f('employmentBonus.stableContractMonths', '稳定就业合同月数', 'Stable contract length (months)', 'months', 1, 120),
  f(
    'employmentBonus.withinMonths',
    '结业后就业期限（月）',
    'Employed within (months after completion)',
    'months',
    1,
    60,
  ),
];

/** The value at a dotted path (arrays by index). */
export function readNumber(params: PolicyParams, path: string): number {
  let v: unknown = params;
  for (const k of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  if (typeof v === 'boolean') return v ? 1 : 0; // a flag reads as 1 (yes) or 0 (no)
  return typeof v === 'number' ? v : Number.NaN;
}

function writeNumber(params: PolicyParams, path: string, value: number | boolean): void {
  const keys = path.split('.');
  let o = params as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    o[k] = Array.isArray(o[k]) ? [...(o[k] as unknown[])] : { ...((o[k] as object) ?? {}) };
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

/** The numbers of a version, by path. */
export function policyNumbers(params: PolicyParams): Record<string, number> {
  return Object.fromEntries(POLICY_FIELDS.map((x) => [x.path, readNumber(params, x.path)]));
}

/**
 * A draft: the base version's params with these numbers changed. Every refusal names the number
 * (what), its path (where) and the allowed range (why); all problems are reported at once.
 */
export function applyNumbers(base: PolicyParams, numbers: Record<string, number>): PolicyParams {
  const out: PolicyParams = structuredClone(base);
  const problems: { path: string; zh: string; en: string }[] = [];
  const known = new Map(POLICY_FIELDS.map((x) => [x.path, x]));
  for (const [path, value] of Object.entries(numbers)) {
    const field = known.get(path);
    if (!field) {
      problems.push({ path, zh: `未知的政策参数 ${path}`, en: `unknown policy number ${path}` });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (field.integer && !Number.isInteger(value))) {
      problems.push({
        path,
        zh: `${field.zh}：须为${field.integer ? '整数' : '数字'}`,
        en: `${field.en}: must be ${field.integer ? 'a whole number' : 'a number'}`,
      });
      continue;
    }
    if (field.unit === 'flag' && value !== 0 && value !== 1) {
      problems.push({ path, zh: `${field.zh}：须为是（1）或否（0）`, en: `${field.en}: must be yes (1) or no (0)` });
      continue;
    }
    if (value < field.min || value > field.max) {
      problems.push({
        path,
        zh: `${field.zh}：须在 ${shown(field, field.min)} 至 ${shown(field, field.max)} 之间（现为 ${shown(field, value)}）`,
        en: `${field.en}: must be between ${shown(field, field.min)} and ${shown(field, field.max)} (is ${shown(field, value)})`,
      });
      continue;
    }
    writeNumber(out, path, field.unit === 'flag' ? value === 1 : value);
  }
  const [lo, hi] = out.cityFactorBoundsBp;
  if (problems.length === 0 && (lo > hi || out.defaultCityFactorBp < lo || out.defaultCityFactorBp > hi))
    problems.push({
      path: 'cityFactorBoundsBp',
      zh: '城市系数：下限不得高于上限，默认系数须在上下限之间',
      en: 'City factor: the lower bound may not exceed the upper, and the default must lie between them',
    });
  if (problems.length > 0)
    throw new Invalid(
      'POLICY_INVALID',
      `政策草案有 ${problems.length} 处错误：${problems.map((p) => p.zh).join('；')}`,
      `The draft has ${problems.length} error(s): ${problems.map((p) => p.en).join('; ')}`,
      { problems },
    );
  return out;
}

/** A number as people read it: ¥ for money, ×1.30 for factors, 20% for shares. */
export function shown(field: PolicyField, v: number): string {
  switch (field.unit) {
    case 'fen':
      return `¥${(v / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'factor_bp':
      return (v / 10000).toFixed(2);
    case 'share_bp':
      return `${v / 100}%`;
    case 'flag':
      return v ? '1' : '0'; // never in a message: a flag is refused as not yes/no before its range
    default:
      return String(v);
  }
}

export interface PolicyChange {
  path: string;
  zh: string;
  en: string;
  unit: PolicyUnit;
  before: number;
  after: number;
}

/** The numbers that differ between two versions, in the form's order. */
export function diffPolicies(before: PolicyParams, after: PolicyParams): PolicyChange[] {
  return POLICY_FIELDS.flatMap((x) => {
    const a = readNumber(before, x.path);
    const b = readNumber(after, x.path);
    return a === b ? [] : [{ path: x.path, zh: x.zh, en: x.en, unit: x.unit, before: a, after: b }];
  });
}
