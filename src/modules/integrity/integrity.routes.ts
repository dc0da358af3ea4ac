import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { pageOf, ZPageQuery } from '../../kernel/listing.ts';
import { fileResponse, XLSX, ZJobQueued } from '../../kernel/schemas.ts';
import { actorName } from '../../kernel/auth.ts';
import { sendXlsx, toXlsx } from '../../http/xlsx.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { COMPLAINT_STATUS_NAMES } from './integrity.labels.ts';
import { detectorPrecision, listCases } from './cases.ts';
import { decideComplaint, fileComplaint, listComplaints } from './complaints.ts';
import {
  answerConfirmation,
  answerEmployerConfirmation,
  employerConfirmations,
  myConfirmations,
} from './confirmations.ts';
import { DETECT_JOB } from './detectors.ts';
import { drawSpotChecks, qualityReport, SOURCES, submitEvaluation } from './quality.ts';
import { institutionRatings } from './ratings.ts';
import { applySanction, checkRectification, liftSanction, sanctionsFor } from './sanctions.ts';
import {
  ZComplaint,
  ZComplaintStatus,
  ZConfirmationAnswer,
  ZDetectorPrecision,
  ZEmployerConfirmation,
  ZEvaluationRecorded,
  ZInstitutionRating,
  ZIntegrityCase,
  ZQualityReport,
  ZSanctionApplied,
  ZSanctionRecord,
  ZSpotCheckDraw,
  ZTraineeConfirmation,
} from './integrity.schema.ts';

/** `?pending=true`: only what still waits for an answer. */
const ZPendingOnly = z.object({ pending: z.enum(['true', 'false']).optional() });

/** The integrity module's own routes; deciding a case (it claws back subsidies) is a workflow's. */
export function integrityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/integrity/detect',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary:
          '排队运行交互比对检测（工作进程执行；结果见 GET /api/jobs/{id}）/ queue the integrity detectors for a worker; poll the job for the new cases per detector',
        response: { 202: ZJobQueued },
      },
    },
    // One detection at a time: a second request while one is queued or running gets that one.
    async (req, reply) =>
      reply.status(202).send(await ctx.queue.enqueue(DETECT_JOB, {}, { actor: actorName(actorOf(req)), key: 'all' })),
  );
  r.get(
    '/api/integrity/cases',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['integrity'],
        summary: '疑点案件与证据 / integrity cases with evidence',
        querystring: z.object({
          status: z.enum(['open', 'confirmed', 'dismissed']).optional(),
          detector: z.string().max(40).optional(),
          city: z.string().max(12).optional(),
          ...ZPageQuery,
        }),
        response: { 200: pageOf(ZIntegrityCase) },
      },
    },
    async (req) => listCases(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/institutions-ratings',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['integrity'],
        summary: '机构信用分与星级（公式见文档）/ institution credit and star rating',
        response: { 200: z.array(ZInstitutionRating) },
      },
    },
    async (req) => institutionRatings(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/institutions/:code/sanction',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '处理：警示、整改、暂停、移出目录、黑名单 / apply a sanction',
        params: z.object({ code: z.string() }),
        body: z.object({
          sanction: z.enum(['warning', 'rectification', 'suspension', 'removal', 'blacklist']),
          reason: z.string().min(2).max(1000),
          caseIds: z.array(z.string().max(64)).max(50).optional(),
          evidence: z.string().max(2000).optional(),
          untilOn: z.string().max(10).nullable().optional(),
        }),
        response: { 200: ZSanctionApplied },
      },
    },
    async (req) => applySanction(ctx.db, actorOf(req), req.params.code, req.body),
  );
  r.get(
    '/api/sanctions',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '处理记录（省：全部；市：本市机构；机构：本机构）/ sanctions on record',
        response: { 200: z.array(ZSanctionRecord) },
      },
    },
    async (req) => sanctionsFor(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/sanctions/:id/lift',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '解除处理 / lift a sanction',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().min(2).max(1000) }),
        response: { 200: z.object({ id: z.string(), liftedAt: z.date() }) },
      },
    },
    async (req) => liftSanction(ctx.db, actorOf(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/sanctions/:id/check',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '整改复查：通过或未通过（未通过建议暂停）/ follow-up check of a rectification',
        params: z.object({ id: z.uuid() }),
        body: z.object({ result: z.enum(['passed', 'failed']), note: z.string().max(1000).default('') }),
        response: {
          200: z.object({
            id: z.string(),
            checkResult: z.enum(['passed', 'failed']),
            recommendation: z.literal('suspension').nullable(),
          }),
        },
      },
    },
    async (req) => checkRectification(ctx.db, actorOf(req), req.params.id, req.body.result, req.body.note),
  );
  r.get(
    '/api/integrity/precision',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '各检测器精确率 / precision per detector from findings',
        response: { 200: z.array(ZDetectorPrecision) },
      },
    },
    async () => detectorPrecision(ctx.db),
  );
  r.get(
    '/api/me/confirmations',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['integrity'],
        summary:
          '待我确认参训的补贴（pending=true：仅未答复）/ my trainings to confirm before payment (pending=true: unanswered only)',
        querystring: ZPendingOnly,
        response: { 200: z.array(ZTraineeConfirmation) },
      },
    },
    async (req) => myConfirmations(ctx.db, actorOf(req), { pending: req.query.pending === 'true' }),
  );
  r.post(
    '/api/me/confirmations/:applicationId',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['integrity'],
        summary: '确认或否认参训（否认须说明，暂停支付并立案）/ confirm or deny that the training took place',
        params: z.object({ applicationId: z.string() }),
        body: z.object({
          answer: z.enum(['confirmed', 'denied']),
          satisfaction: z.number().nullish(),
          note: z.string().max(500).nullish(),
        }),
        response: { 200: ZConfirmationAnswer },
      },
    },
    async (req) => answerConfirmation(ctx.db, actorOf(req), req.params.applicationId, req.body),
  );
  r.get(
    '/api/employer/confirmations',
    {
      config: { access: ['enterprise_staff'] },
      schema: {
        tags: ['integrity'],
        summary:
          '本企业职工岗位技能提升培训待确认（pending=true：仅未答复）/ post training of our employees to confirm (pending=true: unanswered only)',
        querystring: ZPendingOnly,
        response: { 200: z.array(ZEmployerConfirmation) },
      },
    },
    async (req) => employerConfirmations(ctx.db, actorOf(req), { pending: req.query.pending === 'true' }),
  );
  r.post(
    '/api/employer/confirmations/:applicationId',
    {
      config: { access: ['enterprise_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '企业确认或否认职工参训 / the employer confirms or denies',
        params: z.object({ applicationId: z.string() }),
        body: z.object({ answer: z.enum(['confirmed', 'denied']), note: z.string().max(500).nullish() }),
        response: { 200: ZConfirmationAnswer },
      },
    },
    async (req) => answerEmployerConfirmation(ctx.db, actorOf(req), req.params.applicationId, req.body),
  );
  r.post(
    '/api/complaints',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['integrity'],
        summary: '投诉培训机构 / complain about an institution',
        body: z.object({ projectCode: z.string(), text: z.string().max(1000) }),
        response: { 201: ZComplaintStatus },
      },
    },
    async (req, reply) => reply.status(201).send(await fileComplaint(ctx.db, actorOf(req), req.body)),
  );
  const complaintFilter = z.object({
    status: z.enum(['open', 'upheld', 'rejected']).optional(),
    city: z.string().max(12).optional(),
    q: z.string().max(60).optional(),
    ...ZPageQuery,
  });
  r.get(
    '/api/complaints',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff', 'worker'] },
      schema: {
        tags: ['integrity'],
        summary: '投诉（按权限范围）/ complaints in scope, filtered, sorted and paged on the server',
        querystring: complaintFilter,
        response: { 200: pageOf(ZComplaint) },
      },
    },
    async (req) => listComplaints(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/complaints.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '导出投诉 XLSX（当前筛选）/ the filtered complaints as XLSX',
        querystring: complaintFilter,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listComplaints(ctx.db, actorOf(req), req.query, false);
      const rows = items.map((c) => ({
        ...c,
        status: COMPLAINT_STATUS_NAMES[c.status as keyof typeof COMPLAINT_STATUS_NAMES]?.zh ?? c.status,
        created_at: chinaDate(c.created_at),
      }));
      const buffer = await toXlsx(
        '投诉',
        [
          ['提交日期 Filed on', 'created_at'],
          ['机构 Institution', 'institution_name'],
          ['项目 Project', 'project_code'],
          ['城市 City', 'city_name'],
          ['投诉人 Complainant', 'person_name'],
          ['内容 Text', 'text'],
          ['状态 Status', 'status'],
          ['核查结论 Finding', 'finding'],
        ],
        rows,
      );
      return sendXlsx(reply, 'complaints.xlsx', buffer);
    },
  );
  r.post(
    '/api/complaints/:id',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['integrity'],
        summary: '处理投诉（成立计入信用）/ uphold or reject a complaint',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ status: z.enum(['upheld', 'rejected']), finding: z.string().max(1000) }),
        response: { 200: ZComplaintStatus },
      },
    },
    async (req) => decideComplaint(ctx.db, actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/projects/:code/evaluations',
    {
      config: { access: ['institution_staff', 'city_officer', 'province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '项目质量评估：机构自评、第三方评估、政府抽查 / record a quality evaluation',
        params: z.object({ code: z.string() }),
        body: z.object({
          source: z.enum(SOURCES),
          score: z.number(),
          findings: z.string().max(2000),
          evaluator: z.string().max(100).optional(),
        }),
        response: { 201: ZEvaluationRecorded },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await submitEvaluation(ctx.db, actorOf(req), req.params.code, req.body)),
  );
  r.post(
    '/api/quality/spot-checks',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['integrity'],
        summary: '按种子随机抽取项目（可复核）/ draw projects for spot checks from a seed',
        body: z.object({ seed: z.string().max(100), sharePercent: z.number(), cityCode: z.string().optional() }),
        response: { 200: ZSpotCheckDraw },
      },
    },
    async (req) => drawSpotChecks(ctx.db, actorOf(req), req.body),
  );
  r.get(
    '/api/quality',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '项目与机构质量报告 / quality report per project and institution',
        response: { 200: ZQualityReport },
      },
    },
    async (req) => qualityReport(ctx.db, actorOf(req)),
  );
}
