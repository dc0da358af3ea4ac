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
  PUBLIC_OBJECTION: { zh: '公示异议', en: 'Public objection' },
  ONLINE_SHARED_FACE_DEVICE: { zh: '在线学习一机多人', en: 'One face device, several learners' },
  ONLINE_NO_SLEEP: { zh: '在线学习时长超常', en: 'Learning without sleep' },
  ONLINE_DURING_CLASS: { zh: '上课期间在线学习', en: 'Online during class' },
  ONLINE_ROBOTIC_HEARTBEATS: { zh: '学习心跳过于规整', en: 'Robotic heartbeats' },
  ONLINE_COPIED_QUIZ: { zh: '测验答案雷同', en: 'Copied quiz answers' },
} satisfies Record<DetectorCode, { zh: string; en: string }>;

/**
 * The fields of a case's evidence (detectors.ts, statistical.ts) as officials read them; the page
 * shows each with its value in words (persons' IDs masked, codes beside names).
 */
export const EVIDENCE_FIELD_NAMES = {
  persons: { zh: '涉及人数', en: 'Persons' },
  objections: { zh: '异议', en: 'Objections' },
  sessions: { zh: '课次数', en: 'Sessions' },
  sessions_together: { zh: '相近签到的课次', en: 'Sessions checked in together' },
  devices: { zh: '设备数', en: 'Devices' },
  records: { zh: '考勤记录数', en: 'Attendance records' },
  from: { zh: '出发课次', en: 'From session' },
  to: { zh: '到达课次', en: 'To session' },
  km: { zh: '距离（公里）', en: 'Distance (km)' },
  hours: { zh: '间隔（小时）', en: 'Interval (hours)' },
  projects: { zh: '培训项目', en: 'Projects' },
  institutions: { zh: '培训机构', en: 'Institutions' },
  institution: { zh: '培训机构', en: 'Institution' },
  day: { zh: '日期', en: 'Day' },
  certificates: { zh: '当日发证数', en: 'Certificates that day' },
  peer_median: { zh: '同行中位数', en: 'Peers’ median' },
  candidates: { zh: '考生数', en: 'Candidates' },
  passed: { zh: '通过数', en: 'Passed' },
  peer_median_rate: { zh: '同行通过率中位数', en: 'Peers’ median pass rate' },
  peers: { zh: '同行机构数', en: 'Peer evaluators' },
  standard_deviations: { zh: '高出同行（标准差）', en: 'Above peers (standard deviations)' },
  employed_from: { zh: '受雇起始', en: 'Employed from' },
  employed_to: { zh: '受雇截止', en: 'Employed until' },
  name: { zh: '姓名', en: 'Name' },
  birth_date: { zh: '出生日期', en: 'Birth date' },
  application: { zh: '申请编号', en: 'Application' },
  notice_until: { zh: '公示截止', en: 'Notice until' },
  within_30s: { zh: '30秒内先后签到（课次）', en: 'Within 30 s (sessions)' },
  within_60s: { zh: '60秒内先后签到（课次）', en: 'Within 60 s (sessions)' },
  within_180s: { zh: '180秒内先后签到（课次）', en: 'Within 180 s (sessions)' },
  group_persons: { zh: '同进同出的一组人数', en: 'Persons in the group that comes and goes together' },
  in_and_out_within_60s: {
    zh: '全组签到、签退均在60秒内（课次）',
    en: 'Whole group within 60 s at check-in and check-out (sessions)',
  },
  in_and_out_within_120s: {
    zh: '全组签到、签退均在120秒内（课次）',
    en: 'Whole group within 120 s at check-in and check-out (sessions)',
  },
  in_and_out_within_180s: {
    zh: '全组签到、签退均在180秒内（课次）',
    en: 'Whole group within 180 s at check-in and check-out (sessions)',
  },
  rank_correlation: { zh: '签到顺序相关系数', en: 'Rank correlation' },
  p_value: { zh: '偶然概率（p 值）', en: 'p-value' },
  gps_metres_apart: { zh: '定位相距（米）', en: 'GPS distance (m)' },
  pairs: { zh: '可疑配对', en: 'Suspect pairs' },
  chance: { zh: '偶然水平', en: 'By chance' },
  face_score_mean: { zh: '人脸分数均值', en: 'Mean face score' },
  face_score_sd: { zh: '人脸分数标准差', en: 'Face score SD' },
  population_sd: { zh: '正常学员标准差', en: 'Honest trainees’ SD' },
  methods: { zh: '考勤方式', en: 'Methods' },
  check_in_offset_seconds: { zh: '签到偏移（秒）', en: 'Check-in offset (s)' },
  check_out_offset_seconds: { zh: '签退偏移（秒）', en: 'Check-out offset (s)' },
  check_in_sd_seconds: { zh: '签到波动（秒）', en: 'Check-in SD (s)' },
  check_out_sd_seconds: { zh: '签退波动（秒）', en: 'Check-out SD (s)' },
  population_sd_seconds: { zh: '正常学员波动（秒）', en: 'Honest trainees’ SD (s)' },
  check_in_iqr_seconds: { zh: '签到离散（秒）', en: 'Check-in spread (s)' },
  check_out_iqr_seconds: { zh: '签退离散（秒）', en: 'Check-out spread (s)' },
  median_class_iqr_seconds: { zh: '同规模班级离散中位（秒）', en: 'Median class spread (s)' },
  robust_z: { zh: '偏离程度（稳健 z）', en: 'Robust z' },
  false_positive_risk: { zh: '误报风险', en: 'False-positive risk' },
  days_together: { zh: '同日核验最多天数', en: 'Most days checked together' },
  started_at: { zh: '开始时间', en: 'Started' },
  ended_at: { zh: '结束时间', en: 'Ended' },
  awake_hours: { zh: '连续学习（小时）', en: 'Learning without sleep (hours)' },
  rest_under_minutes: { zh: '其间每次休息不足（分钟）', en: 'Every break shorter than (minutes)' },
  minutes: { zh: '重叠时长（分钟）', en: 'Overlap (minutes)' },
  heartbeats: { zh: '平稳心跳数', en: 'Steady heartbeats' },
  interval_sd_ms: { zh: '到达间隔波动（毫秒）', en: 'Arrival interval SD (ms)' },
  client_interval_sd_ms: { zh: '客户端间隔波动（毫秒）', en: 'Client interval SD (ms)' },
  position_sd_ms: { zh: '播放进度偏差（毫秒）', en: 'Position deviation SD (ms)' },
  population_sd_ms: { zh: '正常学员波动（毫秒）', en: 'Honest learners’ SD (ms)' },
  state_changes: { zh: '暂停、切换次数', en: 'Pauses and switches' },
  modules: { zh: '共同测验模块数', en: 'Quiz modules in common' },
  identical_answers: { zh: '答案完全相同的题数', en: 'Identical answers' },
  shared_wrong_answers: { zh: '相同错误答案数', en: 'Same wrong answers' },
  median_minutes_apart: { zh: '提交相隔（分钟，中位）', en: 'Minutes apart (median)' },
};

/**
 * A baseline flag on an attendance record in words (the review queue's evidence): the stored detail is
 * the detector's note; the words are built from the code and the record.
 */
export function describeFlag(f: { code: string; sessionNo: number; deviceId: string | null; persons: number | null }): {
  zh: string;
  en: string;
} {
  const device = f.deviceId ? `（设备 ${f.deviceId}）` : '';
  const deviceEn = f.deviceId ? ` (device ${f.deviceId})` : '';
  if (f.code === 'PROXY_DEVICE')
    return {
      zh: `第${f.sessionNo}课次：同一部手机为${f.persons ?? '多'}人签到${device}`,
      en: `session ${f.sessionNo}: one phone checked in ${f.persons ?? 'several'} persons${deviceEn}`,
    };
  if (f.code === 'IMPOSSIBLE_PRESENCE')
    return {
      zh: `第${f.sessionNo}课次：与另一课次时间重叠${device}`,
      en: `session ${f.sessionNo}: overlaps another session${deviceEn}`,
    };
  const name = (FLAG_NAMES as Record<string, { zh: string; en: string }>)[f.code];
  return {
    zh: `第${f.sessionNo}课次：${name?.zh ?? f.code}${device}`,
    en: `session ${f.sessionNo}: ${name?.en ?? f.code}${deviceEn}`,
  };
}
