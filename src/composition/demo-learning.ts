import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client.ts';
import { SYSTEM_PROVINCE, type Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { addDays } from '../kernel/dates.ts';
import { newId } from '../kernel/ids.ts';
import {
  addModule,
  createCourse,
  mediaStoreFor,
  scheduleLiveClass,
  submitQuiz,
  uploadMedia,
} from '../modules/learning/index.ts';
import { acceptProject, addSession, createProject, enrol, openClass } from '../modules/training/index.ts';
import type { AppContext } from './context.ts';

/** A 40-second WebM lesson (canvas + MediaRecorder in Chromium; VP8, no audio, 24 KB). */
export const DEMO_LESSON = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../demo/learning/lesson-40s.webm',
);

/** Demo-only: one free 江苏工匠课堂 course with a short video module and its quiz (docs/online-learning.md). */
export async function loadDemoLearning(ctx: AppContext): Promise<void> {
  const [occupation] = await ctx.db.query<{ code: string }>(
    `SELECT code FROM occupations ORDER BY (code = 'JS-0001') DESC, code LIMIT 1`,
  );
  if (!occupation) return;
  const course = await createCourse(ctx.db, SYSTEM_PROVINCE, {
    title: '江苏工匠课堂 · 安全用电第一课',
    description: '演示课程：触电急救与安全用电常识。',
    ownerKind: 'province',
    access: 'public',
    occupationCode: occupation.code,
  });
  const withModule = await addModule(ctx.db, SYSTEM_PROVINCE, course.id, {
    kind: 'video',
    title: '触电急救三步法',
    occupationCode: occupation.code,
    competencyUnits: ['安全用电', '触电急救'],
    durationSeconds: 40,
    questions: [
      { prompt: '发现有人触电，第一步应当？', choices: ['直接拉人', '切断电源', '泼水'], answer: 1 },
      { prompt: '我国规定的一般安全电压不高于？', choices: ['36 V', '110 V', '220 V'], answer: 0 },
    ],
  });
  const content = fs.readFileSync(DEMO_LESSON);
  await uploadMedia(ctx.db, mediaStoreFor(ctx.config), SYSTEM_PROVINCE, withModule.modules[0]!.id, {
    mediaType: 'video/webm',
    head: content.subarray(0, 64),
    stream: fs.createReadStream(DEMO_LESSON),
  });
}

/** The demo institution (jigou, 南京市第1职业技术学院) and the learners of its running blended class. */
const JIGOU = '12320100914177769G';
const LEARNERS = [
  '320311199409187319', // 谢磊 (the demo worker xielei)
  '320211198811034548', // 刘敏涛
  '321002200305240975', // 叶兰轩
  '420102199807305145', // 罗怡然
  '32021119710114537X', // 吕英秀
];
const MIN = 60_000;

/** The demo institution's staff, acting only on its own demo class and course. */
const jigouStaff: Actor = {
  ...SYSTEM_PROVINCE,
  username: 'system:demo',
  displayName: '演示',
  role: 'institution_staff',
  institutionCode: JIGOU,
};

/** A China-time moment of a date (`2026-12-02`, `19:00`) as a Date. */
const china = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * Demo-only (docs/online-learning.md § Demo): the demo institution runs a blended welding class that
 * started five days ago — dispatched, accepted, scheduled and opened through the training module —
 * with a project course of three modules (two short videos, a quiz), a live class that took place
 * and one to come, and its learners' progress, so 在线课程, 直播课 and the learner's 在线学习 open on
 * something. Dated from today. Returns the project code.
 */
export async function loadDemoInstitutionLearning(ctx: AppContext, clock: Clock = systemClock): Promise<string> {
  const db = ctx.db;
  const today = chinaDate(clock.now());
  const start = addDays(today, -5);
  const { projectCode } = await createProject(
    db,
    SYSTEM_PROVINCE,
    {
      title: '焊工（四级）线上线下结合班',
      occupationCode: '6-18-02-04',
      level: 'L4',
      kind: 'employment_skills',
      keyTask: 1,
      cityCode: '320100',
      startDate: start,
      endDate: addDays(start, 25),
      plannedHours: 32,
      plannedTrainees: 30,
      modules: ['焊接安全', '焊接工艺理论', '平焊实操'],
      price: '1500',
      institutionCode: JIGOU,
    },
    clock,
  );
  await acceptProject(db, jigouStaff, projectCode, clock);
  // One session held, three to come: the class is under way, and not yet behind pace.
  for (const [d, mode] of [
    [0, 'theory'],
    [7, 'practice'],
    [14, 'theory'],
    [21, 'practice'],
  ] as const)
    await addSession(db, jigouStaff, projectCode, {
      startsAt: `${addDays(start, d)} 09:00`,
      endsAt: `${addDays(start, d)} 17:00`,
      siteName: '本部实训楼',
      siteLat: 32.103338,
      siteLon: 118.818079,
      teacher: d % 14 ? '李老师' : '王老师',
      mode,
    });
  for (const idNumber of LEARNERS) await enrol(db, ctx.vault, jigouStaff, projectCode, { idNumber }, clock);
  await openClass(db, jigouStaff, projectCode);
  const persons = LEARNERS.map((id) => ctx.vault.blindIndex(id));

  // The project course: two short videos and a quiz, for the enrolled learners only.
  const course = await createCourse(
    db,
    jigouStaff,
    {
      title: '焊工（四级）线上理论课',
      description: '演示课程：焊接安全、平焊要点与阶段测验，线上学时计入本班出勤。',
      ownerKind: 'institution',
      access: 'project',
      projectCode,
      occupationCode: '6-18-02-04',
      level: 'L4',
    },
    clock,
  );
  const unit = { occupationCode: '6-18-02-04', level: 'L4', durationSeconds: 40 };
  await addModule(db, jigouStaff, course.id, {
    kind: 'video',
    title: '焊接安全与劳动保护',
    competencyUnits: ['焊接安全'],
    questions: [],
    ...unit,
  });
  await addModule(db, jigouStaff, course.id, {
    kind: 'video',
    title: '焊条电弧焊平焊要点',
    competencyUnits: ['平焊'],
    questions: [],
    ...unit,
  });
  const full = await addModule(db, jigouStaff, course.id, {
    kind: 'quiz',
    title: '第一阶段测验',
    competencyUnits: ['焊接安全', '平焊'],
    questions: [
      { prompt: '焊接作业时必须佩戴的是？', choices: ['焊接面罩', '太阳镜', '普通口罩'], answer: 0 },
      { prompt: '平焊时焊条与焊件的夹角一般为？', choices: ['10°–20°', '65°–80°', '90°'], answer: 1 },
      { prompt: '焊接结束后应当？', choices: ['立即用手触摸焊缝', '切断电源并清理现场', '直接离开'], answer: 1 },
    ],
    ...unit,
  });
  const [video1, video2, quiz] = full.modules;
  for (const m of [video1!, video2!])
    await uploadMedia(db, mediaStoreFor(ctx.config), jigouStaff, m.id, {
      mediaType: 'video/webm',
      head: fs.readFileSync(DEMO_LESSON).subarray(0, 64),
      stream: fs.createReadStream(DEMO_LESSON),
    });

  // Progress: three watched the first video through, one half; two also the second; quiz passed by two, failed by one.
  const learnedOn = china(addDays(start, 1), '20:00').getTime();
  for (const [k, person] of persons.entries()) {
    if (k === 4) continue; // 吕英秀 has not started
    await watch(db, person, video1!.id, projectCode, learnedOn + k * 10 * MIN, k === 3 ? 20 : 40);
    if (k < 2) await watch(db, person, video2!.id, projectCode, learnedOn + 24 * 3600_000 + k * 10 * MIN, 40);
  }
  const quizClock = { now: () => new Date(learnedOn + 2 * 24 * 3600_000) };
  for (const [k, answers] of [
    [0, [0, 1, 1]],
    [1, [0, 1, 1]],
    [2, [2, 1, 0]],
  ] as const)
    await submitQuiz(db, workerActor(persons[k]!), quiz!.id, [...answers], quizClock);

  // A live class that took place two days ago (attended by three, one of them late and one away a while) and one to come.
  const past = china(addDays(today, -2), '19:00');
  const held = await scheduleLiveClass(
    db,
    jigouStaff,
    {
      title: '焊接缺陷识别与预防（直播）',
      projectCode,
      occupationCode: '6-18-02-04',
      level: 'L4',
      startsAt: past.toISOString(),
      endsAt: new Date(past.getTime() + 60 * MIN).toISOString(),
      streamUrl: 'https://live.example.cn/jigou/room/2001',
    },
    { now: () => new Date(past.getTime() - 3 * 24 * 3600_000) },
  );
  await attendLive(db, persons[0]!, held.id, projectCode, past.getTime() - 5 * MIN, past.getTime() + 61 * MIN);
  await attendLive(db, persons[1]!, held.id, projectCode, past.getTime() + 20 * MIN, past.getTime() + 60 * MIN);
  await attendLive(db, persons[2]!, held.id, projectCode, past.getTime(), past.getTime() + 60 * MIN, {
    hiddenFrom: past.getTime() + 30 * MIN,
    hiddenUntil: past.getTime() + 40 * MIN,
  });
  const next = china(addDays(today, 2), '19:30');
  await scheduleLiveClass(
    db,
    jigouStaff,
    {
      title: '焊接工艺评定答疑（直播）',
      projectCode,
      occupationCode: '6-18-02-04',
      level: 'L4',
      startsAt: next.toISOString(),
      endsAt: new Date(next.getTime() + 90 * MIN).toISOString(),
      streamUrl: 'https://live.example.cn/jigou/room/2002',
    },
    clock,
  );
  return projectCode;
}

const workerActor = (personKey: string): Actor => ({
  ...SYSTEM_PROVINCE,
  username: 'system:demo',
  role: 'worker',
  personKey,
});

/** The demo's learner sessions keep the default interval and no re-check inside them (as the tests' factory). */
const DEMO_RULES = {
  heartbeatSeconds: 30,
  graceSeconds: 5,
  checkMinSeconds: 600,
  checkMaxSeconds: 1200,
  checkAnswerSeconds: 180,
  checkTries: 3,
};

/** A learner watched `seconds` of a 40-second video at 1×, playing and visible (heartbeats every 20 s). */
async function watch(db: Db, personKey: string, moduleId: string, enrolment: string, at: number, seconds: number) {
  const session = newId();
  await db.query(
    `INSERT INTO learning_sessions (id, person_key, module_id, enrolment, started_at, rules, next_check_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      session,
      personKey,
      moduleId,
      enrolment,
      new Date(at),
      JSON.stringify(DEMO_RULES),
      new Date(at + 365 * 86_400_000),
    ],
  );
  await db.query(
    `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing)
     SELECT $1, g, $2, $3::timestamptz + g * interval '20 seconds', $3::timestamptz + g * interval '20 seconds', g * 20, 1, true, true, true
     FROM generate_series(0, $4::int) g`,
    [session, personKey, new Date(at), Math.floor(seconds / 20)],
  );
}

/** A learner in a live class from `from` to `to` (join, a beat every 30 s, leave), hidden for a while if told. */
async function attendLive(
  db: Db,
  personKey: string,
  liveClassId: string,
  enrolment: string,
  from: number,
  to: number,
  hidden: { hiddenFrom: number; hiddenUntil: number } = { hiddenFrom: 0, hiddenUntil: 0 },
) {
  const session = newId();
  await db.query(
    `INSERT INTO learning_sessions (id, person_key, module_id, live_class_id, enrolment, started_at, rules, next_check_at)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7)`,
    [
      session,
      personKey,
      liveClassId,
      enrolment,
      new Date(from),
      JSON.stringify(DEMO_RULES),
      new Date(from + 365 * 86_400_000),
    ],
  );
  const last = Math.floor((to - from) / 30_000);
  await db.query(
    `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing, event)
     SELECT $1, g, $2, t, t, 0, 1, NOT (t >= $5 AND t < $6), NOT (t >= $5 AND t < $6), g < $4,
            CASE WHEN g = 0 THEN 'join' WHEN g = $4 THEN 'leave' ELSE 'beat' END
     FROM generate_series(0, $4::int) g, LATERAL (SELECT $3::timestamptz + g * interval '30 seconds' AS t) x`,
    [session, personKey, new Date(from), last, new Date(hidden.hiddenFrom), new Date(hidden.hiddenUntil)],
  );
}
