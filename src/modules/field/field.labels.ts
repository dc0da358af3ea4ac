/** Names of the field module's codes (served to the web by `GET /api/labels`). */

/** The activities the plan names (plan (六): 技能夜校, 暑期学校, 送技…, 就业对接, 直播带岗). */
export const ACTIVITY_KIND_NAMES = {
  night_school: { zh: '技能夜校', en: 'Skills night school' },
  summer_school: { zh: '暑期学校', en: 'Summer school' },
  to_village: { zh: '送技下乡', en: 'Skills to the countryside' },
  to_enterprise: { zh: '送技入企', en: 'Skills to enterprises' },
  to_community: { zh: '送技进社区', en: 'Skills to communities' },
  job_fair: { zh: '招聘会', en: 'Job fair' },
  live_hiring: { zh: '直播带岗', en: 'Live-stream hiring' },
};
export type ActivityKind = keyof typeof ACTIVITY_KIND_NAMES;

export const COMPETITION_LEVEL_NAMES = {
  province: { zh: '省级竞赛', en: 'Province contest' },
  city: { zh: '市级竞赛', en: 'City contest' },
  industry: { zh: '行业竞赛', en: 'Industry contest' },
};
export type CompetitionLevel = keyof typeof COMPETITION_LEVEL_NAMES;

export const AWARD_NAMES = {
  first: { zh: '一等奖', en: 'First prize' },
  second: { zh: '二等奖', en: 'Second prize' },
  third: { zh: '三等奖', en: 'Third prize' },
  merit: { zh: '优秀奖', en: 'Merit award' },
};
export type Award = keyof typeof AWARD_NAMES;

export const PROMOTION_STATUS_NAMES = {
  proposed: { zh: '待确认', en: 'To confirm' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  rejected: { zh: '不予晋升', en: 'Rejected' },
};
