import type { CarrierKind } from './programme-list.ts';

/** Names of the programmes module's codes (served by `GET /api/labels`). */
export const CARRIER_KIND_NAMES = {
  high_skill_base: { zh: '高技能人才培训基地', en: 'High-skill training base' },
  master_studio: { zh: '技能大师工作室', en: 'Skills master studio' },
  model_worker_studio: { zh: '劳模创新工作室', en: 'Model-worker innovation studio' },
  micro_major: { zh: '微专业', en: 'Micro-major' },
  chain_ecosystem: { zh: '链主/龙头企业技能生态链', en: 'Chain-leader skills ecosystem' },
} satisfies Record<CarrierKind, { zh: string; en: string }>;
