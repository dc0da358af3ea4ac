import { z } from 'zod';
import { reportCity, visibleKpiRow } from './reporting.policy.ts';
import { fileResponse, XLSX, ZDate, ZJobQueued } from '../../kernel/schemas.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorName, cityScope } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { onReadDb } from '../../http/read-routing.ts';
import { computeKpi } from './kpi.ts';
import { dashboard } from './dashboard.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';
import {
  monthlyReport,
  monthlyReportPdf,
  monthlyReportXlsx,
  INDICATOR_ZH,
  MONTHLY_REPORT_JOB,
} from './monthly-report.ts';
import { Invalid } from '../../kernel/errors.ts';
import { setTarget, targetProgress, TARGET_DIMENSIONS, type TargetDimension } from './decomposition.ts';
import { inboxToday, markRead, REMINDER_KINDS, weekOf } from './reminders.ts';
import { listForecastUploads, uploadForecasts } from './forecasts.ts';
import { forecastZh } from './pace.ts';
import { addHolder, holderBoard, holderProgress, HOLDER_YEARS, listHolders, setHolderTarget } from './holders.ts';
import { carrierProgress, programmeProgress } from './tag-progress.ts';
import { planYearly } from './plan-numbers.ts';
import {
  ZCityProgress,
  ZDashboard,
  ZForecastUpload,
  ZForecastUploadResult,
  ZHolder,
  ZHolderBoard,
  ZHolderTargetSet,
  ZProgrammeBoard,
  ZKpiRow,
  ZMonthlyReport,
  ZReminder,
  ZReminderRead,
  ZTargetProgress,
  ZTargetSet,
} from './reporting.schema.ts';

export function reportingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/dashboard',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '目标进度看板 / progress against (pro-rata) targets, by city, with trend',
        querystring: z.object({ asOf: ZDate.optional() }),
        response: { 200: ZDashboard },
      },
    },
    async (req) =>
      onReadDb(req, ctx, (db) => dashboard(db, req.query.asOf ?? chinaDate(new Date()), cityScope(actorOf(req)))),
  );
  r.get(
    '/api/reminders',
    {
      config: { access: ['province_admin', 'city_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '督促提醒：按当前进度无法按期完成目标的城市 / cities behind pace',
        querystring: z.object({ asOf: ZDate.optional() }),
        response: { 200: z.array(ZCityProgress) },
      },
    },
    async (req) =>
      (
        await onReadDb(req, ctx, (db) =>
          dashboard(db, req.query.asOf ?? chinaDate(new Date()), cityScope(actorOf(req))),
        )
      ).cities.filter((c) => c.behind),
  );
  r.get(
    '/api/kpi.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '指标 XLSX / the KPI table as XLSX',
        querystring: z.object({ from: ZDate.optional(), to: ZDate.optional(), city: z.string().optional() }),
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const scope = cityScope(actor) ?? req.query.city ?? null;
      const rows = (await onReadDb(req, ctx, (db) => computeKpi(db, req.query, scope))).filter((row) =>
        visibleKpiRow(actor, row),
      );
      return sendXlsx(
        reply,
        `kpi${scope ? `-${scope}` : ''}.xlsx`,
        await toXlsx(
          '指标',
          [
            ['指标 Indicator', 'indicator'],
            ['维度 Dimension', 'dimension'],
            ['键 Key', 'key'],
            ['数值 Value', 'value'],
          ],
          rows as unknown as Record<string, unknown>[],
        ),
      );
    },
  );
  r.get(
    '/api/kpi',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '三项指标 / the three KPIs by dimension (city officers: own city)',
        querystring: z.object({ from: ZDate.optional(), to: ZDate.optional(), city: z.string().optional() }),
        response: { 200: z.array(ZKpiRow) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const scope = cityScope(actor) ?? req.query.city ?? null;
      return (await onReadDb(req, ctx, (db) => computeKpi(db, req.query, scope))).filter((row) =>
        visibleKpiRow(actor, row),
      );
    },
  );
  const monthQuery = z.object({ month: z.string(), city: z.string().optional() });
  r.get(
    '/api/reports/monthly',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '月报（省或市）/ the monthly report (province or one city)',
        querystring: monthQuery,
        response: { 200: ZMonthlyReport },
      },
    },
    async (req) =>
      onReadDb(req, ctx, (db) => monthlyReport(db, req.query.month, reportCity(actorOf(req), req.query.city))),
  );
  r.post(
    '/api/reports/monthly/jobs',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['reporting'],
        summary:
          "排队生成月报（工作进程执行；报表见 GET /api/jobs/{id} 的 output）/ queue a monthly report for a worker; the job's output is the report",
        body: monthQuery,
        response: { 202: ZJobQueued },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(req.body.month))
        throw new Invalid('BAD_MONTH', '月份格式应为 YYYY-MM', 'month must be YYYY-MM', { field: 'month' });
      const city = reportCity(actor, req.body.city);
      // The same report asked again by the same person while queued or running is that job (each sees only their own).
      const queued = await ctx.queue.enqueue(
        MONTHLY_REPORT_JOB,
        { month: req.body.month, city },
        { actor: actorName(actor), key: `${actorName(actor)}:${req.body.month}:${city ?? 'province'}` },
      );
      return reply.status(202).send(queued);
    },
  );
  r.get(
    '/api/reports/monthly.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '月报 XLSX / the monthly report as XLSX',
        querystring: monthQuery,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const report = await onReadDb(req, ctx, (db) =>
        monthlyReport(db, req.query.month, reportCity(actorOf(req), req.query.city)),
      );
      return sendXlsx(
        reply,
        `monthly-${report.cityCode ?? 'province'}-${report.month}.xlsx`,
        await monthlyReportXlsx(report),
      );
    },
  );
  r.get(
    '/api/reports/monthly.pdf',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '月报 PDF / the monthly report as PDF',
        querystring: monthQuery,
        response: { 200: fileResponse('application/pdf') },
      },
    },
    async (req, reply) => {
      const report = await onReadDb(req, ctx, (db) =>
        monthlyReport(db, req.query.month, reportCity(actorOf(req), req.query.city)),
      );
      // The bytes go out as they are: the declared file response is for the OpenAPI document only.
      return (reply as FastifyReply)
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="monthly-${report.cityCode ?? 'province'}-${report.month}.pdf"`,
        )
        .send(await monthlyReportPdf(report));
    },
  );
  r.get(
    '/api/targets/progress',
    {
      config: { access: ['province_admin', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary: '目标分解及进度（市、领域、群体、重点任务）/ decomposed targets and progress by dimension',
        querystring: z.object({
          dimension: z.enum(Object.keys(TARGET_DIMENSIONS) as [TargetDimension, ...TargetDimension[]]),
          asOf: ZDate.optional(),
        }),
        response: { 200: z.array(ZTargetProgress) },
      },
    },
    async (req) =>
      onReadDb(req, ctx, (db) =>
        targetProgress(db, actorOf(req), req.query.dimension, req.query.asOf ?? chinaDate(new Date())),
      ),
  );
  r.post(
    '/api/targets',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['reporting'],
        summary: '设定分解目标 / set a decomposed target',
        body: z.object({ indicator: z.string(), dimension: z.string(), key: z.string(), value: z.number() }),
        response: { 200: ZTargetSet },
      },
    },
    async (req) => setTarget(ctx.db, actorOf(req), req.body),
  );
  r.get(
    '/api/inbox',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer', 'holder_officer'] },
      schema: {
        tags: ['reporting'],
        summary: '督促提醒收件箱（可按周、对象类型）/ reminders inbox (by week, by kind of recipient)',
        querystring: z.object({ week: ZDate.optional(), kind: z.enum(REMINDER_KINDS).optional() }),
        response: { 200: z.array(ZReminder) },
      },
    },
    async (req) => inboxToday(ctx.db, actorOf(req), chinaDate(new Date()), req.query.week, req.query.kind),
  );
  r.post(
    '/api/inbox/:id/read',
    {
      config: {
        access: ['province_admin', 'city_officer', 'department_officer', 'holder_officer'],
        rollups: false,
      },
      schema: {
        tags: ['reporting'],
        summary: '标记已读 / mark a reminder read',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: ZReminderRead },
      },
    },
    async (req) => markRead(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/reports/weekly.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['reporting'],
        summary: '督促提醒周报 XLSX / the weekly reminders report',
        querystring: z.object({ week: ZDate.optional() }),
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const today = chinaDate(new Date());
      const week = weekOf(req.query.week ?? today);
      const rows = (await inboxToday(ctx.db, actorOf(req), today, week)) as Record<string, unknown>[];
      const kind: Record<string, string> = {
        city: '城市',
        sector: '领域（行业部门）',
        key_task: '重点任务（行业部门）',
        holder: '目标承担单位（N）',
      };
      return sendXlsx(
        reply,
        `reminders-${week}.xlsx`,
        await toXlsx(
          `督促提醒 ${week}`,
          [
            ['对象类型 Kind', 'kind'],
            ['对象 Recipient', 'recipient_name'],
            ['指标 Indicator', 'indicator_zh'],
            ['累计 Actual', 'actual'],
            ['按期目标 Pro-rata', 'pro_rata_target'],
            ['目标 Target', 'target'],
            ['预计完成 Forecast', 'forecast_date'],
            ['已读 Read', 'read'],
          ],
          rows.map((x) => ({
            ...x,
            kind: kind[x.recipient_kind as string],
            indicator_zh: INDICATOR_ZH[x.indicator as keyof typeof INDICATOR_ZH],
            forecast_date: forecastZh({
              reachable: x.reachable as boolean,
              forecastDate: x.forecast_date as string | null,
              periodEnd: x.period_end as string,
            }),
            read: x.read_at ? '是' : '否',
          })),
        ),
      );
    },
  );
  r.post(
    '/api/forecasts',
    {
      config: { access: ['department_officer', 'province_admin'] },
      schema: {
        tags: ['reporting'],
        summary:
          '数据集采：上传本领域需求预测（CSV：occupation_code,city_code,year,headcount；逐行校验）/ upload demand forecasts',
        body: z.object({ fileName: z.string().max(200), csv: z.string().max(5_000_000) }),
        response: { 201: ZForecastUploadResult },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await uploadForecasts(ctx.db, actorOf(req), req.body.fileName, req.body.csv)),
  );
  r.get(
    '/api/forecasts/uploads',
    {
      config: { access: ['department_officer', 'province_admin'] },
      schema: {
        tags: ['reporting'],
        summary: '数据集采上传记录与状态 / forecast uploads and their status',
        response: { 200: z.array(ZForecastUpload) },
      },
    },
    async (req) => listForecastUploads(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/programmes/board',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'], reads: 'standby' },
      schema: {
        tags: ['reporting'],
        summary:
          '专项计划、培训载体、N 目标承担单位进度及年度计划数 / progress by programme, carrier and N holder, and the plan’s yearly numbers',
        querystring: z.object({ asOf: ZDate.optional() }),
        response: { 200: ZProgrammeBoard },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const asOf = req.query.asOf ?? chinaDate(new Date());
      return onReadDb(req, ctx, async (db) => ({
        asOf,
        programmes: await programmeProgress(db, actor, asOf),
        carriers: await carrierProgress(db, actor, asOf),
        holders: await holderProgress(db, actor, asOf),
        planYearly: await planYearly(db, asOf),
      }));
    },
  );
  r.get(
    '/api/holders',
    {
      config: { access: ['province_admin', 'department_officer'] },
      schema: {
        tags: ['reporting'],
        summary: 'N 目标承担单位（部门：本领域）/ the N target holders (a department: its sectors’)',
        response: { 200: z.array(ZHolder) },
      },
    },
    async (req) =>
      (await listHolders(ctx.db, actorOf(req))).map((h) => ({
        id: h.id,
        kind: h.kind,
        name: h.name,
        sector: h.sector,
        carrierId: h.carrier_id,
      })),
  );
  r.get(
    '/api/holders/:id/board',
    {
      config: { access: ['province_admin', 'department_officer', 'holder_officer'] },
      schema: {
        tags: ['reporting'],
        summary:
          '一个 N 目标承担单位的年度目标进度（联络员：仅本单位）/ one N holder’s targets and pace (a liaison: its own only)',
        params: z.object({ id: z.string().max(40) }),
        querystring: z.object({
          asOf: ZDate.optional(),
          year: z.coerce
            .number()
            .int()
            .refine((y) => (HOLDER_YEARS as readonly number[]).includes(y), {
              message: '年度应为 2025—2027 / 2025–2027',
            })
            .optional(),
        }),
        response: { 200: ZHolderBoard },
      },
    },
    async (req) =>
      holderBoard(ctx.db, actorOf(req), req.params.id, req.query.asOf ?? chinaDate(new Date()), req.query.year),
  );
  r.post(
    '/api/holders',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['reporting'],
        summary: '新增 N 目标承担单位 / add an N target holder',
        body: z.object({
          kind: z.string(),
          name: z.string().trim().min(1).max(200),
          sector: z.string(),
          carrierId: z.string().nullable().optional(),
        }),
        response: { 201: ZHolder },
      },
    },
    async (req, reply) => reply.status(201).send(await addHolder(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/holders/targets',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['reporting'],
        summary: '设定 N 目标承担单位的年度目标 / set a holder’s yearly target',
        body: z.object({ holderId: z.string(), indicator: z.string(), year: z.number().int(), value: z.number() }),
        response: { 200: ZHolderTargetSet },
      },
    },
    async (req) => setHolderTarget(ctx.db, actorOf(req), req.body),
  );
}
