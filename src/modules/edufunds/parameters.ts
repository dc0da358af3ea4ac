import type { Db } from '../../db/client.ts';

export interface EdufundParameter {
  code: string;
  value: number;
  unit: string;
  sourceZh: string;
  sourceRef: string;
}

/** Plan (二)'s number: the least front-line share of the fund's spending, in basis points (7000 = 70 %). */
export async function loadEdufundParameters(db: Db): Promise<{ frontLineShareBp: number; all: EdufundParameter[] }> {
  const all = await db.query<EdufundParameter>(
    `SELECT code, value, unit, source_zh AS "sourceZh", source_ref AS "sourceRef" FROM edufund_parameters ORDER BY code`,
  );
  const share = all.find((p) => p.code === 'front_line_share');
  if (!share) throw new Error('edufund parameter front_line_share missing (migration 0041)');
  return { frontLineShareBp: share.value, all };
}
