/** Names of the 遴选 codes people read (served to the web by `GET /api/labels`). */

export const SELECTION_STATUSES = ['submitted', 'notice', 'listed', 'not_passed', 'rejected'] as const;
export type ApplicationStatus = (typeof SELECTION_STATUSES)[number];

export const SELECTION_STATUS_NAMES: Record<ApplicationStatus, { zh: string; en: string }> = {
  submitted: { zh: '评审中', en: 'Under review' },
  notice: { zh: '公示中', en: 'In public notice' },
  listed: { zh: '已列入目录', en: 'Listed' },
  not_passed: { zh: '未通过评审', en: 'Did not pass' },
  rejected: { zh: '异议成立，不予列入', en: 'Refused after an objection' },
};

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export const SELECTION_OBJECTION_STATUS_NAMES = {
  open: { zh: '待核查', en: 'Open' },
  upheld: { zh: '异议成立', en: 'Upheld' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
};
