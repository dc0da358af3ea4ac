import type { Db } from '../../db/client.ts';
import { selectedCraftsmenCount } from '../evaluation/index.ts';
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
      '平台尚无评价技术资源开发成果的记录，暂不统计 / the platform holds no record of developed evaluation resources yet',
  },
] as const;

/** The yearly plan numbers for the year of `asOf`: target, actual where recorded, and its pace. */
export async function planYearly(db: Db, asOf: string) {
  const year = Number(asOf.slice(0, 4));
  const craftsmen = await selectedCraftsmenCount(db, year);
  return PLAN_YEARLY.map(({ perYear, ...p }) => ({
    ...p,
    year,
    target: perYear,
    actual: p.code === 'provincial_craftsmen' ? craftsmen : null,
    pace: p.code === 'provincial_craftsmen' ? pace(craftsmen, perYear, `${year}-01-01`, `${year}-12-31`, asOf) : null,
  }));
}
