import type { Db } from '../../db/client.ts';
import { selectedCraftsmenCount } from '../evaluation/index.ts';
import { evaluationResourcesAdded } from '../catalog/index.ts';
import { pace } from './pace.ts';

/**
 * The plan's yearly numbers besides the three indicators, with their sentences: shown on the board
 * against what the platform records. `actual` is null where the platform holds no such records.
 */
export const PLAN_YEARLY = [
  {
    code: 'provincial_craftsmen',
    zh: '省级工匠',
    en: 'Provincial craftsmen',
    perYear: 100,
    source: '每年培养省级工匠100名左右。',
    counted: '当年“江苏工匠”推荐中经省级评审入选的人数 / nominations the province selected for the year',
  },
  {
    code: 'evaluation_resources',
    zh: '新增评价技术资源开发成果（含专项职业能力考核规范）',
    en: 'New evaluation resources (incl. special-ability specifications)',
    perYear: 40,
    source: '加大评价技术资源开发力度，每年新增 40个开发成果。加快培育具有地域特色的专项职业能力考核项目',
    counted:
      '当年在职业目录中标为专项职业能力评价资源的项目数（目录管理）；其他开发成果平台尚无记录 / catalog items marked as special-ability evaluation resources in the year (catalog administration); other kinds of resources are not recorded yet',
  },
] as const;

/** The yearly plan numbers for the year of `asOf`: target, actual where recorded, and its pace. */
export async function planYearly(db: Db, asOf: string) {
  const year = Number(asOf.slice(0, 4));
  const actuals: Record<(typeof PLAN_YEARLY)[number]['code'], number> = {
    provincial_craftsmen: await selectedCraftsmenCount(db, year),
    evaluation_resources: (await evaluationResourcesAdded(db, year)).added,
  };
  return PLAN_YEARLY.map(({ perYear, ...p }) => ({
    ...p,
    year,
    target: perYear,
    actual: actuals[p.code],
    pace: pace(actuals[p.code], perYear, `${year}-01-01`, `${year}-12-31`, asOf),
  }));
}
