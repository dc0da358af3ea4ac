import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { ZDate } from '../../kernel/schemas.ts';
import { actorOf } from '../../http/auth.ts';
import { decideWriteOff, listReceivables, recordRecovery, requestWriteOff } from './recovery.ts';
import { listReferrals, recordReferral, recordReferralOutcome } from './referrals.ts';
import { ZReceivable, ZRecoveryRecorded, ZReferral, ZWriteOffDecided, ZWriteOffRequested } from './subsidy.schema.ts';

const OFFICIALS = ['province_admin', 'city_officer'] as const;
const ZApplicationParam = z.object({ applicationId: z.string().min(1).max(40) });

/** 追回到最后一分: receivables, recoveries by receipt, four-eyes write-offs and 移送 records. */
export function recoveryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/receivables',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '追回应收（按人、按机构，含期限）/ receivables with payee, institution and due date',
        response: { 200: z.array(ZReceivable) },
      },
    },
    async (req) => listReceivables(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/receivables/:applicationId/recoveries',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '登记追回款（银行回单号，可部分；同一回单幂等）/ record a recovery',
        params: ZApplicationParam,
        body: z.object({
          receiptRef: z.string().min(1).max(64),
          amountFen: z.number().int(),
          receivedOn: ZDate,
        }),
        response: { 200: ZRecoveryRecorded },
      },
    },
    async (req) => recordRecovery(ctx.db, actorOf(req), { applicationId: req.params.applicationId, ...req.body }),
  );
  r.post(
    '/api/receivables/:applicationId/write-off',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '申请核销余额（须另一名省级人员审批）/ ask to write off the rest',
        params: ZApplicationParam,
        body: z.object({ reason: z.string().min(1).max(1000) }),
        response: { 200: ZWriteOffRequested },
      },
    },
    async (req) => requestWriteOff(ctx.db, actorOf(req), req.params.applicationId, req.body.reason),
  );
  r.post(
    '/api/write-offs/:id/decision',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['payments'],
        summary: '审批核销（四眼原则：申请人不能审批）/ approve or refuse a write-off',
        params: z.object({ id: z.uuid() }),
        body: z.object({ approve: z.boolean() }),
        response: { 200: ZWriteOffDecided },
      },
    },
    async (req) => decideWriteOff(ctx.db, actorOf(req), req.params.id, req.body.approve),
  );
  r.get(
    '/api/referrals',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '移送司法机关记录 / referrals to judicial organs',
        response: { 200: z.array(ZReferral) },
      },
    },
    async (req) => listReferrals(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/referrals',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '登记移送司法机关（追回应收或疑点案件）/ record a referral',
        body: z.object({
          subjectKind: z.enum(['clawback', 'case']),
          subjectId: z.string().min(1).max(40),
          referredOn: ZDate,
          organ: z.string().min(1).max(200),
          caseRef: z.string().max(100).nullable().optional(),
          outcome: z.string().max(1000).nullable().optional(),
        }),
        response: { 200: ZReferral },
      },
    },
    async (req) => recordReferral(ctx.db, actorOf(req), req.body),
  );
  r.post(
    '/api/referrals/:id/outcome',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['payments'],
        summary: '登记移送处理结果 / record the outcome of a referral',
        params: z.object({ id: z.uuid() }),
        body: z.object({ outcome: z.string().min(1).max(1000) }),
        response: { 200: ZReferral },
      },
    },
    async (req) => recordReferralOutcome(ctx.db, actorOf(req), req.params.id, req.body.outcome),
  );
}
