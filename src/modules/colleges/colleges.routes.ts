import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { fileResponse, XLSX, ZCode } from '../../kernel/schemas.ts';
import { actorOf } from '../../http/auth.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { collegeSessions, collegesWorkload, collegeWorkload } from './workload.ts';
import { collegePdf, collegesXlsx, collegeXlsx } from './workload-files.ts';
import { reportCollegeFinances } from './finances.ts';
import {
  ZCollegeFinancesBody,
  ZCollegeFinancesResult,
  ZCollegeSession,
  ZCollegesWorkload,
  ZCollegeWorkload,
  ZPlanYear,
} from './colleges.schema.ts';

const READERS = ['province_admin', 'department_officer', 'city_officer', 'institution_staff'] as const;

/** 院校工作量折算 (plan 一): the report for 教育厅 and cities, each college's own, files, drill-down, and the college's figures. */
export function collegeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const yearQuery = z.object({ year: ZPlanYear });
  const params = z.object({ code: ZCode });
  r.get(
    '/api/colleges/workload',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '职业院校社会培训工作量折算及收支（按年）/ colleges’ training workload conversion, income and cap',
        querystring: yearQuery,
        response: { 200: ZCollegesWorkload },
      },
    },
    async (req) => collegesWorkload(ctx.db, actorOf(req), req.query.year),
  );
  r.get(
    '/api/colleges/workload.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '院校工作量折算 XLSX / the colleges’ report as XLSX',
        querystring: yearQuery,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        `colleges-workload-${req.query.year}.xlsx`,
        await collegesXlsx(await collegesWorkload(ctx.db, actorOf(req), req.query.year)),
      ),
  );
  r.get(
    '/api/colleges/:code/workload',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '一所院校的工作量折算：按课程、按教师、平台拨付 / one college’s year',
        params,
        querystring: yearQuery,
        response: { 200: ZCollegeWorkload },
      },
    },
    async (req) => collegeWorkload(ctx.db, actorOf(req), req.params.code, req.query.year),
  );
  r.get(
    '/api/colleges/:code/sessions',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '课次明细：数字由哪些课次构成 / the sessions a figure is made of',
        params,
        querystring: yearQuery.extend({ project: ZCode.optional(), teacher: z.string().max(100).optional() }),
        response: { 200: z.array(ZCollegeSession) },
      },
    },
    async (req) =>
      collegeSessions(ctx.db, actorOf(req), req.params.code, req.query.year, {
        project: req.query.project,
        teacher: req.query.teacher,
      }),
  );
  r.get(
    '/api/colleges/:code/workload.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '一所院校的工作量折算 XLSX（含课次明细）/ one college’s report as XLSX',
        params,
        querystring: yearQuery,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const detail = await collegeWorkload(ctx.db, actor, req.params.code, req.query.year);
      const sessions = await collegeSessions(ctx.db, actor, req.params.code, req.query.year);
      return sendXlsx(reply, `college-${req.params.code}-${req.query.year}.xlsx`, await collegeXlsx(detail, sessions));
    },
  );
  r.get(
    '/api/colleges/:code/workload.pdf',
    {
      config: { access: READERS },
      schema: {
        tags: ['colleges'],
        summary: '一所院校的工作量折算 PDF / one college’s report as PDF',
        params,
        querystring: yearQuery,
        response: { 200: fileResponse('application/pdf') },
      },
    },
    async (req, reply) => {
      const detail = await collegeWorkload(ctx.db, actorOf(req), req.params.code, req.query.year);
      return (reply as FastifyReply)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="college-${req.params.code}-${req.query.year}.pdf"`)
        .send(await collegePdf(detail));
    },
  );
  r.put(
    '/api/colleges/:code/finances',
    {
      config: { access: ['province_admin', 'institution_staff'] },
      schema: {
        tags: ['colleges'],
        summary: '申报院校社会培训的其他收入与成本（分）/ report a college’s other income and costs',
        params,
        body: ZCollegeFinancesBody,
        response: { 200: ZCollegeFinancesResult },
      },
    },
    async (req) => reportCollegeFinances(ctx.db, actorOf(req), req.params.code, req.body),
  );
}
