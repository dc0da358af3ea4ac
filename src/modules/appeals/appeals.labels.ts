/** What a worker may contest (申诉的对象). */
export const APPEAL_KIND_NAMES = {
  decision: { zh: '补贴决定（不予补贴）', en: 'Subsidy decision (rejected)' },
  payment: { zh: '补贴发放（暂缓或失败）', en: 'Subsidy payment (withheld or failed)' },
  attendance: { zh: '考勤记录（未计入）', en: 'Attendance record (not counted)' },
  learning: { zh: '在线学时（身份核验作废）', en: 'Online learning time (voided by a re-check)' },
};

/** Where an appeal stands. */
export const APPEAL_STATUS_NAMES = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '申诉成立', en: 'Upheld' },
  dismissed: { zh: '申诉不成立', en: 'Dismissed' },
};

export const APPEAL_KINDS = ['decision', 'payment', 'attendance', 'learning'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const APPEAL_STATUSES = ['open', 'upheld', 'dismissed'] as const;
