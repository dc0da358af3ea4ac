import { z } from 'zod';
import { fileResponse, XLSX, ZDate } from '../../kernel/schemas.ts';
import { pageOf, ZPageQuery } from '../../kernel/listing.ts';
import { toXlsx, sendXlsx } from '../../http/xlsx.ts';
import { APPLICATION_TYPE_NAMES, BATCH_STATUSES, DECISION_NAMES } from './subsidy.labels.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actorName, cityScope } from '../../kernel/auth.ts';
import { actorOf } from '../../http/auth.ts';
import { listClawbacks, listDecisions } from './subsidy.repo.ts';
import { approvePolicy, listPolicies, proposeCityFactor } from './policy.repo.ts';
import { assertWhatIfPeriod, whatIf } from './what-if.ts';
import { activeProvinceVersion, draftPolicy, policyDiff, provinceParams, withdrawPolicy } from './policy-drafts.ts';
import { POLICY_FIELDS, readNumber } from './policy-fields.ts';
import { applyForSubsidy, myApplications, myCertificates } from './applications.ts';
import { myEntitlement } from './entitlement.ts';
import { parseFactorBp } from '../../kernel/money.ts';
import { applyBankReturn, createPaymentBatches, exportBankFile, listBatches } from './payments.ts';
import { pipeline } from 'node:stream/promises';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { ledgerBalances, ledgerReport, setBudget } from './ledger.ts';
import { assertMayAddFund, assertMayRetireFund, assertMaySetBudget } from './subsidy.policy.ts';
import { addFund, listFunds, retireFund } from './funds.ts';
import { resolveReview, reviewQueue } from './review.ts';
import { CLAIM_KINDS, listProjectClaims, submitProjectClaim } from './project-claims.ts';
import {
  ZApplicationSubmitted,
  ZBankReturnResult,
  ZBudgetSet,
  ZClawback,
  ZEntitlement,
  ZLedgerReport,
  ZMyApplication,
  ZMyCertificate,
  ZPaymentBatch,
  ZPaymentBatchCreated,
  ZPolicyDiff,
  ZPolicyDraftRequest,
  ZPolicyForm,
  ZPolicyVersion,
  ZPolicyVersionState,
  ZWhatIfReport,
  ZProjectClaim,
  ZProjectClaimDecided,
  ZReviewItem,
  ZReviewResolved,
  ZSubsidyDecision,
  ZWhatIfRow,
  ZFundNew,
  ZFundRow,
} from './subsidy.schema.ts';

export function subsidyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const decisionFilter = z.object({
    decision: z.enum(['approved', 'rejected', 'review']).optional(),
    type: z.enum(['training', 'skill_upgrade']).optional(),
    city: z.string().max(12).optional(),
    q: z.string().max(64).optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
    notice: z.enum(['open']).optional(),
    ...ZPageQuery,
  });
  r.get(
    '/api/decisions',
    {
      config: { access: ['province_admin', 'city_officer', 'worker'] },
      schema: {
        tags: ['subsidy'],
        summary: '补贴决定 / subsidy decisions (scoped), filtered, sorted and paged on the server, reasons in words',
        querystring: decisionFilter,
        response: { 200: pageOf(ZSubsidyDecision) },
      },
    },
    async (req) => listDecisions(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/decisions.xlsx',
    {
      config: { access: ['province_admin', 'city_officer', 'worker'] },
      schema: {
        tags: ['subsidy'],
        summary: '导出补贴决定 XLSX（当前筛选）/ the filtered decisions as XLSX',
        querystring: decisionFilter,
        response: { 200: fileResponse(XLSX) },
      },
    },
    async (req, reply) => {
      const { items } = await listDecisions(ctx.db, actorOf(req), req.query, false);
      const rows = items.map((d) => ({
        ...d,
        type: APPLICATION_TYPE_NAMES[d.type as keyof typeof APPLICATION_TYPE_NAMES]?.zh ?? d.type,
        decision: DECISION_NAMES[d.decision].zh,
        amount_yuan: (d.amount_fen / 100).toFixed(2),
        reasons: d.reasons.map((x) => x.zh),
      }));
      const buffer = await toXlsx(
        '补贴决定',
        [
          ['申请编号 Application', 'application_id'],
          ['姓名 Name', 'person_name'],
          ['身份证号 ID', 'id_masked'],
          ['类型 Type', 'type'],
          ['申请日期 Applied on', 'applied_on'],
          ['城市 City', 'city_name'],
          ['证书编号 Certificate', 'certificate_no'],
          ['项目 Project', 'project_code'],
          ['决定 Decision', 'decision'],
          ['金额（元）Amount (yuan)', 'amount_yuan'],
          ['原因 Reasons', 'reasons'],
          ['政策版本 Policy', 'policy_version'],
        ],
        rows,
      );
      return sendXlsx(reply, 'decisions.xlsx', buffer);
    },
  );
  r.post(
    '/api/projects/:code/claims',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['subsidy'],
        summary: '项目制补贴申领（结业补贴、就业奖励）/ an institution claims its project-based payment',
        params: z.object({ code: z.string() }),
        body: z.object({ kind: z.enum(CLAIM_KINDS) }),
        response: { 201: ZProjectClaimDecided },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await submitProjectClaim(ctx.db, actorOf(req), req.params.code, req.body.kind)),
  );
  r.get(
    '/api/project-claims',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['subsidy'],
        summary: '项目制补贴申领及支付状态 / project-based claims with payment state',
        response: { 200: z.array(ZProjectClaim) },
      },
    },
    async (req) => listProjectClaims(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/applications',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['subsidy'],
        summary: '我的补贴申请 / my applications with status and reasons',
        response: { 200: z.array(ZMyApplication) },
      },
    },
    async (req) => myApplications(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/entitlement',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['subsidy'],
        summary:
          '我的补贴：现行政策下尚可享受的补贴次数、可申领的证书及期限与预计金额、各项决定的原因、公示与发放 / my entitlement',
        response: { 200: ZEntitlement },
      },
    },
    async (req) => myEntitlement(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/me/certificates',
    {
      config: { access: ['worker'] },
      schema: { tags: ['subsidy'], summary: '我的证书 / my certificates', response: { 200: z.array(ZMyCertificate) } },
    },
    async (req) => myCertificates(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/applications',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['subsidy'],
        summary: '申领补贴 / apply for a subsidy',
        body: z.object({
          type: z.enum(['training', 'skill_upgrade']),
          certificateNo: z.string().min(1).max(64),
          projectCode: z.string().max(64).nullish(),
        }),
        response: { 201: ZApplicationSubmitted },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForSubsidy(ctx.db, actorOf(req), req.body)),
  );
  r.get(
    '/api/reviews',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '待复核队列与证据 / the review queue with evidence',
        response: { 200: z.array(ZReviewItem) },
      },
    },
    async (req) => reviewQueue(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/reviews/:id',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '复核：通过或不予补贴（须填意见）/ clear or reject a decision under review',
        params: z.object({ id: z.string() }),
        body: z.object({ outcome: z.enum(['approved', 'rejected']), note: z.string().min(2).max(500) }),
        response: { 200: ZReviewResolved },
      },
    },
    async (req) => resolveReview(ctx.db, actorOf(req), req.params.id, req.body.outcome, req.body.note),
  );
  r.get(
    '/api/payments/batches',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['payments'],
        summary: '支付批次 / payment batches',
        querystring: z.object({ status: z.enum(BATCH_STATUSES).optional() }),
        response: { 200: z.array(ZPaymentBatch) },
      },
    },
    async (req) => listBatches(ctx.db, cityScope(actorOf(req)), req.query.status ?? null),
  );
  r.post(
    '/api/payments/batches',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '生成支付批次（公示期满的已通过决定）/ create payment batches',
        body: z.object({ asOf: ZDate }),
        response: { 200: z.array(ZPaymentBatchCreated) },
      },
    },
    async (req) => createPaymentBatches(ctx.db, { asOf: req.body.asOf, actor: actorName(req.actor) }),
  );
  r.get(
    '/api/payments/batches/:id/bank-file',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '下载银行代发文件 / download the bank file (marks the batch sent)',
        params: z.object({ id: z.uuid() }),
        response: { 200: fileResponse('text/csv', '银行代发文件 / bank file (CSV)') },
      },
    },
    async (req, reply) => {
      const file = path.join(os.tmpdir(), `bank-${req.params.id}.csv`);
      await exportBankFile(ctx.db, ctx.vault, req.params.id, file, actorName(req.actor));
      const body = fs.readFileSync(file);
      fs.rmSync(file);
      // The bytes go out as they are (fileResponse declares them); the typed reply expects no Buffer.
      return (reply as FastifyReply)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="bank-${req.params.id}.csv"`)
        .send(body);
    },
  );
  r.post(
    '/api/payments/returns',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '上传银行回盘文件 / upload a bank return file (CSV or XLSX)',
        response: { 200: ZBankReturnResult },
      },
    },
    async (req) => {
      const part = await req.file();
      if (!part) throw new Invalid('NO_FILE', '请选择回盘文件', 'no file was uploaded');
      const file = path.join(
        os.tmpdir(),
        `return-${Date.now()}-${path.basename(part.filename).replace(/[^\w.-]/g, '_')}`,
      );
      await pipeline(part.file, fs.createWriteStream(file));
      try {
        return await applyBankReturn(ctx.db, file, actorName(req.actor));
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  );
  r.get(
    '/api/ledger',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['payments'],
        summary: '资金台账：预算、已承诺、已支付、应收追回、可用 / funds ledger report',
        querystring: z.object({ year: z.coerce.number().int().optional() }),
        response: { 200: ZLedgerReport },
      },
    },
    async (req) => {
      // A city officer sees their city's lines and whether their city's entries balance, not the province's totals.
      const city = cityScope(actorOf(req));
      return {
        lines: await ledgerReport(ctx.db, { cityCode: city, year: req.query.year }),
        balance: await ledgerBalances(ctx.db, city),
      };
    },
  );
  r.get(
    '/api/funds',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['payments'],
        summary: '资金来源 / the funds budgets are set in',
        response: { 200: z.array(ZFundRow) },
      },
    },
    async () => listFunds(ctx.db),
  );
  r.post(
    '/api/funds',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '新增资金来源 / add a fund (province)',
        body: ZFundNew,
        response: { 201: ZFundRow },
      },
    },
    async (req, reply) => {
      assertMayAddFund(actorOf(req));
      reply.code(201);
      return addFund(ctx.db, actorName(req.actor), req.body);
    },
  );
  r.post(
    '/api/funds/:code/retire',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '停用资金来源（不再设新预算，已有预算和台账不变）/ retire a fund (province)',
        params: z.object({ code: z.string().max(40) }),
        response: { 200: ZFundRow },
      },
    },
    async (req) => {
      assertMayRetireFund(actorOf(req));
      return retireFund(ctx.db, actorName(req.actor), req.params.code);
    },
  );
  r.put(
    '/api/budgets',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '设定预算 / set a budget (fen)',
        body: z.object({
          cityCode: z.string(),
          year: z.number().int().min(2020).max(2100),
          fund: z.string().min(1).max(40),
          amountFen: z.number().int().min(0),
        }),
        response: { 200: ZBudgetSet },
      },
    },
    async (req) => {
      assertMaySetBudget(actorOf(req), req.body);
      const r = await setBudget(
        ctx.db,
        { cityCode: req.body.cityCode, year: req.body.year, fund: req.body.fund },
        req.body.amountFen,
        actorName(req.actor),
        new Date(),
      );
      return { ok: true as const, ...r };
    },
  );
  r.get(
    '/api/clawbacks',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: { tags: ['payments'], summary: '追回应收 / clawback receivables', response: { 200: z.array(ZClawback) } },
    },
    async (req) => listClawbacks(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/policies/city-factor',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '城市提出本市补贴系数（0.70–1.30），待省级批准 / a city proposes its factor',
        body: z.object({ cityCode: z.string(), factor: z.string().regex(/^\d\.\d{1,2}$/), effectiveFrom: ZDate }),
        response: { 200: ZPolicyVersionState },
      },
    },
    async (req) =>
      proposeCityFactor(ctx.db, actorOf(req), {
        cityCode: req.body.cityCode,
        factorBp: parseFactorBp(req.body.factor)!,
        effectiveFrom: req.body.effectiveFrom,
      }),
  );
  r.post(
    '/api/policies/:code/approve',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['subsidy'],
        summary: '批准政策版本 / approve a proposed policy version',
        params: z.object({ code: z.string() }),
        response: { 200: ZPolicyVersionState },
      },
    },
    async (req) => approvePolicy(ctx.db, actorOf(req), req.params.code),
  );
  r.post(
    '/api/policies/what-if',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '政策测算：按草案重新决定某期间并按城市比较（不改动任何数据）/ what-if under a draft',
        body: z.object({
          from: ZDate,
          to: ZDate,
          cityFactors: z.record(z.string(), z.string().regex(/^\d\.\d{1,2}$/)).optional(),
          shortageFactor: z
            .string()
            .regex(/^\d\.\d{1,2}$/)
            .optional(),
        }),
        response: { 200: z.array(ZWhatIfRow) },
      },
    },
    async (req) => {
      assertWhatIfPeriod(req.body.from, req.body.to);
      const city = cityScope(actorOf(req));
      const report = await whatIf(ctx.db, {
        from: req.body.from,
        to: req.body.to,
        cityCode: city,
        draft: {
          ...(req.body.cityFactors
            ? {
                cityFactorBp: Object.fromEntries(
                  Object.entries(req.body.cityFactors).map(([c, f]) => [c, parseFactorBp(f)!]),
                ),
              }
            : {}),
          ...(req.body.shortageFactor ? { shortageFactorBp: parseFactorBp(req.body.shortageFactor)! } : {}),
        },
      });
      // A city officer weighs a draft for their own city; the province's money by city is the province's.
      return report.byCity.map(({ key, ...r }) => ({ cityCode: key, ...r }));
    },
  );
  r.get(
    '/api/policies/form',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '政策草案表单：每个可修改的数字及现行值 / every number a draft may change, with the active value',
        response: { 200: ZPolicyForm },
      },
    },
    async () => {
      const active = await activeProvinceVersion(ctx.db);
      return {
        active: active.code,
        effectiveFrom: active.effective_from,
        fields: POLICY_FIELDS.map((f) => ({ ...f, value: readNumber(active.params, f.path) })),
      };
    },
  );
  r.post(
    '/api/policies/drafts',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['subsidy'],
        summary: '省级起草新政策版本（待另一位省级管理员批准）/ the province drafts a new version',
        body: ZPolicyDraftRequest,
        response: { 200: ZPolicyVersionState },
      },
    },
    async (req) => draftPolicy(ctx.db, actorOf(req), req.body),
  );
  r.get(
    '/api/policies/:code/diff',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '省级政策版本与现行版本的差异 / what a province version changes',
        params: z.object({ code: z.string().max(40) }),
        response: { 200: ZPolicyDiff },
      },
    },
    async (req) => {
      const d = await policyDiff(ctx.db, req.params.code);
      // A draft is the province's working paper until approved.
      if (d.status !== 'active' && actorOf(req).role !== 'province_admin')
        throw new NotFound({ zh: `省级政策版本 ${req.params.code}`, en: `province policy version ${req.params.code}` });
      return d;
    },
  );
  r.post(
    '/api/policies/:code/what-if',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['subsidy'],
        summary: '按整份草案测算某期间，按城市、补贴类型、等级比较（不改动任何数据）/ what-if of a whole draft',
        params: z.object({ code: z.string().max(40) }),
        body: z.object({ from: ZDate, to: ZDate }),
        response: { 200: ZWhatIfReport },
      },
    },
    async (req) => {
      assertWhatIfPeriod(req.body.from, req.body.to);
      return whatIf(ctx.db, {
        from: req.body.from,
        to: req.body.to,
        params: await provinceParams(ctx.db, req.params.code),
      });
    },
  );
  r.post(
    '/api/policies/:code/withdraw',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['subsidy'],
        summary: '撤回待批准的政策版本 / withdraw a proposed version',
        params: z.object({ code: z.string() }),
        response: { 200: ZPolicyVersionState },
      },
    },
    async (req) => withdrawPolicy(ctx.db, actorOf(req), req.params.code),
  );
  r.get(
    '/api/policies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['subsidy'],
        summary: '补贴政策版本 / policy versions (published)',
        response: { 200: z.array(ZPolicyVersion) },
      },
    },
    async (req) => listPolicies(ctx.db, req.actor ?? null),
  );
}
