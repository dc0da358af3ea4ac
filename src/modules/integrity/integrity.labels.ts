import type { DetectorCode } from './detectors.ts';
import type { EvaluationSource } from './quality.ts';

/** Names of the integrity codes people read (served to the web by `GET /api/labels`). */

export const CASE_STATUS_NAMES = {
  open: { zh: '待处理', en: 'Open' },
  confirmed: { zh: '确认违规', en: 'Confirmed' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
};

export const COMPLAINT_STATUS_NAMES = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '成立', en: 'Upheld' },
  rejected: { zh: '不成立', en: 'Rejected' },
};

/** A trainee's or an employer's answer whether the training took place. */
export const CONFIRMATION_ANSWER_NAMES = {
  confirmed: { zh: '已确认', en: 'Confirmed' },
  denied: { zh: '已否认', en: 'Denied' },
};

export const EVALUATION_SOURCE_NAMES = {
  self: { zh: '机构自评', en: 'Self-assessment' },
  third_party: { zh: '第三方评估', en: 'Third-party' },
  spot_check: { zh: '政府抽查', en: 'Spot check' },
} satisfies Record<EvaluationSource, { zh: string; en: string }>;

/** The two baseline flags on attendance records (policy.md § Integrity flags). */
export const FLAG_NAMES = {
  PROXY_DEVICE: { zh: '疑似代打卡', en: 'Possible proxy attendance' },
  IMPOSSIBLE_PRESENCE: { zh: '同时出现在两个课堂', en: 'In two sessions at once' },
};

/** Short names of the detectors; `DETECTORS` holds what each one means. */
export const DETECTOR_NAMES = {
  GHOST_CONSTANT_FACE: { zh: '人脸分数恒定', en: 'Constant face score' },
  SYNCHRONIZED_CHECKINS: { zh: '同步签到', en: 'Synchronized check-ins' },
  IMPOSSIBLE_TRAVEL: { zh: '移动速度不可能', en: 'Impossible travel' },
  MULTI_INSTITUTION_CLAIM: { zh: '多机构同期报名', en: 'Several institutions at once' },
  CERTIFICATE_MILL: { zh: '单日发证畸高', en: 'Certificate mill' },
  EVALUATOR_PASS_RATE: { zh: '考核通过率畸高', en: 'Pass rate too high' },
  SHARED_DEVICE: { zh: '手机多人共用', en: 'Shared phone' },
  SHARED_FACE_TEMPLATE: { zh: '人脸模板多人共用', en: 'Shared face template' },
  TOO_PERFECT_ATTENDANCE: { zh: '考勤过于规整', en: 'Too-perfect attendance' },
  FABRICATED_CLASS: { zh: '整班考勤疑似伪造', en: 'Fabricated class' },
  STAFF_AS_TRAINEE: { zh: '本机构员工充当学员', en: 'Staff as trainee' },
  DUPLICATE_PERSON: { zh: '疑似一人多证', en: 'Duplicate person' },
  TRAINEE_DENIED: { zh: '学员否认参训', en: 'Trainee denied' },
  EMPLOYER_DENIED: { zh: '企业否认参训', en: 'Employer denied' },
  NOT_CONFIRMED: { zh: '学员未确认参训', en: 'Not confirmed' },
} satisfies Record<DetectorCode, { zh: string; en: string }>;
