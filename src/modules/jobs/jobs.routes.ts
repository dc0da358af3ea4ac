import { z } from 'zod';
import { fileResponse, XLSX, ZDate } from '../../kernel/schemas.ts';
import { pageOf, ZPageQuery } from '../../kernel/listing.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';
import { JOB_ORDER_STATUS_NAMES } from './jobs.labels.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { getProject } from '../training/index.ts';
import { loadPolicy } from '../subsidy/index.ts';
import { closeJobOrder, createJobOrder, listJobOrders, openDemand } from './job-orders.ts';
import { answerPendingHire, candidatesFor, jobsForMe, myPendingHires, recordHire } from './matching.ts';
import { employmentRates } from './outcomes.ts';
import {
  ZEmploymentRates,
  ZHirePending,
  ZHireRecorded,
  ZJobCandidate,
  ZJobForMe,
  ZJobOrder,
  ZJobOrderState,
  ZOpenDemand,
  ZPendingHire,
  ZPendingHireAnswer,
} from './jobs.schema.ts';

const orderParams = z.object({ id: z.string() });

export function jobsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/job-orders',
    {
      config: { access: ['enterprise_staff'] },
      schema: {
        tags: ['jobs'],
        summary: '发布用工订单 / post a job order',
        body: z.object({
          occupationCode: z.string(),
          level: z.string().nullish(),
          headcount: z.number(),
          payMin: z.string(),
          payMax: z.string(),
          deadline: z.string(),
        }),
        response: { 201: ZJobOrderState },
      },
    },
    async (req, reply) => reply.status(201).send(await createJobOrder(ctx.db, actorOf(req), req.body)),
  );
  const orderFilter = z.object({
    status: z.enum(['open', 'closed']).optional(),
    city: z.string().max(12).optional(),
    occupation: z.string().max(40).optional(),
    q: z.string().max(60).optional(),
    ...ZPageQuery,
  });
  r.get(
    '/api/job-orders',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'enterprise_staff', 'worker'] },
      schema: {
        tags: ['jobs'],
        summary: '用工订单 / job orders in scope (workers: open ones), filtered, sorted and paged on the server',
        querystring: orderFilter,
        response: { 200: pageOf(ZJobOrder) },
      },
    },
    async (req) => listJobOrders(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/job-orders.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'enterprise_staff'] },
      schema: {
        tags: ['jobs'],
        summary: '导出用工订单 XLSX（当前筛选）/ the filtered job orders as XLSX',
        querystring: orderFilter,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listJobOrders(ctx.db, actorOf(req), req.query, false);
      const rows = items.map((o) => ({
        ...o,
        status: JOB_ORDER_STATUS_NAMES[o.status as keyof typeof JOB_ORDER_STATUS_NAMES]?.zh ?? o.status,
        pay: `${(o.pay_min_fen / 100).toFixed(0)}–${(o.pay_max_fen / 100).toFixed(0)}`,
      }));
      const buffer = await toXlsx(
        '用工订单',
        [
          ['订单编号 Order', 'order_id'],
          ['企业 Enterprise', 'enterprise_name'],
          ['职业 Occupation', 'occupation_name'],
          ['城市 City', 'city_name'],
          ['招聘人数 Headcount', 'headcount'],
          ['已录用 Filled', 'filled'],
          ['月薪（元）Pay (yuan)', 'pay'],
          ['截止 Deadline', 'deadline'],
          ['状态 Status', 'status'],
        ],
        rows,
      );
      return sendXlsx(reply, 'job-orders.xlsx', buffer);
    },
  );
  r.post(
    '/api/job-orders/:id/close',
    {
      config: { access: ['enterprise_staff'] },
      schema: {
        tags: ['jobs'],
        summary: '关闭订单 / close an order',
        params: orderParams,
        response: { 200: ZJobOrderState },
      },
    },
    async (req) => closeJobOrder(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/job-orders/:id/candidates',
    {
      config: { access: ['enterprise_staff', 'city_officer', 'province_admin'] },
      schema: {
        tags: ['jobs'],
        summary: '人岗匹配：结业学员按得分排序，附理由 / ranked candidates with reasons',
        params: orderParams,
        response: { 200: z.array(ZJobCandidate) },
      },
    },
    async (req) => candidatesFor(ctx.db, actorOf(req), req.params.id),
  );
  r.post(
    '/api/job-orders/:id/hires',
    {
      config: { access: ['enterprise_staff'] },
      schema: {
        tags: ['jobs'],
        summary: '登记录用（就业结果）/ record a hire',
        params: orderParams,
        body: z.object({
          personKey: z.string().optional(),
          idNumber: z.string().optional(),
          startDate: ZDate,
          contractMonths: z.number().int().min(0).max(1200),
        }),
        response: { 201: ZHireRecorded, 202: ZHirePending },
      },
    },
    async (req, reply) => {
      const hire = await recordHire(ctx.db, ctx.vault, actorOf(req), req.params.id, req.body);
      // A candidate is employed now (201); anyone else waits for the worker's confirmation (202).
      return reply.status(hire.status === 'hired' ? 201 : 202).send(hire);
    },
  );
  r.get(
    '/api/me/hires',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['jobs'],
        summary: '录用确认：企业为我登记的录用 / hires enterprises proposed for me',
        response: { 200: z.array(ZPendingHire) },
      },
    },
    async (req) => myPendingHires(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/me/hires/:id',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['jobs'],
        summary: '确认或拒绝录用 / confirm or decline a proposed hire',
        params: orderParams,
        body: z.object({ answer: z.enum(['confirmed', 'declined']) }),
        response: { 200: ZPendingHireAnswer },
      },
    },
    async (req) => answerPendingHire(ctx.db, actorOf(req), req.params.id, req.body.answer),
  );
  r.get(
    '/api/demand',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['jobs'],
        summary: '开放需求：按职业和城市汇总订单岗位与点单 / open demand by occupation and city',
        response: { 200: z.array(ZOpenDemand) },
      },
    },
    async (req) => openDemand(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/jobs',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['jobs'],
        summary: '为我推荐的岗位 / open jobs matched to me, with reasons',
        response: { 200: z.array(ZJobForMe) },
      },
    },
    async (req) => jobsForMe(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/projects/:code/employment',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'institution_staff'] },
      schema: {
        tags: ['jobs'],
        summary: '结业学员3个月、6个月就业率 / employment at 3 and 6 months',
        params: z.object({ code: z.string() }),
        response: { 200: ZEmploymentRates.nullable() },
      },
    },
    async (req) => {
      await getProject(ctx.db, actorOf(req), req.params.code);
      const policy = await loadPolicy(ctx.db);
      return employmentRates(
        ctx.db,
        req.params.code,
        chinaDate(new Date()),
        policy.params.employmentBonus.stableContractMonths,
      );
    },
  );
}
