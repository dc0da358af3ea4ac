/** Names of the evaluation codes people read (served to the web by `GET /api/labels`). */

export const CERTIFICATE_KIND_NAMES = {
  skill_level: { zh: '职业技能等级', en: 'Skill level' },
  qualification: { zh: '职业资格', en: 'Vocational qualification' },
  special_ability: { zh: '专项职业能力', en: 'Special ability' },
  training: { zh: '培训合格', en: 'Training certificate' },
  entrepreneurship: { zh: '创业培训合格', en: 'Entrepreneurship training' },
};

export const ASSESSMENT_STATUS_NAMES = {
  scheduled: { zh: '已安排', en: 'Scheduled' },
  closed: { zh: '已结束', en: 'Closed' },
};

/** 江苏工匠 nominations. */
export const NOMINATION_STATUS_NAMES = {
  nominated: { zh: '已推荐', en: 'Nominated' },
  selected: { zh: '入选', en: 'Selected' },
  rejected: { zh: '不入选', en: 'Not selected' },
};
