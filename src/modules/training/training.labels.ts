/** Names of the training codes people read (served to the web by `GET /api/labels`). */

export const PROJECT_STATUS_NAMES: Record<string, { zh: string; en: string }> = {
  open: { zh: '实施中', en: 'Running' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  declined: { zh: '已拒单', en: 'Declined' },
  accepted: { zh: '已接单', en: 'Accepted' },
  running: { zh: '开班中', en: 'In class' },
  closed: { zh: '已结业', en: 'Closed' },
  // Not stored: what a page shows for a class past its end date (web/src/labels.ts `shownProjectStatus`).
  ended: { zh: '已结束', en: 'Ended' },
  awaiting_close: { zh: '待结业', en: 'To close' },
};

/** Every state a project can be in (the keys of PROJECT_STATUS_NAMES). */
export const PROJECT_STATUSES = ['open', 'dispatched', 'declined', 'accepted', 'running', 'closed'] as const;

export const PROJECT_KIND_NAMES = {
  employment_skills: { zh: '就业技能培训', en: 'Employment skills' },
  post_skills: { zh: '岗位技能提升培训', en: 'On-the-job upgrading' },
  entrepreneurship: { zh: '创业培训', en: 'Entrepreneurship' },
  project_based: { zh: '项目制培训', en: 'Project-based' },
};

/** 点单: a worker's training request. */
export const REQUEST_STATUS_NAMES = {
  open: { zh: '待派单', en: 'Waiting' },
  served: { zh: '已派单', en: 'Dispatched' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** What a project was dispatched to serve. */
export const DEMAND_SOURCE_NAMES = {
  job_order: { zh: '订单', en: 'Job order' },
  request: { zh: '点单', en: 'Request' },
};

export const SESSION_MODE_NAMES = {
  theory: { zh: '理论', en: 'Theory' },
  practice: { zh: '实操', en: 'Practice' },
};

export const ATTENDANCE_METHOD_NAMES = {
  face_terminal: { zh: '人脸识别终端', en: 'Face terminal' },
  mobile_app: { zh: '手机签到', en: 'Mobile app' },
  card: { zh: '刷卡', en: 'Card' },
  manual: { zh: '人工补录', en: 'Typed in by staff' },
};
