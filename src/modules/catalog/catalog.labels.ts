import type { Db } from '../../db/client.ts';

type Names = Record<string, { zh: string; en: string }>;

export interface CatalogNames {
  city: Names;
  sector: Names;
  group: Names;
  keyTask: Names;
  level: Names;
  occupation: Names;
}

/**
 * The reference catalogs' codes with their names, in both languages. Occupations have no English
 * name in the catalog: the Chinese name with its code stands in. A key task reads as the sector or
 * group it serves.
 */
export async function catalogNames(db: Db): Promise<CatalogNames> {
  const [cities, sectors, groups, tasks, levels, occupations] = await Promise.all([
    db.query<Row>('SELECT code, name, name_en FROM cities ORDER BY code'),
    db.query<Row>('SELECT code, name, name_en FROM sectors ORDER BY key_task'),
    db.query<Row>('SELECT code, name, name_en FROM target_groups ORDER BY code'),
    db.query<{ no: number; title: string; dimension: string; target: string }>(
      'SELECT no, title, dimension, target FROM key_tasks ORDER BY no',
    ),
    db.query<Row>('SELECT code, name, name_en FROM levels ORDER BY rank'),
    db.query<{ code: string; name: string }>('SELECT code, name FROM occupations ORDER BY code'),
  ]);
  const sector = names(sectors);
  const group = names(groups);
  return {
    city: names(cities),
    sector,
    group,
    keyTask: Object.fromEntries(
      tasks.map((t) => {
        const served = (t.dimension === 'sector' ? sector : group)[t.target]?.en;
        return [String(t.no), { zh: t.title, en: served ? `${served} training` : `Key task ${t.no}` }];
      }),
    ),
    level: names(levels),
    occupation: Object.fromEntries(occupations.map((o) => [o.code, { zh: o.name, en: `${o.name} (${o.code})` }])),
  };
}

interface Row {
  code: string;
  name: string;
  name_en: string;
}
const names = (rows: Row[]): Names => Object.fromEntries(rows.map((r) => [r.code, { zh: r.name, en: r.name_en }]));

/** The three occupation categories of the subsidy baseline (policy.md § Amount). */
export const OCCUPATION_CATEGORY_NAMES = {
  A: { zh: 'A类（生产制造）', en: 'A (production and manufacturing)' },
  B: { zh: 'B类（生产服务）', en: 'B (production services)' },
  C: { zh: 'C类（生活服务）', en: 'C (life services)' },
};

/** Where an occupation's code comes from (interchange.md: 大典 code, or a Jiangsu code for what the 大典 lacks). */
export const CODE_SOURCE_NAMES = {
  dadian: { zh: '国家职业分类大典', en: 'National occupational classification' },
  local: { zh: '江苏省补充代码', en: 'Jiangsu supplementary code' },
};
