import { z } from 'zod';
import { fileResponse, XLSX, ZDate } from '../../kernel/schemas.ts';
import { pageOf, ZPageQuery } from '../../kernel/listing.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { getProject, listProjects, PROJECT_TODOS } from './training.service.ts';
import { PROJECT_KIND_NAMES, PROJECT_STATUSES, PROJECT_STATUS_NAMES, REQUEST_STATUS_NAMES } from './training.labels.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { ingestAttendance, registerDevice } from './attendance-ingest.ts';
import { liveSession } from './live-session.ts';
import { loadPolicy, ratioRules } from '../subsidy/index.ts';
import { createRequest, listRequests, withdrawRequest } from './requests.ts';
import {
  acceptProject,
  chooseEvaluator,
  createProject,
  declineProject,
  PROJECT_KINDS,
  redispatchProject,
} from './dispatch.ts';
import { addSession, classRoster, closeClass, enrol, enrolMany, myTraining, openClass } from './classes.ts';
import { addSite, listSites } from './sites.ts';
import {
  ZAttendanceIngestResult,
  ZClassClosed,
  ZDeviceRegistered,
  ZEnrolment,
  ZEnrolmentBatch,
  ZEvaluatorChosen,
  ZLiveTrainee,
  ZMyTraining,
  ZNewSite,
  ZProjectDetail,
  ZProjectListItem,
  ZProjectState,
  ZRosterEntry,
  ZSessionScheduled,
  ZSite,
  ZTrainingRequest,
  ZTrainingRequestCreated,
  ZTrainingRequestWithdrawn,
} from './training.schema.ts';

const code = z.object({ code: z.string() });

export function trainingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/devices',
    {
      // Institution staff reach the policy, which refuses them with its reason (DEVICE_REGISTRAR).
      config: { access: ['city_officer', 'province_admin', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary:
          '登记考勤设备，绑定机构与场所（市级或省级；密钥只显示一次）/ register an attendance device at a site (city or province; the secret is shown once)',
        body: z.object({
          deviceId: z.string(),
          kind: z.string(),
          institutionCode: z.string(),
          siteName: z.string(),
          siteLat: z.number(),
          siteLon: z.number(),
        }),
        response: { 201: ZDeviceRegistered },
      },
    },
    async (req, reply) => reply.status(201).send(await registerDevice(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/attendance/events',
    {
      config: { access: 'device', rollups: false },
      schema: {
        tags: ['training'],
        summary:
          '考勤事件上报（设备认证 Authorization: Device id:secret；每批≤500；幂等）/ attendance events from a device',
        body: z.object({
          events: z
            .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
            .min(1)
            .max(500),
        }),
        response: { 200: ZAttendanceIngestResult },
      },
    },
    async (req) => ingestAttendance(ctx.db, ctx.vault, req.device!, req.body.events),
  );
  r.get(
    '/api/projects/:code/sessions/:no/live',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '课堂实时考勤（云眸）/ live class view',
        params: z.object({ code: z.string(), no: z.coerce.number().int() }),
        response: { 200: z.array(ZLiveTrainee) },
      },
    },
    async (req) =>
      liveSession(ctx.db, actorOf(req), req.params.code, req.params.no, (await loadPolicy(ctx.db)).params.attendance),
  );
  const projectFilter = z.object({
    city: z.string().max(12).optional(),
    status: z.enum(PROJECT_STATUSES).optional(),
    todo: z.enum(PROJECT_TODOS).optional(),
    q: z.string().max(60).optional(),
    ...ZPageQuery,
  });
  r.get(
    '/api/projects',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff', 'worker'] },
      schema: {
        tags: ['training'],
        summary: '培训项目 / projects in the caller’s scope, filtered, sorted and paged on the server',
        querystring: projectFilter,
        response: { 200: pageOf(ZProjectListItem) },
      },
    },
    async (req) => listProjects(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/projects.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '导出培训项目 XLSX（当前筛选）/ the filtered projects as XLSX',
        querystring: projectFilter,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listProjects(ctx.db, actorOf(req), req.query, new Date(), false);
      const rows = items.map((p) => ({
        ...p,
        kind: PROJECT_KIND_NAMES[p.kind as keyof typeof PROJECT_KIND_NAMES]?.zh ?? p.kind,
        status: PROJECT_STATUS_NAMES[p.status]?.zh ?? p.status,
        fee_yuan: p.fee_fen === null ? '' : (p.fee_fen / 100).toFixed(2),
      }));
      const buffer = await toXlsx(
        '培训项目',
        [
          ['项目编号 Project', 'project_code'],
          ['项目名称 Title', 'title'],
          ['承训机构 Institution', 'institution_name'],
          ['职业 Occupation', 'occupation_name'],
          ['类别 Kind', 'kind'],
          ['城市 City', 'city_name'],
          ['开始 Start', 'start_date'],
          ['结束 End', 'end_date'],
          ['报名人数 Enrolled', 'enrolled'],
          ['单价（元）Fee (yuan)', 'fee_yuan'],
          ['状态 Status', 'status'],
        ],
        rows,
      );
      return sendXlsx(reply, 'projects.xlsx', buffer);
    },
  );
  r.get(
    '/api/projects/:code',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '项目详情 / a project with its sessions',
        params: z.object({ code: z.string() }),
        response: { 200: ZProjectDetail },
      },
    },
    async (req) => getProject(ctx.db, actorOf(req), req.params.code),
  );

  r.post(
    '/api/training-requests',
    {
      config: { access: ['worker', 'city_officer', 'province_admin'] },
      schema: {
        tags: ['training'],
        summary:
          '点单：申请参加某职业培训，或从找培训报名某个班级 / ask for training in an occupation, or to join an open class',
        body: z.object({
          idNumber: z.string().optional(),
          occupationCode: z.string().optional(),
          level: z.string().nullish(),
          note: z.string().max(200).nullish(),
          /** 找培训 → 我要报名: the class (project code); its occupation and level are asked for. */
          classCode: z.string().max(40).nullish(),
        }),
        response: { 201: ZTrainingRequestCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createRequest(ctx.db, ctx.vault, actorOf(req), req.body)),
  );
  const requestFilter = z.object({
    status: z.enum(['open', 'served', 'withdrawn']).optional(),
    city: z.string().max(12).optional(),
    occupation: z.string().max(40).optional(),
    q: z.string().max(60).optional(),
    ...ZPageQuery,
  });
  r.get(
    '/api/training-requests',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'worker'] },
      schema: {
        tags: ['training'],
        summary: '点单列表 / training requests in scope, filtered, sorted and paged on the server',
        querystring: requestFilter,
        response: { 200: pageOf(ZTrainingRequest) },
      },
    },
    async (req) => listRequests(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/training-requests.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['training'],
        summary: '导出点单 XLSX（当前筛选）/ the filtered training requests as XLSX',
        querystring: requestFilter,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listRequests(ctx.db, actorOf(req), req.query, false);
      const rows = items.map((r) => ({
        ...r,
        status: REQUEST_STATUS_NAMES[r.status as keyof typeof REQUEST_STATUS_NAMES]?.zh ?? r.status,
        created_at: chinaDate(r.created_at),
      }));
      const buffer = await toXlsx(
        '点单',
        [
          ['点单编号 Request', 'request_id'],
          ['姓名 Name', 'person_name'],
          ['身份证号（脱敏）ID (masked)', 'id_masked'],
          ['职业 Occupation', 'occupation_name'],
          ['城市 City', 'city_name'],
          ['状态 Status', 'status'],
          ['服务项目 Project', 'project_code'],
          ['提出日期 Asked on', 'created_at'],
        ],
        rows,
      );
      return sendXlsx(reply, 'training-requests.xlsx', buffer);
    },
  );
  r.post(
    '/api/training-requests/:id/withdraw',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['training'],
        summary: '撤回点单 / withdraw my request',
        params: z.object({ id: z.string() }),
        response: { 200: ZTrainingRequestWithdrawn },
      },
    },
    async (req) => withdrawRequest(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/projects',
    {
      config: { access: ['city_officer', 'province_admin'] },
      schema: {
        tags: ['training'],
        summary: '派单：按需求创建项目并派给机构 / create a project from demand and dispatch it',
        body: z.object({
          title: z.string(),
          occupationCode: z.string(),
          level: z.string().nullish(),
          kind: z.enum(PROJECT_KINDS),
          keyTask: z.number(),
          cityCode: z.string().optional(),
          startDate: ZDate,
          endDate: ZDate,
          plannedHours: z.number().int().min(1).max(10000),
          plannedTrainees: z.number().int().min(1).max(100000),
          modules: z.array(z.string().max(100)).max(50),
          price: z.string(),
          institutionCode: z.string(),
          jobOrders: z.array(z.string()).optional(),
          requests: z.array(z.string()).optional(),
          evaluatorCode: z.string().nullish(),
        }),
        response: { 201: ZProjectState },
      },
    },
    async (req, reply) => reply.status(201).send(await createProject(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/projects/:code/accept',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '接单 / accept a dispatched project',
        params: code,
        response: { 200: ZProjectState },
      },
    },
    async (req) => acceptProject(ctx.db, actorOf(req), req.params.code),
  );
  r.post(
    '/api/projects/:code/decline',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '拒单（须说明原因）/ decline with a reason',
        params: code,
        body: z.object({ reason: z.string().max(200) }),
        response: { 200: ZProjectState },
      },
    },
    async (req) => declineProject(ctx.db, actorOf(req), req.params.code, req.body.reason),
  );
  r.post(
    '/api/projects/:code/evaluator',
    {
      config: { access: ['city_officer', 'province_admin', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '选定评价机构（只有它能考核本班）/ choose the evaluator that assesses the class',
        params: code,
        body: z.object({ evaluatorCode: z.string() }),
        response: { 200: ZEvaluatorChosen },
      },
    },
    async (req) => chooseEvaluator(ctx.db, actorOf(req), req.params.code, req.body.evaluatorCode),
  );
  r.post(
    '/api/projects/:code/redispatch',
    {
      config: { access: ['city_officer', 'province_admin'] },
      schema: {
        tags: ['training'],
        summary: '重新派单 / dispatch a declined project again',
        params: code,
        body: z.object({ institutionCode: z.string() }),
        response: { 200: ZProjectState },
      },
    },
    async (req) => redispatchProject(ctx.db, actorOf(req), req.params.code, req.body.institutionCode),
  );
  r.post(
    '/api/projects/:code/sessions',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '排课 / schedule a session',
        params: code,
        description:
          '时间为带时区的 ISO 8601（2026-12-07T09:00+08:00）或中国时间 `2026-12-07 09:00`。场所为本机构登记的场所（siteId），或由接口调用方直接给出名称与坐标。/ Times are ISO 8601 with an offset or China wall-clock time; the site is one of the institution’s registered sites (siteId), or given inline by API clients.',
        body: z.object({
          startsAt: z.string().max(40),
          endsAt: z.string().max(40),
          siteId: z.number().int().nullish(),
          siteName: z.string().max(100).nullish(),
          siteLat: z.number().nullish(),
          siteLon: z.number().nullish(),
          teacher: z.string().max(50),
          mode: z.enum(['theory', 'practice']),
        }),
        response: { 201: ZSessionScheduled },
      },
    },
    async (req, reply) => reply.status(201).send(await addSession(ctx.db, actorOf(req), req.params.code, req.body)),
  );
  r.post(
    '/api/projects/:code/enrolments',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '报名（实名、重点群体、同期不重复参训）/ enrol a trainee',
        description:
          '按完整身份证号（idNumber），或按选人搜索找到的人员（personKey，须在本机构项目范围内）/ by the full ID number, or by a person the picker found (personKey, within the caller’s scope)',
        params: code,
        body: z.union([z.object({ idNumber: z.string().max(40) }), z.object({ personKey: z.string().max(128) })]),
        response: { 201: ZEnrolment },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enrol(ctx.db, ctx.vault, actorOf(req), req.params.code, req.body)),
  );
  r.post(
    '/api/projects/:code/enrolments/batch',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary:
          '批量报名：粘贴身份证号（每行一个），逐行答复（已报名 / 查无此人 / 不符合条件及原因）/ enrol a pasted list of ID numbers, one answer per line',
        params: code,
        body: z.object({ idNumbers: z.array(z.string().max(40)).min(1).max(500) }),
        response: { 200: ZEnrolmentBatch },
      },
    },
    async (req) => enrolMany(ctx.db, ctx.vault, actorOf(req), req.params.code, req.body.idNumbers),
  );
  r.get(
    '/api/sites',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary:
          '培训场所：机构登记的场所（机构本身、所在市或省级）/ an institution’s registered training sites (the institution, its city or the province)',
        querystring: z.object({ institution: z.string().max(40).optional() }),
        response: { 200: z.array(ZSite) },
      },
    },
    async (req) => listSites(ctx.db, actorOf(req), req.query),
  );
  r.post(
    '/api/sites',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary:
          '登记培训场所（坐标取自地图点选，须在江苏省内）/ register a training site (coordinates from a click on the map, inside Jiangsu)',
        body: ZNewSite,
        response: { 201: ZSite },
      },
    },
    async (req, reply) => reply.status(201).send(await addSite(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/projects/:code/open',
    {
      config: { access: ['institution_staff'] },
      schema: { tags: ['training'], summary: '开班 / open the class', params: code, response: { 200: ZProjectState } },
    },
    async (req) => openClass(ctx.db, actorOf(req), req.params.code),
  );
  r.post(
    '/api/projects/:code/close',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '结业（按出勤率判定结业）/ close the class',
        params: code,
        response: { 200: ZClassClosed },
      },
    },
    async (req) => {
      const p = (await loadPolicy(ctx.db)).params;
      return closeClass(ctx.db, actorOf(req), req.params.code, ratioRules(p), p.attendanceMinPercent);
    },
  );
  r.get(
    '/api/projects/:code/roster',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['training'],
        summary: '学员名单与出勤率 / class list with attendance ratios',
        params: code,
        response: { 200: z.array(ZRosterEntry) },
      },
    },
    async (req) => classRoster(ctx.db, actorOf(req), req.params.code, ratioRules((await loadPolicy(ctx.db)).params)),
  );
  r.get(
    '/api/me/training',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['training'],
        summary: '我的培训与出勤率 / my classes and attendance ratio',
        response: { 200: z.array(ZMyTraining) },
      },
    },
    async (req) => myTraining(ctx.db, actorOf(req), ratioRules((await loadPolicy(ctx.db)).params)),
  );
}
