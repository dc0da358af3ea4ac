/** Names of the job-order codes people read (served to the web by `GET /api/labels`). */

export const JOB_ORDER_STATUS_NAMES = {
  open: { zh: '招聘中', en: 'Hiring' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** A hire recorded for someone outside the candidate list, until the worker answers. */
export const HIRE_STATUS_NAMES = {
  pending: { zh: '待确认', en: 'To confirm' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  declined: { zh: '已拒绝', en: 'Declined' },
};
