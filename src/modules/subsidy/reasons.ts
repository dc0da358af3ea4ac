/** Reason codes of policy.md § Reasons, with the words an applicant reads. One place. */
export const REASONS = {
  CERT_NOT_FOUND: { zh: '证书编号在证书库中不存在', en: 'the certificate number is not in the registry' },
  CERT_OTHER_PERSON: { zh: '证书属于他人', en: 'the certificate belongs to another person' },
  EVALUATOR_NOT_LISTED: {
    zh: '发证评价机构在发证日不在目录内、无评价资质或已被列入黑名单',
    en: 'the evaluator was not a listed evaluation institution on the issue date',
  },
  APPLIED_BEFORE_CERT: { zh: '申请日期早于发证日期', en: 'applied before the certificate was issued' },
  LATE_APPLICATION: {
    zh: '超过发证后12个月的申请期限',
    en: 'applied more than 12 months after the certificate was issued',
  },
  CERT_ALREADY_SUBSIDIZED: {
    zh: '该证书已享受过补贴（两类补贴不可兼得）',
    en: 'this certificate has already been subsidized',
  },
  SAME_OCCUPATION_LEVEL: {
    zh: '同一职业同一等级已享受过补贴',
    en: 'the same occupation and level has already been subsidized',
  },
  LOWER_THAN_SUBSIDIZED: {
    zh: '已按更高等级享受过该职业补贴',
    en: 'a higher level of this occupation has already been subsidized',
  },
  ANNUAL_LIMIT: { zh: '本年度已享受3次补贴', en: 'already 3 subsidies this calendar year' },
  NOT_TARGET_GROUP: { zh: '不属于九类重点群体', en: 'not in any of the nine target groups' },
  TRAINING_LIFETIME_LIMIT: { zh: '职业培训补贴已享受3次', en: 'already 3 training subsidies' },
  LEVEL_NOT_COVERED: { zh: '该证书等级不在补贴范围内', en: 'this certificate level is not covered' },
  PROJECT_NOT_FOUND: { zh: '培训项目不存在', en: 'the training project does not exist' },
  NOT_ENROLLED: { zh: '未报名参加该培训项目', en: 'not enrolled in the project' },
  INSTITUTION_NOT_LISTED: {
    zh: '培训机构在开班日不在目录内或无培训资质',
    en: 'the institution was not a listed training institution when the project started',
  },
  INSTITUTION_BLACKLISTED: { zh: '培训机构已被列入黑名单', en: 'the institution is blacklisted' },
  ATTENDANCE_BELOW_80: { zh: '出勤率低于80%', en: 'attendance below 80%' },
  INSURED_MONTHS_SHORT: { zh: '失业保险缴费不足12个月', en: 'fewer than 12 months of unemployment insurance' },
  KIND_NOT_COVERED: {
    zh: '证书类别不在技能提升补贴范围内',
    en: 'this certificate kind is not covered by the skill-upgrade subsidy',
  },
  UPGRADE_ANNUAL_LIMIT: {
    zh: '本年度技能提升补贴次数已满',
    en: 'the yearly number of skill-upgrade subsidies is used up',
  },
  PROXY_DEVICE: {
    zh: '考勤设备被多人共用（疑似代打卡），待人工复核',
    en: 'one phone used by several persons (possible proxy attendance); under review',
  },
  IMPOSSIBLE_PRESENCE: {
    zh: '同一时间出现在两个课堂，待人工复核',
    en: 'present in two sessions at once; under review',
  },
  /** A revoked certificate: settlement refuses a claim on it (rules.ts certRevoked), and the clawback voids earlier ones (clawback.ts). */
  CERT_REVOKED: { zh: '证书已被撤销', en: 'the certificate has been revoked' },
  NO_COMPLETERS: { zh: '本班无结业学员', en: 'no trainee completed the class' },
  EMPLOYMENT_BELOW_50: {
    zh: '结业后6个月内稳定就业（合同12个月以上）人数不足结业人数的50%',
    en: 'fewer than 50% of completers in stable employment (contract of 12+ months) within 6 months',
  },
  COMPLETION_NOT_APPROVED: {
    zh: '结业补贴未获批准，不能申请就业奖励',
    en: 'the completion payment was not approved, so no employment bonus',
  },
} as const;

export type ReasonCode = keyof typeof REASONS;

export function explainReason(code: string): { code: string; zh: string; en: string } {
  const r = (REASONS as Record<string, { zh: string; en: string }>)[code];
  return { code, zh: r?.zh ?? code, en: r?.en ?? code };
}
