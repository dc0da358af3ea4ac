import type { Dimension, Indicator } from './kpi.ts';
import type { MarketSignal } from './labour-market.ts';
import type { HolderKind } from './holders.ts';

/** Names of the reporting codes people read (served to the web by `GET /api/labels`; reports use them too). */

export const INDICATOR_NAMES = {
  subsidized_trainings: { zh: '补贴性培训人次', en: 'Subsidized trainings' },
  new_certificates: { zh: '新增证书', en: 'New certificates' },
  new_high_skill: { zh: '新增高技能人才', en: 'New high-skill talents' },
} satisfies Record<Indicator, { zh: string; en: string }>;

/** The KPI's dimensions; also what a reminder is addressed to (a city, a sector, a key task). */
export const DIMENSION_NAMES = {
  total: { zh: '合计', en: 'Total' },
  city: { zh: '城市', en: 'City' },
  sector: { zh: '领域', en: 'Sector' },
  group: { zh: '群体', en: 'Group' },
  key_task: { zh: '重点任务', en: 'Key task' },
} satisfies Record<Dimension, { zh: string; en: string }>;

export const MARKET_SIGNAL_NAMES = {
  shortage: { zh: '紧缺', en: 'Shortage' },
  saturated: { zh: '饱和', en: 'Saturated' },
  balanced: { zh: '均衡', en: 'Balanced' },
} satisfies Record<MarketSignal, { zh: string; en: string }>;

/** "N" of 1+13+N: who holds targets besides the province and the cities. */
export const HOLDER_KIND_NAMES = {
  department: { zh: '行业部门', en: 'Department' },
  industry_org: { zh: '行业组织', en: 'Industry organisation' },
  chain_leader: { zh: '链主/龙头企业', en: 'Chain-leader enterprise' },
} satisfies Record<HolderKind, { zh: string; en: string }>;
