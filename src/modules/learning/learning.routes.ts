import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { actorOf } from '../../http/auth.ts';
import { addModule, createCourse, managedCourses, mediaOf, uploadMedia } from './courses.ts';
import { editCourse, editModule, ownerQuestions, reorderModules, retireModule } from './course-editing.ts';
import { enrolledProjects, recordHeartbeat, startSession } from './learner-sessions.ts';
import { learningParams, setLearningParams } from './learning-params.ts';
import { assertMayManage, CHECK_CODES_PER_CHECK, enrolmentFor, ZLearningParams } from './learning.policy.ts';
import {
  ZCourseEdit,
  ZCourseInput,
  ZCourseProgress,
  ZHeartbeat,
  ZHeartbeatAnswer,
  ZLearnerSession,
  ZLearningCheck,
  ZLearningCourse,
  ZModuleEdit,
  ZModuleInput,
  ZModuleOrder,
  ZLiveAttendance,
  ZLiveCancel,
  ZLiveClass,
  ZLiveClassInput,
  ZLiveEvent,
  ZLiveReschedule,
  ZLiveSession,
  ZMyLiveClass,
  ZModuleProgress,
  ZOwnerQuestion,
  ZMyLearning,
  ZQuizAnswers,
  ZQuizResult,
  ZRetire,
} from './learning.schema.ts';
import {
  cancelLiveClass,
  joinLiveClass,
  liveAttendance,
  managedLiveClasses,
  myLiveClass,
  myLiveClasses,
  recordLiveEvent,
  rescheduleLiveClass,
  scheduleLiveClass,
} from './live-classes.ts';
import { allowSameOriginFrame } from '../../http/security-headers.ts';
import { parseRange } from './media-store.ts';
import { mediaStoreFor } from './media-store-for.ts';
import { courseProgress, myLearning, myModuleProgress, submitQuiz } from './progress.ts';
import { answerCheck, recordFaceResult, sendCheckCode, skipCheck } from './rechecks.ts';

const id = z.object({ id: z.uuid() });
const OWNERS = ['province_admin', 'institution_staff', 'enterprise_staff'] as const;

/** The first chunk of an upload (to check its type) and the whole stream, that chunk included. */
async function peek(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* all() {
    if (!first.done) yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, stream: Readable.from(all()) };
}

/** 在线学习 (docs/online-learning.md): the course library, learner sessions and heartbeats, re-checks, quizzes, progress. */
export function learningRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const store = mediaStoreFor(ctx.config);
  const secret = ctx.config.sessionSecret;

  r.get(
    '/api/learning/courses',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '我管理的在线课程 / online courses I manage',
        response: { 200: z.array(ZLearningCourse) },
      },
    },
    async (req) => managedCourses(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/learning/courses',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '发布在线课程 / publish an online course',
        body: ZCourseInput,
        response: { 201: ZLearningCourse },
      },
    },
    async (req, reply) => reply.status(201).send(await createCourse(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/learning/courses/:id/modules',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '添加课程模块（视频、文档、测验）/ add a module (video, document, quiz)',
        params: id,
        body: ZModuleInput,
        response: { 201: ZLearningCourse },
      },
    },
    async (req, reply) => reply.status(201).send(await addModule(ctx.db, actorOf(req), req.params.id, req.body)),
  );
  r.put(
    '/api/learning/courses/:id',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '修改在线课程 / edit an online course',
        params: id,
        body: ZCourseEdit,
        response: { 200: ZLearningCourse },
      },
    },
    async (req) => editCourse(ctx.db, actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/learning/courses/:id/order',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '调整模块顺序 / put the modules in a new order',
        params: id,
        body: ZModuleOrder,
        response: { 200: ZLearningCourse },
      },
    },
    async (req) => reorderModules(ctx.db, actorOf(req), req.params.id, req.body.moduleIds),
  );
  r.put(
    '/api/learning/modules/:id',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '修改课程模块（测验题整体替换）/ edit a module (quiz questions replaced)',
        params: id,
        body: ZModuleEdit,
        response: { 200: ZLearningCourse },
      },
    },
    async (req) => editModule(ctx.db, actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/learning/modules/:id/retire',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '停用或恢复模块 / retire a module or bring it back',
        params: id,
        body: ZRetire,
        response: { 200: ZLearningCourse },
      },
    },
    async (req) => retireModule(ctx.db, actorOf(req), req.params.id, req.body.retired),
  );
  r.get(
    '/api/learning/modules/:id/questions',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '测验题（含答案，仅课程所有者）/ a quiz’s questions with answers (owner only)',
        params: id,
        response: { 200: z.array(ZOwnerQuestion) },
      },
    },
    async (req) => ownerQuestions(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/learning/modules/:id/media',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '上传模块文件（multipart：WebM/MP4 视频或 PDF）/ upload a module’s media (multipart)',
        params: id,
        response: { 200: z.object({ bytes: z.number().int(), mediaType: z.string() }) },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new Invalid('NOT_MULTIPART', '请以表单（multipart）上传文件', 'send the file as multipart form data');
      const part = await req.file();
      if (!part) throw new Invalid('NO_FILE', '请选择文件', 'no file was uploaded', { field: 'file' });
      const { head, stream } = await peek(part.file);
      return uploadMedia(ctx.db, store, actorOf(req), req.params.id, { mediaType: part.mimetype, head, stream });
    },
  );
  r.get(
    '/api/learning/modules/:id/media',
    {
      config: { access: [...OWNERS, 'worker'] },
      schema: {
        tags: ['learning'],
        summary: '模块文件（支持 Range 分段）/ a module’s media, streamed with HTTP Range requests',
        params: id,
        headers: z.object({ range: z.string().max(100).optional() }),
        response: {
          200: {
            description: '文件 / media',
            content: { 'video/webm': { schema: z.string().meta({ format: 'binary' }) } },
          },
          206: {
            description: '分段 / partial content',
            content: { 'video/webm': { schema: z.string().meta({ format: 'binary' }) } },
          },
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const media = await mediaOf(ctx.db, req.params.id);
      if (actor.role === 'worker')
        enrolmentFor(actor, media.course, await enrolledProjects(ctx.db, actor.personKey ?? ''));
      else assertMayManage(actor, media.course);
      const size = await store.size(media.key);
      if (size === null) throw new Forbidden('MEDIA_MISSING', '课程文件暂不可用', 'the course media is not available');
      const range = parseRange(req.headers.range, size);
      const res = allowSameOriginFrame(reply as FastifyReply)
        .header('accept-ranges', 'bytes')
        .header('content-type', media.mediaType)
        .header('cache-control', 'private, max-age=3600');
      if (range === 'unsatisfiable') return res.status(416).header('content-range', `bytes */${size}`).send();
      if (!range) return res.header('content-length', size).send(size ? store.read(media.key, 0, size - 1) : '');
      return res
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(store.read(media.key, range.start, range.end));
    },
  );
  r.get(
    '/api/learning/courses/:id/progress',
    {
      config: { access: OWNERS },
      schema: {
        tags: ['learning'],
        summary: '学员学习进度（每人每模块）/ progress per learner and module',
        params: id,
        response: { 200: ZCourseProgress },
      },
    },
    async (req) => courseProgress(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/learning/policy',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['learning'],
        summary: '在线学时规则参数 / the learning policy’s parameters',
        response: { 200: ZLearningParams },
      },
    },
    async () => learningParams(ctx.db),
  );
  r.put(
    '/api/learning/policy',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['learning'],
        summary: '设置在线学时规则参数 / set the learning policy',
        body: ZLearningParams,
        response: { 200: ZLearningParams },
      },
    },
    async (req) => setLearningParams(ctx.db, actorOf(req), req.body),
  );
  r.get(
    '/api/me/learning',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '我的在线学习（可学课程与进度）/ my online learning',
        response: { 200: ZMyLearning },
      },
    },
    async (req) => myLearning(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/learning/modules/:id',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '我在一个模块的进度 / my progress in one module',
        params: id,
        response: { 200: ZModuleProgress },
      },
    },
    async (req) => myModuleProgress(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/learning/modules/:id/sessions',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '开始学习（签发学习会话）/ start a learner session',
        params: id,
        response: { 201: ZLearnerSession },
      },
    },
    async (req, reply) => reply.status(201).send(await startSession(ctx.db, actorOf(req), req.params.id, secret)),
  );
  r.post(
    '/api/learning/heartbeats',
    {
      // The signed learner-session token in the body is the credential (bound to person, module, enrolment).
      // At most two a second per session (the policy's shortest interval is 1 s, plus a beat on each
      // visibility change): a flood from one token is refused (429) before it reaches the database.
      config: {
        access: 'public',
        rateLimit: perTokenRateLimit('hb'),
        rollups: false,
      },
      schema: {
        tags: ['learning'],
        summary: '学习进度心跳（学习会话签名）/ a progress heartbeat',
        body: ZHeartbeat,
        response: { 200: ZHeartbeatAnswer },
      },
    },
    async (req) => recordHeartbeat(ctx.db, secret, req.body),
  );
  r.post(
    '/api/learning/checks/:id/sms',
    {
      // Each call texts the registry's phone: at most 3 codes per check (it is answerable for minutes),
      // so neither a learner nor a script can make the platform send SMS without end.
      config: {
        access: ['worker'],
        rateLimit: {
          max: CHECK_CODES_PER_CHECK,
          timeWindow: '1 hour',
          hook: 'preHandler' as const,
          keyGenerator: (req: FastifyRequest) => `check-sms:${(req.params as { id?: string }).id}`,
        },
      },
      schema: {
        tags: ['learning'],
        summary: '身份核验：发送短信验证码 / re-check: send the SMS code',
        params: id,
        response: { 200: ZLearningCheck },
      },
    },
    async (req) => sendCheckCode(ctx.db, ctx.sms, actorOf(req), req.params.id, secret),
  );
  r.post(
    '/api/learning/checks/:id/answer',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '身份核验：提交验证码 / re-check: answer with the code',
        params: id,
        body: z.object({ code: z.string().max(12) }),
        response: { 200: ZLearningCheck },
      },
    },
    async (req) => answerCheck(ctx.db, actorOf(req), req.params.id, req.body.code, secret),
  );
  r.post(
    '/api/learning/checks/:id/skip',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '身份核验：暂不核验（本次不通过）/ re-check: skip (fails it)',
        params: id,
        response: { 200: ZLearningCheck },
      },
    },
    async (req) => skipCheck(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/learning/checks/:id/face',
    {
      config: { access: 'device' },
      schema: {
        tags: ['learning'],
        summary: '身份核验：设备人脸比对结果（设备认证）/ re-check: a device’s face-match result',
        params: id,
        body: z.object({ match: z.boolean() }),
        response: { 200: ZLearningCheck },
      },
    },
    async (req) => recordFaceResult(ctx.db, req.device!, req.params.id, req.body.match),
  );
  r.post(
    '/api/learning/modules/:id/quiz',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '提交测验 / submit the module’s quiz',
        params: id,
        body: ZQuizAnswers,
        response: { 200: ZQuizResult },
      },
    },
    async (req) => submitQuiz(ctx.db, actorOf(req), req.params.id, req.body.answers),
  );

  // 直播课 (docs/online-learning.md § Live classes)
  r.get(
    '/api/learning/live-classes',
    {
      config: { access: ['institution_staff', 'province_admin'] },
      schema: {
        tags: ['learning'],
        summary: '我安排的直播课 / live classes I scheduled',
        response: { 200: z.array(ZLiveClass) },
      },
    },
    async (req) => managedLiveClasses(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/learning/live-classes',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['learning'],
        summary: '安排直播课（本机构项目）/ schedule a live class of an own project',
        body: ZLiveClassInput,
        response: { 201: ZLiveClass },
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleLiveClass(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/learning/live-classes/:id/reschedule',
    {
      config: { access: ['institution_staff', 'province_admin'] },
      schema: {
        tags: ['learning'],
        summary: '直播课改期（开始前，本机构）/ move a live class that has not started',
        params: id,
        body: ZLiveReschedule,
        response: { 200: ZLiveClass },
      },
    },
    async (req) => rescheduleLiveClass(ctx.db, actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/learning/live-classes/:id/cancel',
    {
      config: { access: ['institution_staff', 'province_admin'] },
      schema: {
        tags: ['learning'],
        summary: '取消直播课（开始前，附原因）/ cancel a live class that has not started, with a reason',
        params: id,
        body: ZLiveCancel,
        response: { 200: ZLiveClass },
      },
    },
    async (req) => cancelLiveClass(ctx.db, actorOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/learning/live-classes/:id/attendance',
    {
      config: { access: ['institution_staff', 'province_admin'] },
      schema: {
        tags: ['learning'],
        summary: '直播课出勤（每名学员的有效时长）/ live class attendance per learner',
        params: id,
        response: { 200: ZLiveAttendance },
      },
    },
    async (req) => liveAttendance(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/me/live-classes',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '我的直播课 / my live classes',
        response: { 200: z.array(ZMyLiveClass) },
      },
    },
    async (req) => myLiveClasses(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/live-classes/:id',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '我在一节直播课的有效时长 / my valid time in one live class',
        params: id,
        response: { 200: ZMyLiveClass },
      },
    },
    async (req) => myLiveClass(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/learning/live-classes/:id/join',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['learning'],
        summary: '进入直播课（签发直播会话）/ join a live class',
        params: id,
        response: { 201: ZLiveSession },
      },
    },
    async (req, reply) => reply.status(201).send(await joinLiveClass(ctx.db, actorOf(req), req.params.id, secret)),
  );
  r.post(
    '/api/learning/live-events',
    {
      // As heartbeats: the signed live-session token is the credential; at most two a second per token.
      config: {
        access: 'public',
        rateLimit: perTokenRateLimit('live'),
        rollups: false,
      },
      schema: {
        tags: ['learning'],
        summary: '直播课事件（进入、离开、心跳）/ a live class event (join, leave, heartbeat)',
        body: ZLiveEvent,
        response: { 200: ZHeartbeatAnswer },
      },
    },
    async (req) => recordLiveEvent(ctx.db, secret, req.body),
  );
}

/**
 * At most 120 requests a minute per signed session token (the body's `token`; the client's IP without
 * one), refused with 429 before the handler reads anything: heartbeats and live-class events alike.
 */
function perTokenRateLimit(prefix: string) {
  return {
    // A load guard: valid time is computed from the stored rows (a rate over 1.25× counts nothing),
    // so counting per API process is enough and saves a statement per heartbeat (rate-limit-store.ts).
    perProcess: true,
    max: 120,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) =>
      `${prefix}:${(req.body as { token?: string } | undefined)?.token?.slice(-64) ?? req.ip}`,
  };
}
