import type { Db } from '../../db/client.ts';

/** A number of plan (一) with the sentence it comes from (table college_parameters, migration 0041). */
export interface CollegeParameter {
  code: string;
  value: number;
  unit: string;
  sourceZh: string;
  sourceRef: string;
}

/** The numbers the workload report uses; `value`s in basis points (ratios) or minutes. */
export interface CollegeParameters {
  /** 同比折算: class hours × ratio = full-time teaching workload hours (10000 bp = 1:1). */
  workloadRatioBp: number;
  /** 不超过净收入的 50%: the share of net income that may raise the performance-pay total. */
  performancePayCapBp: number;
  /** Minutes of one class hour (课时); the plan does not say, the platform's convention is 45. */
  classHourMinutes: number;
  all: CollegeParameter[];
}

/**
 * Which institutions the conversion applies to: 职业院校 (vocational colleges and technical schools),
 * and 本科院校 which "可参照执行" (plan 二（一）) — registry types.
 */
export const COLLEGE_TYPES = ['vocational_college', 'technical_school', 'university'] as const;

/** Reads plan (一)'s parameters; a missing row is a deployment fault, not a zero. */
export async function loadCollegeParameters(db: Db): Promise<CollegeParameters> {
  const all = await db.query<CollegeParameter>(
    `SELECT code, value, unit, source_zh AS "sourceZh", source_ref AS "sourceRef" FROM college_parameters ORDER BY code`,
  );
  const get = (code: string) => {
    const p = all.find((x) => x.code === code);
    if (!p) throw new Error(`college parameter ${code} missing (migration 0041)`);
    return p.value;
  };
  return {
    workloadRatioBp: get('workload_ratio'),
    performancePayCapBp: get('performance_pay_cap'),
    classHourMinutes: get('class_hour_minutes'),
    all,
  };
}
