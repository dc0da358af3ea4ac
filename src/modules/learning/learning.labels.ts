/** Who owns an online course (课程所有者). */
export const OWNER_KINDS = ['institution', 'college', 'enterprise', 'province'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const OWNER_KIND_NAMES: Record<OwnerKind, { zh: string; en: string }> = {
  institution: { zh: '培训机构', en: 'Training institution' },
  college: { zh: '技工院校', en: 'Technical college' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  province: { zh: '江苏工匠课堂', en: 'Jiangsu Craftsmen Classroom' },
};

/** Who may learn a course: everyone for free, or the enrolled learners of one project. */
export const COURSE_ACCESS = ['public', 'project'] as const;
export const COURSE_ACCESS_NAMES = {
  public: { zh: '公益免费', en: 'Free to everyone' },
  project: { zh: '项目补贴课程', en: 'Part of a subsidised project' },
};

export const MODULE_KINDS = ['video', 'document', 'quiz'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];
export const MODULE_KIND_NAMES: Record<ModuleKind, { zh: string; en: string }> = {
  video: { zh: '视频', en: 'Video' },
  document: { zh: '文档', en: 'Document' },
  quiz: { zh: '测验', en: 'Quiz' },
};

/** Why learning time did not count, as the learner reads it (valid-time.ts). */
export const LOST_REASON_NAMES = {
  hidden: { zh: '页面不在前台（切到其他应用或锁屏）', en: 'The page was hidden (another app or the screen locked)' },
  paused: { zh: '视频暂停', en: 'The video was paused' },
  too_fast: { zh: '播放倍速超过1.25倍', en: 'Played faster than 1.25×' },
  gap: {
    zh: '长时间没有收到学习进度（网络中断或播放器停止）',
    en: 'No progress received for too long (network or player stopped)',
  },
  no_progress: { zh: '视频没有向前播放（拖回、卡顿）', en: 'The video did not move forward (rewound or stalled)' },
  overlap: { zh: '同时学习多个课程，只计一份', en: 'Learning several modules at once counts once' },
  check_failed: {
    zh: '身份核验未通过或超时，上次核验后的学时作废',
    en: 'An identity re-check failed or lapsed: time since the last passed check is void',
  },
  daily_cap: { zh: '超过每日学时上限', en: 'Above the daily limit' },
  left: { zh: '已离开直播课', en: 'You had left the live class' },
  outside_window: { zh: '不在直播课的预定时间内', en: 'Outside the live class’s scheduled time' },
};

/** Where an identity re-check stands. */
export const CHECK_STATUSES = ['pending', 'passed', 'failed', 'expired'] as const;
export const CHECK_STATUS_NAMES = {
  pending: { zh: '待核验', en: 'Waiting' },
  passed: { zh: '核验通过', en: 'Passed' },
  failed: { zh: '核验未通过', en: 'Failed' },
  expired: { zh: '超时未核验', en: 'Not answered in time' },
};
