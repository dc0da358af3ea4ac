/**
 * The named programmes of the plan's annex (附件：重点任务分工表), each with the sentence that names
 * it, quoted. Reference data: seeded on start (seedProgrammes), read by tags and reports; the
 * key task is the annex's row number (catalog.key_tasks).
 */
export interface Programme {
  code: string;
  zh: string;
  en: string;
  keyTask: number;
  source: string;
}

export const PROGRAMMES: readonly Programme[] = [
  {
    code: 'manufacturing_skill_foundation',
    zh: '制造业技能根基工程',
    en: 'Manufacturing skills foundation project',
    keyTask: 1,
    source:
      '以组织实施制造业技能根基工程等为抓手，开展高低压电器及成套设备装调、工程机械装配调试、信息通信网络运行管理等技能培训。',
  },
  {
    code: 'digital_talent',
    zh: '加快数字人才培育支撑数字经济发展行动',
    en: 'Digital talent for the digital economy',
    keyTask: 2,
    source: '以组织实施加快数字人才培育支撑数字经济发展行动、数字技能提升行动、数字工程师培育项目等为抓手',
  },
  {
    code: 'digital_skills',
    zh: '数字技能提升行动',
    en: 'Digital skills upgrading',
    keyTask: 2,
    source: '以组织实施加快数字人才培育支撑数字经济发展行动、数字技能提升行动、数字工程师培育项目等为抓手',
  },
  {
    code: 'digital_engineer',
    zh: '数字工程师培育项目',
    en: 'Digital engineers',
    keyTask: 2,
    source: '以组织实施加快数字人才培育支撑数字经济发展行动、数字技能提升行动、数字工程师培育项目等为抓手',
  },
  {
    code: 'high_quality_farmers',
    zh: '高素质农民培育计划',
    en: 'High-quality farmers',
    keyTask: 5,
    source:
      '以组织实施高素质农民培育计划、乡村工匠培育工程、农村实用人才带头人培训计划、乡村振兴巾帼行动就业创业专项培训等为抓手',
  },
  {
    code: 'rural_craftsmen',
    zh: '乡村工匠培育工程',
    en: 'Rural craftsmen',
    keyTask: 5,
    source:
      '以组织实施高素质农民培育计划、乡村工匠培育工程、农村实用人才带头人培训计划、乡村振兴巾帼行动就业创业专项培训等为抓手',
  },
  {
    code: 'rural_leaders',
    zh: '农村实用人才带头人培训计划',
    en: 'Rural practical-talent leaders',
    keyTask: 5,
    source:
      '以组织实施高素质农民培育计划、乡村工匠培育工程、农村实用人才带头人培训计划、乡村振兴巾帼行动就业创业专项培训等为抓手',
  },
  {
    code: 'rural_women',
    zh: '乡村振兴巾帼行动就业创业专项培训',
    en: 'Rural women’s employment and enterprise training',
    keyTask: 5,
    source:
      '以组织实施高素质农民培育计划、乡村工匠培育工程、农村实用人才带头人培训计划、乡村振兴巾帼行动就业创业专项培训等为抓手',
  },
  {
    code: 'elderly_care',
    zh: '康养职业技能培训计划',
    en: 'Elderly-care skills',
    keyTask: 6,
    source: '以组织实施康养职业技能培训计划、家政服务职业技能专项培训行动、长期照护师培训计划等为抓手',
  },
  {
    code: 'domestic_service',
    zh: '家政服务职业技能专项培训行动',
    en: 'Domestic-service skills',
    keyTask: 6,
    source: '以组织实施康养职业技能培训计划、家政服务职业技能专项培训行动、长期照护师培训计划等为抓手',
  },
  {
    code: 'long_term_care',
    zh: '长期照护师培训计划',
    en: 'Long-term carers',
    keyTask: 6,
    source: '以组织实施康养职业技能培训计划、家政服务职业技能专项培训行动、长期照护师培训计划等为抓手',
  },
  {
    code: 'million_youth',
    zh: '百万青年职业技能提升行动',
    en: 'A million young people’s skills',
    keyTask: 8,
    source: '以组织实施百万青年职业技能提升行动、高校毕业生“强技行动”、“关爱·圆梦行动”、就业见习培训计划等为抓手',
  },
  {
    code: 'graduates_strong_skills',
    zh: '高校毕业生“强技行动”',
    en: 'Graduates’ strong-skills action',
    keyTask: 8,
    source: '以组织实施百万青年职业技能提升行动、高校毕业生“强技行动”、“关爱·圆梦行动”、就业见习培训计划等为抓手',
  },
  {
    code: 'care_and_dream',
    zh: '“关爱·圆梦行动”',
    en: 'Care and dream action',
    keyTask: 8,
    source: '以组织实施百万青年职业技能提升行动、高校毕业生“强技行动”、“关爱·圆梦行动”、就业见习培训计划等为抓手',
  },
  {
    code: 'internship_training',
    zh: '就业见习培训计划',
    en: 'Internship training',
    keyTask: 8,
    source: '以组织实施百万青年职业技能提升行动、高校毕业生“强技行动”、“关爱·圆梦行动”、就业见习培训计划等为抓手',
  },
  {
    code: 'work_for_training',
    zh: '以工代训',
    en: 'Training through work',
    keyTask: 9,
    source: '对重点工程项目务工人员，大力推广以工代赈、以工代训',
  },
  {
    code: 'gig_station_training',
    zh: '零工驿站+技能培训',
    en: 'Gig stations with skills training',
    keyTask: 10,
    source: '打造“零工驿站+技能培训”服务网络，建立“微技能认证+岗位晋升”通道',
  },
  {
    code: 'micro_skill_promotion',
    zh: '微技能认证+岗位晋升',
    en: 'Micro-skill certification and promotion',
    keyTask: 10,
    source: '打造“零工驿站+技能培训”服务网络，建立“微技能认证+岗位晋升”通道',
  },
  {
    code: 'disabled_employment',
    zh: '促进残疾人就业三年行动方案',
    en: 'Three-year plan for the employment of disabled people',
    keyTask: 12,
    source: '以组织实施促进残疾人就业三年行动方案等为抓手，开展手工制作、盲人按摩、电子商务、农村实用技术等技能培训。',
  },
  {
    code: 'safety_before_work',
    zh: '安全技能培训合格后上岗',
    en: 'Safety training before work',
    keyTask: 13,
    source: '以落实安全技能培训合格后上岗制度为抓手，开展在岗员工、新上岗员工、特种作业人员等安全技能培训',
  },
  {
    code: 'entrepreneurship_groups',
    zh: '重点群体创业推进行动',
    en: 'Enterprise for priority groups',
    keyTask: 14,
    source: '以开展重点群体创业推进行动、创业培训进校园专项活动等为抓手，开展创业意识、创业能力培训',
  },
  {
    code: 'entrepreneurship_campus',
    zh: '创业培训进校园专项活动',
    en: 'Enterprise training on campus',
    keyTask: 14,
    source: '以开展重点群体创业推进行动、创业培训进校园专项活动等为抓手，开展创业意识、创业能力培训',
  },
];

/** 培训载体 kinds the plan names, with the sentence that names each. */
export const CARRIER_KINDS = [
  'high_skill_base',
  'master_studio',
  'model_worker_studio',
  'micro_major',
  'chain_ecosystem',
] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

export const CARRIER_SOURCES: Record<CarrierKind, string> = {
  high_skill_base: '建好用好高技能人才培训基地、技能大师工作室、劳模创新工作室等载体，推动培训资源开放共享。',
  master_studio: '建好用好高技能人才培训基地、技能大师工作室、劳模创新工作室等载体，推动培训资源开放共享。',
  model_worker_studio: '建好用好高技能人才培训基地、技能大师工作室、劳模创新工作室等载体，推动培训资源开放共享。',
  micro_major:
    '开设先进制造业、生活服务业等领域急需紧缺专业、微专业，通过校企合作、产教融合、实习实训、企业冠名班培养等方式，面向社会开展技能培训。',
  chain_ecosystem:
    '支持龙头企业、链主企业、头部企业牵头打造跨领域跨区域的产业、教学、评价衔接融通的技能生态链……为产业链上下游企业提供技能培训和评价服务。',
};
