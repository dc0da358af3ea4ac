/** Names of the subsidy codes people read (served to the web by `GET /api/labels`). */

export const APPLICATION_TYPE_NAMES = {
  training: { zh: '职业培训补贴', en: 'Training subsidy' },
  skill_upgrade: { zh: '技能提升补贴', en: 'Skill-upgrade subsidy' },
};

/** A decision of the rules (and of an official's review). */
export const DECISION_NAMES = {
  approved: { zh: '通过', en: 'Approved' },
  rejected: { zh: '不予补贴', en: 'Rejected' },
  review: { zh: '待复核', en: 'Under review' },
};

/** An application is `submitted` until settlement decides it; then its status is the decision. */
export const APPLICATION_STATUS_NAMES = { submitted: { zh: '已提交', en: 'Submitted' }, ...DECISION_NAMES };

/** A payment batch's states: created (待支付, not yet sent), sent to the bank, closed. */
export const BATCH_STATUSES = ['created', 'sent', 'closed'] as const;

export const BATCH_STATUS_NAMES = {
  created: { zh: '已生成', en: 'Created' },
  sent: { zh: '已送银行', en: 'Sent to the bank' },
  closed: { zh: '已完成', en: 'Closed' },
};

export const PAYMENT_STATUS_NAMES = {
  pending: { zh: '待支付', en: 'Pending' },
  paid: { zh: '已支付', en: 'Paid' },
  failed: { zh: '支付失败', en: 'Failed' },
};

/** Where a worker's subsidy money stands (entitlement.ts `paymentStage`). */
export const PAYMENT_STAGE_NAMES = {
  in_notice: { zh: '公示中', en: 'In public notice' },
  awaiting_payment: { zh: '公示期满，待发放', en: 'Notice over, awaiting payment' },
  batched: { zh: '已列入支付批次', en: 'In a payment batch' },
  sent: { zh: '已送银行发放', en: 'Sent to the bank' },
  paid: { zh: '已发放到社保卡', en: 'Paid to your social-security card' },
  failed: { zh: '发放失败，将重新发放', en: 'Payment failed; it will be paid again' },
  withheld: { zh: '暂缓发放（待核实）', en: 'Withheld pending checks' },
  recovery: { zh: '追回中', en: 'Being recovered' },
  recovered: { zh: '已追回', en: 'Recovered' },
  written_off: { zh: '已核销（不再追缴）', en: 'Written off (no longer owed)' },
};

export const CLAWBACK_STATUS_NAMES = {
  awaiting_bank: { zh: '待银行回盘（已到账则追回）', en: 'Awaiting the bank (recovered if paid)' },
  open: { zh: '待追回', en: 'To recover' },
  recovered: { zh: '已追回', en: 'Recovered' },
  void: { zh: '未到账，已撤销补贴', en: 'Not paid; subsidy voided' },
  written_off: { zh: '已核销', en: 'Written off' },
};

/** 项目制 claims of an institution. */
export const CLAIM_KIND_NAMES = {
  completion: { zh: '结业补贴', en: 'Completion payment' },
  employment_bonus: { zh: '就业奖励', en: 'Employment bonus' },
};
