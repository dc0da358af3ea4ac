import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { assertProvince } from './selection.policy.ts';

/** 评分项: one published criterion with its weight (the weights of a version sum to 100). */
export interface Criterion {
  code: string;
  zh: string;
  en: string;
  weight: number;
}

/** 遴选标准: one published version of the criteria and the numbers that go with them. */
export interface CriteriaVersion {
  version: number;
  criteria: Criterion[];
  passMark: number;
  noticeDays: number;
  validityYears: number;
  reviewMonths: number;
  publishedAt: Date;
}

const SELECT = `SELECT version, criteria, pass_mark AS "passMark", notice_days AS "noticeDays",
  validity_years AS "validityYears", review_months AS "reviewMonths", published_at AS "publishedAt" FROM selection_criteria`;

/** The version in force (the latest published). */
export async function currentCriteria(db: Db): Promise<CriteriaVersion> {
  const [c] = await db.query<CriteriaVersion>(`${SELECT} ORDER BY version DESC LIMIT 1`);
  if (!c) throw new NotFound({ zh: '遴选标准', en: 'selection criteria' });
  return c;
}

/** One version (an application is scored against the version it was submitted under). */
export async function criteriaVersion(db: Db, version: number): Promise<CriteriaVersion> {
  const [c] = await db.query<CriteriaVersion>(`${SELECT} WHERE version = $1`, [version]);
  if (!c) throw new NotFound({ zh: '遴选标准', en: 'selection criteria' });
  return c;
}

/** Every published version, newest first (the public criteria page shows the history). */
export async function allCriteria(db: Db): Promise<CriteriaVersion[]> {
  return db.query<CriteriaVersion>(`${SELECT} ORDER BY version DESC`);
}

const bad = (field: string, zh: string, en: string) => new Invalid('BAD_CRITERIA', zh, en, { field });

/** What is wrong with a proposed version, or null: codes unique, weights whole and summing to 100, numbers in range. */
export function criteriaProblem(c: Omit<CriteriaVersion, 'version' | 'publishedAt'>): Invalid | null {
  if (c.criteria.length < 1 || c.criteria.length > 20) return bad('criteria', '评分项应为1–20项', 'give 1–20 criteria');
  const codes = new Set<string>();
  for (const [i, k] of c.criteria.entries()) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(k.code) || codes.has(k.code))
      return bad(
        `criteria.${i}.code`,
        `第${i + 1}项编码无效或重复`,
        `criterion ${i + 1}: code missing, invalid or repeated`,
      );
    codes.add(k.code);
    if (!k.zh?.trim() || !k.en?.trim())
      return bad(
        `criteria.${i}.zh`,
        `第${i + 1}项须有中英文名称`,
        `criterion ${i + 1} needs a Chinese and an English name`,
      );
    if (!Number.isInteger(k.weight) || k.weight < 1 || k.weight > 100)
      return bad(`criteria.${i}.weight`, `第${i + 1}项权重应为1–100的整数`, `criterion ${i + 1}: weight must be 1–100`);
  }
  const sum = c.criteria.reduce((s, k) => s + k.weight, 0);
  if (sum !== 100)
    return bad('criteria', `权重合计应为100（现为${sum}）`, `weights must sum to 100 (they sum to ${sum})`);
  for (const [field, v, lo, hi] of [
    ['passMark', c.passMark, 1, 100],
    ['noticeDays', c.noticeDays, 1, 60],
    ['validityYears', c.validityYears, 1, 10],
    ['reviewMonths', c.reviewMonths, 1, 36],
  ] as const)
    if (!Number.isInteger(v) || v < lo || v > hi)
      return bad(field, `${field} 应为${lo}–${hi}的整数`, `${field} must be a whole number from ${lo} to ${hi}`);
  return null;
}

/** Publishes a new version of the criteria (province, audited); applications already submitted keep theirs. */
export async function publishCriteria(
  db: Db,
  actor: Actor,
  input: Omit<CriteriaVersion, 'version' | 'publishedAt'>,
  clock: Clock = systemClock,
): Promise<CriteriaVersion> {
  assertProvince(actor);
  const problem = criteriaProblem(input);
  if (problem) throw problem;
  const criteria = input.criteria.map((k) => ({ code: k.code, zh: k.zh.trim(), en: k.en.trim(), weight: k.weight }));
  const version = await db.transaction(async (tx) => {
    await tx.query('LOCK TABLE selection_criteria IN EXCLUSIVE MODE');
    const [{ v }] = await tx.query<{ v: number }>('SELECT COALESCE(max(version), 0) + 1 AS v FROM selection_criteria');
    await tx.query(
      `INSERT INTO selection_criteria (version, criteria, pass_mark, notice_days, validity_years, review_months, published_at, published_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        v,
        JSON.stringify(criteria),
        input.passMark,
        input.noticeDays,
        input.validityYears,
        input.reviewMonths,
        clock.now(),
        actorName(actor),
      ],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'selection.criteria',
          entity: 'selection_criteria',
          entityId: String(v),
          after: { ...input, criteria },
        },
      ],
      clock,
    );
    return v;
  });
  return criteriaVersion(db, version);
}

/**
 * One expert's weighted total × 100 (an integer: no float reaches the database): Σ weight × score
 * over Σ weight, scores 0–100 per criterion, rounded half up.
 */
export function expertTotalCenti(criteria: Criterion[], scores: Record<string, number>): number {
  const weights = criteria.reduce((s, k) => s + k.weight, 0);
  const sum = criteria.reduce((s, k) => s + k.weight * (scores[k.code] ?? 0), 0);
  return Math.floor((sum * 100 * 2 + weights) / (2 * weights));
}

/** The result × 100: the mean of the experts' totals, rounded half up. */
export function meanCenti(totals: number[]): number {
  const sum = totals.reduce((s, t) => s + t, 0);
  return Math.floor((sum * 2 + totals.length) / (2 * totals.length));
}

/** What is wrong with one expert's scores: every criterion scored, each a whole number 0–100, nothing else. */
export function scoresProblem(criteria: Criterion[], scores: Record<string, number>): Invalid | null {
  for (const k of criteria) {
    const s = scores[k.code];
    if (!Number.isInteger(s) || s! < 0 || s! > 100)
      return new Invalid('BAD_SCORE', `“${k.zh}”应评0–100的整数分`, `score “${k.en}” with a whole number 0–100`, {
        field: `scores.${k.code}`,
      });
  }
  const extra = Object.keys(scores).find((c) => !criteria.some((k) => k.code === c));
  return extra
    ? new Invalid(
        'UNKNOWN_CRITERION',
        `评分项 ${extra} 不在该版本标准中`,
        `criterion ${extra} is not in this version`,
        {
          field: `scores.${extra}`,
        },
      )
    : null;
}
