import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { computeKpi, INDICATORS, type Indicator } from './kpi.ts';
import { pace, type Pace } from './pace.ts';
import { PLAN } from './targets.ts';

/** Dimensions the province decomposes the plan's targets by (1+13+N), with the catalog of their keys. */
export const TARGET_DIMENSIONS = {
  city: `SELECT code AS key, name FROM catalog.cities ORDER BY code`,
  sector: `SELECT code AS key, name FROM catalog.sectors ORDER BY key_task, code`,
  group: `SELECT code AS key, name FROM catalog.target_groups ORDER BY code`,
  key_task: `SELECT no::text AS key, title AS name FROM catalog.key_tasks ORDER BY no`,
} as const;
export type TargetDimension = keyof typeof TARGET_DIMENSIONS;

/** The province sets (or changes) one decomposed target for the plan period; audited with before/after. */
export async function setTarget(
  db: Db,
  actor: Actor,
  input: { indicator: string; dimension: string; key: string; value: number },
) {
  if (actor.role !== 'province_admin') throw new Forbidden();
  if (!(INDICATORS as readonly string[]).includes(input.indicator))
    throw new Invalid(
      'BAD_INDICATOR',
      `指标应为 ${INDICATORS.join('、')}`,
      `indicator must be one of ${INDICATORS.join(', ')}`,
      { field: 'indicator' },
    );
  if (!Object.hasOwn(TARGET_DIMENSIONS, input.dimension))
    throw new Invalid(
      'BAD_DIMENSION',
      '维度应为 city、sector、group 或 key_task',
      'dimension must be city, sector, group or key_task',
      { field: 'dimension' },
    );
  if (!Number.isInteger(input.value) || input.value < 0 || input.value > 100_000_000)
    throw new Invalid('BAD_TARGET', '目标值应为非负整数', 'the target must be a whole number ≥ 0', { field: 'value' });
  const keys = await db.query<{ key: string }>(TARGET_DIMENSIONS[input.dimension as TargetDimension]);
  if (!keys.some((k) => k.key === input.key))
    throw new Invalid(
      'UNKNOWN_KEY',
      `${input.dimension} 中没有 ${input.key}`,
      `${input.key} is not a ${input.dimension}`,
      { field: 'key' },
    );
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ value: number }>(
      'SELECT value FROM targets WHERE indicator = $1 AND dimension = $2 AND key = $3 AND period_from = $4 FOR UPDATE',
      [input.indicator, input.dimension, input.key, PLAN.from],
    );
    await tx.query(
      `INSERT INTO targets (indicator, dimension, key, period_from, period_to, value) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (indicator, dimension, key, period_from) DO UPDATE SET value = EXCLUDED.value`,
      [input.indicator, input.dimension, input.key, PLAN.from, PLAN.to, input.value],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'target.set',
        entity: 'target',
        entityId: `${input.indicator}/${input.dimension}/${input.key}`,
        before: before ?? null,
        after: { value: input.value },
      },
    ]);
    const [sum] = await tx.query<{ total: number | null; parts: number }>(
      `SELECT (SELECT value FROM targets WHERE indicator = $1 AND dimension = 'total') AS total, (SELECT COALESCE(sum(value), 0)::int FROM targets WHERE indicator = $1 AND dimension = $2) AS parts`,
      [input.indicator, input.dimension],
    );
    return {
      indicator: input.indicator as Indicator,
      dimension: input.dimension as TargetDimension,
      key: input.key,
      value: input.value,
      decomposed: sum.parts,
      provinceTarget: sum.total,
    };
  });
}

export interface TargetProgress extends Pace {
  dimension: TargetDimension;
  key: string;
  name: string;
  indicator: Indicator;
  /** false when the province has not decomposed this key yet (target 0, shown as 未分解). */
  hasTarget: boolean;
}

/**
 * Progress by one dimension for every key of it, each indicator, against its decomposed target.
 * A department officer sees only its sectors or key tasks.
 */
export async function targetProgress(
  db: Db,
  actor: Actor,
  dimension: TargetDimension,
  asOf: string,
): Promise<TargetProgress[]> {
  const keys = await db.query<{ key: string; name: string }>(TARGET_DIMENSIONS[dimension]);
  const kpi = (await computeKpi(db, { from: PLAN.from, to: asOf })).filter((r) => r.dimension === dimension);
  const targets = await db.query<{
    indicator: Indicator;
    key: string;
    value: number;
    period_from: string;
    period_to: string;
  }>('SELECT indicator, key, value, period_from, period_to FROM targets WHERE dimension = $1', [dimension]);
  const visible = (key: string) =>
    actor.role !== 'department_officer' ||
    (dimension === 'sector' && actor.sectors.includes(key)) ||
    (dimension === 'key_task' && actor.keyTasks.includes(Number(key)));
  const out: TargetProgress[] = [];
  for (const k of keys.filter((x) => visible(x.key))) {
    for (const indicator of INDICATORS) {
      const t = targets.find((x) => x.indicator === indicator && x.key === k.key);
      const actual = kpi.find((r) => r.indicator === indicator && r.key === k.key)?.value ?? 0;
      out.push({
        dimension,
        key: k.key,
        name: k.name,
        indicator,
        hasTarget: !!t,
        ...pace(actual, t?.value ?? 0, t?.period_from ?? PLAN.from, t?.period_to ?? PLAN.to, asOf),
      });
    }
  }
  return out;
}
