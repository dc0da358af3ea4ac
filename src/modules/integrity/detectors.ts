import type { Db } from '../../db/client.ts';
import type { JobHandler } from '../../kernel/queue.ts';
import { detectBaselineFlags } from './baseline-flags.ts';
import {
  copiedQuizzes,
  learningDuringClass,
  noSleepLearning,
  ONLINE_PARAMS,
  roboticHeartbeats,
  sharedFaceDevices,
} from './online-detectors.ts';
import {
  fabricatedClasses,
  replayedFaces,
  STATISTICAL_PARAMS,
  synchronizedCheckins,
  tooPerfectAttendance,
} from './statistical.ts';

/**
 * Detectors beyond the two baseline flags (which stay exactly as policy.md defines them). Each has
 * a code, documented parameters and an explanation an official can read; each opens at most one
 * case per subject. Thresholds are parameters, kept here in one place.
 */
export const DETECTOR_PARAMS = {
  /** GHOST_CONSTANT_FACE, SYNCHRONIZED_CHECKINS, TOO_PERFECT_ATTENDANCE and FABRICATED_CLASS are statistical tests: `STATISTICAL_PARAMS` (statistical.ts). */
  ...STATISTICAL_PARAMS,
  /** The online-learning detectors (ONLINE_*): `ONLINE_PARAMS` (online-detectors.ts). */
  ...ONLINE_PARAMS,
  /** IMPOSSIBLE_TRAVEL: faster than this between two consecutive records' sites. */
  travelMaxKmh: 120,
  /** CERTIFICATE_MILL: an evaluator-day with at least this many certificates … */
  millMinDaily: 30,
  /** … and at least this multiple of the median evaluator-day (the median resists the mills themselves). */
  millTimesMedian: 5,
  /** EVALUATOR_PASS_RATE: at least this many assessed candidates … */
  passRateMinCandidates: 20,
  /** … passing at least this share (percent) … */
  passRateFlagPercent: 98,
  /** … and at least this many binomial standard deviations above what the peers' median rate (over at least
   * `passRateMinPeers` evaluators with enough candidates) would give: 25 of 25 is luck where peers pass 90 %, 300 of 300 is not. */
  passRateMinZ: 3,
  passRateMinPeers: 3,
  /** SHARED_DEVICE: a trainee's phone used by at least this many different persons (any sessions). */
  sharedDeviceMinPersons: 2,
  /** SHARED_FACE_TEMPLATE: one enrolled face template matched for at least this many different persons. */
  faceTemplateMinPersons: 2,
} as const;

export const DETECTORS = {
  GHOST_CONSTANT_FACE: {
    zh: '人脸比对分数几乎不变（波动远小于正常学员），疑似照片回放或虚拟学员',
    en: 'face scores that barely vary (far less than honest trainees’) — likely a replayed photo or a ghost trainee',
  },
  SYNCHRONIZED_CHECKINS: {
    zh: '两人或多人签到先后相隔很近（或整组签到、签退都在几分钟内）的场次远多于本班偶然水平，疑似一人代多人打卡',
    en: 'two or more people check in close together (or the whole group checks in and out within minutes) in far more sessions than chance in their class — likely one person checking in for all',
  },
  IMPOSSIBLE_TRAVEL: {
    zh: '相邻两次考勤地点间的移动速度超出可能',
    en: 'travel between two consecutive attendance sites faster than possible',
  },
  MULTI_INSTITUTION_CLAIM: {
    zh: '同一学员同期在多家机构的项目中报名',
    en: 'the same trainee is enrolled with several institutions at the same time',
  },
  CERTIFICATE_MILL: {
    zh: '评价机构单日发证量远超同行',
    en: 'an evaluator issued far more certificates in a day than its peers',
  },
  EVALUATOR_PASS_RATE: {
    zh: '评价机构考核通过率畸高，远超同行',
    en: 'an evaluator passes nearly every candidate while its peers do not',
  },
  SHARED_DEVICE: {
    zh: '同一部学员手机先后为多人考勤',
    en: 'one trainee phone used to check in several different people',
  },
  SHARED_FACE_TEMPLATE: {
    zh: '同一人脸模板被比对为多名学员，疑似一人替多人刷脸',
    en: 'one enrolled face template matched for several different trainees — likely one face checking in for many',
  },
  TOO_PERFECT_ATTENDANCE: {
    zh: '每次签到、签退相对上课时间几乎不变（波动远小于正常学员），疑似系统批量生成',
    en: 'check-ins and check-outs at almost the same offsets every session (far steadier than honest trainees) — likely generated, not real',
  },
  FABRICATED_CLASS: {
    zh: '全班签到、签退时间分布远比同规模班级集中，疑似整班考勤记录系伪造',
    en: 'the whole class’s check-in and check-out times are far narrower than classes of its size — likely fabricated records',
  },
  STAFF_AS_TRAINEE: {
    zh: '学员在培训期间受雇于承训机构本身，疑似以本机构员工充数',
    en: 'the trainee is employed by the training institution itself during the class',
  },
  DUPLICATE_PERSON: {
    zh: '姓名、出生日期、手机号均相同的两个身份证号，疑似一人多证',
    en: 'two ID numbers with the same name, birth date and phone — likely one person',
  },
  TRAINEE_DENIED: {
    zh: '学员在平台上否认参加过该培训',
    en: 'the trainee denies in the app that the training took place',
  },
  EMPLOYER_DENIED: {
    zh: '学员所在企业否认其参加过该岗位技能提升培训',
    en: 'the trainee’s employer denies that the post training took place',
  },
  NOT_CONFIRMED: {
    zh: '公示期满学员仍未确认参训',
    en: 'the trainee did not confirm the training by the end of the notice period',
  },
  PUBLIC_OBJECTION: {
    zh: '公示期内收到公众异议，请核实异议理由',
    en: 'a member of the public objected during the notice period; check the reasons given',
  },
  ONLINE_SHARED_FACE_DEVICE: {
    zh: '同一台人脸核验设备连续多日为同一批多名学员通过在线学习身份核验，疑似一人替多人学习',
    en: 'one face device passed the online re-checks of the same several learners day after day — likely one person learning for many',
  },
  ONLINE_NO_SLEEP: {
    zh: '在线学习连续进行的时长超出常人（中间没有足以睡眠的休息），疑似挂机或代学',
    en: 'online learning went on longer than a person stays awake, with no break long enough to sleep — likely a left-running player or someone else learning',
  },
  ONLINE_DURING_CLASS: {
    zh: '学员在课堂签到期间同时在线播放课程视频，疑似他人代学或挂机',
    en: 'the learner’s online video played while they were checked in to a classroom session — likely someone else learning, or a left-running player',
  },
  ONLINE_ROBOTIC_HEARTBEATS: {
    zh: '学习心跳到达间隔过于均匀（远比真人手机、网络稳定），疑似脚本刷课',
    en: 'learning heartbeats arrive far more evenly than a real phone on a real network sends them — likely a script',
  },
  ONLINE_COPIED_QUIZ: {
    zh: '两名学员测验中选了相同错误答案的题目远多于同等水平学员的偶然水平，疑似抄袭或代答',
    en: 'two learners give the same wrong quiz answers far more often than independent learners of their scores would — likely copied or answered by one person',
  },
} as const;
export type DetectorCode = keyof typeof DETECTORS;

const P = DETECTOR_PARAMS;
const INSERT = `INSERT INTO integrity_cases (detector, subject_kind, subject_key, project_code, city_code, evidence)`;
const ON_CONFLICT = `ON CONFLICT (detector, subject_kind, subject_key, project_code) DO NOTHING RETURNING 1`;

/** Statistical detectors (statistical.ts): set-based SQL statistics, exact tails in Node. */
const STATISTICAL: Partial<Record<DetectorCode, (db: Db) => Promise<number>>> = {
  GHOST_CONSTANT_FACE: replayedFaces,
  SYNCHRONIZED_CHECKINS: synchronizedCheckins,
  TOO_PERFECT_ATTENDANCE: tooPerfectAttendance,
  FABRICATED_CLASS: fabricatedClasses,
  ONLINE_SHARED_FACE_DEVICE: sharedFaceDevices,
  ONLINE_NO_SLEEP: noSleepLearning,
  ONLINE_DURING_CLASS: learningDuringClass,
  ONLINE_ROBOTIC_HEARTBEATS: roboticHeartbeats,
  ONLINE_COPIED_QUIZ: copiedQuizzes,
};

const SQL: Partial<Record<DetectorCode, string>> = {
  IMPOSSIBLE_TRAVEL: `${INSERT}
    WITH seq AS (
      SELECT a.person_key, a.project_code, a.session_no, a.check_in_at, a.check_out_at, s.site_lat, s.site_lon,
             lead(a.project_code) OVER w AS next_project, lead(a.session_no) OVER w AS next_session,
             lead(a.check_in_at) OVER w AS next_in, lead(s.site_lat) OVER w AS next_lat, lead(s.site_lon) OVER w AS next_lon
      FROM training.attendance a JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no
      WHERE s.site_lat IS NOT NULL
      WINDOW w AS (PARTITION BY a.person_key ORDER BY a.check_in_at)),
    legs AS (
      SELECT *, 2 * 6371 * asin(least(1, sqrt(power(sin(radians(next_lat - site_lat) / 2), 2)
               + cos(radians(site_lat)) * cos(radians(next_lat)) * power(sin(radians(next_lon - site_lon) / 2), 2)))) AS km,
             extract(epoch FROM next_in - check_out_at) / 3600.0 AS hours
      FROM seq WHERE next_in IS NOT NULL AND next_in >= check_out_at)
    SELECT DISTINCT ON (l.person_key) 'IMPOSSIBLE_TRAVEL', 'person', l.person_key, '', pr.city_code,
           json_build_object('from', l.project_code || '#' || l.session_no, 'to', l.next_project || '#' || l.next_session,
                             'km', round(l.km::numeric, 1), 'hours', round(l.hours::numeric, 2))
    FROM legs l JOIN training.projects pr ON pr.project_code = l.project_code
    WHERE l.km > 1 AND (l.hours <= 0 OR l.km / l.hours > ${P.travelMaxKmh})
    ORDER BY l.person_key, l.km DESC
    ${ON_CONFLICT}`,
  MULTI_INSTITUTION_CLAIM: `${INSERT}
    SELECT 'MULTI_INSTITUTION_CLAIM', 'person', e1.person_key, p1.project_code, p1.city_code,
           json_build_object('projects', json_build_array(p1.project_code, p2.project_code), 'institutions', json_build_array(p1.institution_code, p2.institution_code))
    FROM training.enrolments e1 JOIN training.projects p1 ON p1.project_code = e1.project_code
    JOIN training.enrolments e2 ON e2.person_key = e1.person_key AND e2.project_code > e1.project_code
    JOIN training.projects p2 ON p2.project_code = e2.project_code
    WHERE p1.institution_code <> p2.institution_code AND p1.start_date <= p2.end_date AND p2.start_date <= p1.end_date
    ${ON_CONFLICT}`,
  CERTIFICATE_MILL: `${INSERT}
    WITH days AS (SELECT evaluator_code, issued_on, count(*) AS n FROM evaluation.certificates GROUP BY 1, 2),
         med AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS v FROM days)
    SELECT DISTINCT ON (d.evaluator_code) 'CERTIFICATE_MILL', 'evaluator', d.evaluator_code, '', i.city_code,
           json_build_object('day', d.issued_on, 'certificates', d.n, 'peer_median', (SELECT v FROM med))
    FROM days d LEFT JOIN registry.institutions i ON i.credit_code = d.evaluator_code
    WHERE d.n >= ${P.millMinDaily} AND d.n >= ${P.millTimesMedian} * (SELECT v FROM med)
    ORDER BY d.evaluator_code, d.n DESC
    ${ON_CONFLICT}`,
  EVALUATOR_PASS_RATE: `${INSERT}
    WITH rates AS (
      SELECT a.evaluator_code, count(*) AS n, count(*) FILTER (WHERE c.passed) AS passed
      FROM evaluation.assessments a JOIN evaluation.assessment_candidates c ON c.assessment_id = a.id WHERE c.passed IS NOT NULL GROUP BY 1),
    peers AS (SELECT count(*) AS k, percentile_cont(0.5) WITHIN GROUP (ORDER BY passed::float / n) AS median FROM rates WHERE n >= ${P.passRateMinCandidates})
    SELECT 'EVALUATOR_PASS_RATE', 'evaluator', r.evaluator_code, '', i.city_code,
           json_build_object('candidates', r.n, 'passed', r.passed, 'peer_median_rate', round(p.median::numeric, 3), 'peers', p.k,
                             'standard_deviations', round(((r.passed - r.n * p.median) / sqrt(r.n * p.median * (1 - p.median)))::numeric, 1))
    FROM rates r CROSS JOIN peers p LEFT JOIN registry.institutions i ON i.credit_code = r.evaluator_code
    WHERE r.n >= ${P.passRateMinCandidates} AND r.passed * 100 >= ${P.passRateFlagPercent} * r.n
      AND p.k >= ${P.passRateMinPeers} AND p.median < 1
      AND r.passed - r.n * p.median >= ${P.passRateMinZ} * sqrt(r.n * p.median * (1 - p.median))
    ${ON_CONFLICT}`,
  SHARED_DEVICE: `${INSERT}
    SELECT 'SHARED_DEVICE', 'device', a.device_id, '', min(pr.city_code),
           json_build_object('persons', count(DISTINCT a.person_key), 'sessions', count(DISTINCT a.project_code || '#' || a.session_no))
    FROM training.attendance a JOIN training.projects pr ON pr.project_code = a.project_code
    WHERE a.method = 'mobile_app' AND a.device_id IS NOT NULL
    GROUP BY a.device_id HAVING count(DISTINCT a.person_key) >= ${P.sharedDeviceMinPersons}
    ${ON_CONFLICT}`,
  SHARED_FACE_TEMPLATE: `${INSERT}
    SELECT 'SHARED_FACE_TEMPLATE', 'face_template', a.face_template, '', min(pr.city_code),
           json_build_object('persons', count(DISTINCT a.person_key), 'sessions', count(DISTINCT a.project_code || '#' || a.session_no),
                             'devices', count(DISTINCT a.device_id))
    FROM training.attendance a JOIN training.projects pr ON pr.project_code = a.project_code
    WHERE a.face_template IS NOT NULL
    GROUP BY a.face_template HAVING count(DISTINCT a.person_key) >= ${P.faceTemplateMinPersons}
    ${ON_CONFLICT}`,
  STAFF_AS_TRAINEE: `${INSERT}
    SELECT DISTINCT ON (e.person_key, pr.project_code) 'STAFF_AS_TRAINEE', 'person', e.person_key, pr.project_code, pr.city_code,
           json_build_object('institution', pr.institution_code, 'employed_from', m.start_date, 'employed_to', m.end_date)
    FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code
    JOIN training.employment m ON m.person_key = e.person_key AND m.employer_code = pr.institution_code
    WHERE m.start_date <= pr.end_date AND (m.end_date IS NULL OR m.end_date >= pr.start_date)
    ORDER BY e.person_key, pr.project_code, m.start_date
    ${ON_CONFLICT}`,
  DUPLICATE_PERSON: `${INSERT}
    SELECT 'DUPLICATE_PERSON', 'pair', a.person_key || '|' || b.person_key, '', a.city_code,
           json_build_object('persons', json_build_array(a.id_masked, b.id_masked), 'name', a.name, 'birth_date', a.birth_date)
    FROM registry.persons a JOIN registry.persons b ON b.name = a.name AND b.birth_date = a.birth_date AND b.phone = a.phone AND b.person_key > a.person_key
    WHERE a.phone IS NOT NULL
    ${ON_CONFLICT}`,
  // The trainee's answer: a denial opens its case when given (confirmations.ts); silence is found here.
  TRAINEE_DENIED: `SELECT 1 WHERE false`,
  EMPLOYER_DENIED: `SELECT 1 WHERE false`,
  // Opened when someone objects on the public 公示 page (objections.ts), never by a scan.
  PUBLIC_OBJECTION: `SELECT 1 WHERE false`,
  NOT_CONFIRMED: `${INSERT}
    SELECT 'NOT_CONFIRMED', 'person', d.person_key, d.project_code, d.city_code,
           json_build_object('application', d.application_id, 'notice_until', n.notice_until)
    FROM subsidy.decisions d JOIN subsidy.public_notices n USING (application_id)
    WHERE d.type = 'training' AND d.project_code IS NOT NULL AND d.decision = 'approved' AND n.notice_until < (now() AT TIME ZONE 'Asia/Shanghai')::date
      AND NOT EXISTS (SELECT 1 FROM trainee_confirmations c WHERE c.application_id = d.application_id)
    ${ON_CONFLICT}`,
};

/**
 * Runs every detector (idempotent: an existing case is not opened twice); new cases per detector.
 * `onProgress` hears each detector as it starts (done so far, of how many).
 */
export async function runDetectors(
  db: Db,
  onProgress?: (done: number, total: number, code: DetectorCode) => void,
): Promise<Record<DetectorCode, number>> {
  const out = {} as Record<DetectorCode, number>;
  const codes = Object.keys(DETECTORS) as DetectorCode[];
  for (const [i, code] of codes.entries()) {
    onProgress?.(i, codes.length, code);
    const statistical = STATISTICAL[code];
    out[code] = statistical ? await statistical(db) : (await db.query(SQL[code]!)).length;
  }
  return out;
}

/** The kind of queued job that runs the detectors (`POST /api/integrity/detect` queues it). */
export const DETECT_JOB = 'detect';

/**
 * Detection on a worker, as `jineng detect`: the baseline flags, then every detector. One run at a
 * time (a second request joins the queued one); safe to repeat. Output: new cases per detector.
 */
export function detectionJob(db: Db): JobHandler {
  return {
    kind: DETECT_JOB,
    retryLimit: 2,
    expireInSeconds: 3600,
    run: async (_data, job) => {
      const steps = Object.keys(DETECTORS).length + 1;
      job.progress({ done: 0, total: steps, unit: 'detectors', step: 'baseline flags' });
      await detectBaselineFlags(db);
      return runDetectors(db, (done, _total, code) =>
        job.progress({ done: done + 1, total: steps, unit: 'detectors', step: code }),
      );
    },
  };
}
