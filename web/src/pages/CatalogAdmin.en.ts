/** English of the catalog administration page (目录管理). */
export const CATALOG_ADMIN_EN: Record<string, string> = {
  目录管理: 'Catalog administration',
  编辑: 'Edit',
  搜索名称或代码: 'Search a name or code',
  新增职业: 'Add an occupation',
  修改职业: 'Edit occupation',
  专项职业能力年度: 'Special ability since (year)',
  非专项: 'Not one',
  '请先填写代码、名称、领域和类别': 'Fill in code, name, sector and category first',
  '专项职业能力填纳入评价资源的年度，计入当年新增评价资源（规划每年 40 个）。':
    'For a special ability, give the year it became an evaluation resource: it counts towards that year’s new resources (plan: 40 a year). ',
  职业目录已更新: 'Occupation catalog updated',
  '代码格式：国家职业分类大典代码（如 6-18-02-04）或江苏补充代码（如 JS-0001）。':
    'Code format: a national classification code (e.g. 6-18-02-04) or a Jiangsu supplementary code (e.g. JS-0001).',
  年纳入: ' added',
  '年新增评价资源（专项职业能力）': ' new evaluation resources (special abilities)',
  规划每年: 'Plan per year',
  修改前: 'Before',
  修改后: 'After',
  '技能等级与职称、学历贯通对照': 'Skill levels ↔ professional titles and education',
  修改贯通对照: 'Edit mapping',
  技能等级: 'Skill level',
  对应职称: 'Professional title',
  对应学历: 'Education',
};
