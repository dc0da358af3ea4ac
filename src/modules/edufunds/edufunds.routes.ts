import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { fileResponse, XLSX } from '../../kernel/schemas.ts';
import { actorOf } from '../../http/auth.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { listFunds, setFundReport } from './reports.ts';
import { listFundUploads, uploadFundReports } from './upload.ts';
import { belowShareXlsx } from './funds-xlsx.ts';
import { loadEdufundParameters } from './parameters.ts';
import {
  ZFundCheck,
  ZFundReportBody,
  ZFundUpload,
  ZFundUploadBody,
  ZFundUploadResult,
  ZFunds,
  ZFundYear,
} from './edufunds.schema.ts';

const READERS = ['province_admin', 'city_officer', 'department_officer', 'enterprise_staff'] as const;
const REPORTERS = ['province_admin', 'department_officer', 'enterprise_staff'] as const;

/** 职工教育经费 (plan 二): reports by form or upload, the 70 % check, and the list of who is below. */
export function edufundRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const yearQuery = z.object({ year: ZFundYear });
  r.get(
    '/api/edufunds',
    {
      config: { access: READERS },
      schema: {
        tags: ['edufunds'],
        summary: '职工教育经费及一线职工培训占比核查（按年）/ staff-education funds and the front-line share check',
        querystring: yearQuery,
        response: { 200: ZFunds },
      },
    },
    async (req) => listFunds(ctx.db, actorOf(req), req.query.year),
  );
  r.get(
    '/api/edufunds/below.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: ['edufunds'],
        summary: '一线占比不足企业名单（按主管领域）XLSX / enterprises below the front-line share, by department',
        querystring: yearQuery,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { funds } = await listFunds(ctx.db, actorOf(req), req.query.year);
      const { frontLineShareBp } = await loadEdufundParameters(ctx.db);
      return sendXlsx(
        reply,
        `edufunds-below-${req.query.year}.xlsx`,
        await belowShareXlsx(req.query.year, funds, frontLineShareBp),
      );
    },
  );
  r.put(
    '/api/edufunds',
    {
      config: { access: REPORTERS },
      schema: {
        tags: ['edufunds'],
        summary: '填报一家企业一个年度的职工教育经费（分）/ report one enterprise’s fund for a year',
        body: ZFundReportBody,
        response: { 200: ZFundCheck },
      },
    },
    async (req) => setFundReport(ctx.db, actorOf(req), req.body),
  );
  r.post(
    '/api/edufunds/uploads',
    {
      config: { access: REPORTERS },
      schema: {
        tags: ['edufunds'],
        summary: '上传职工教育经费（CSV 或 XLSX；逐行校验，错误行附原因，其余照收）/ upload fund reports',
        body: ZFundUploadBody,
        response: { 201: ZFundUploadResult },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await uploadFundReports(
            ctx.db,
            actorOf(req),
            req.body.fileName,
            Buffer.from(req.body.contentBase64, 'base64'),
          ),
        ),
  );
  r.get(
    '/api/edufunds/uploads',
    {
      config: { access: REPORTERS },
      schema: {
        tags: ['edufunds'],
        summary: '职工教育经费上传记录 / fund uploads and their refused rows',
        response: { 200: z.array(ZFundUpload) },
      },
    },
    async (req) => listFundUploads(ctx.db, actorOf(req)),
  );
}
