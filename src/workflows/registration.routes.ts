import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { listRegistrationsUnderReview } from '../modules/accounts/index.ts';
import { confirmRegistration, registerWorker, rejectRegistration, requestRegistrationCode } from './register-worker.ts';
import {
  ZCodeRequest,
  ZCodeSent,
  ZConfirmRegistration,
  ZDone,
  ZPendingPerson,
  ZRegistered,
  ZRegistration,
  ZRejectRegistration,
} from './registration.schema.ts';

const OFFICIALS = ['province_admin', 'city_officer'] as const;

/** 自助注册 and its confirmation: the accounts and the registry together, so a workflow's routes. */
export function registrationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/register/code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary:
          '自助注册：发送短信验证码（每号每分钟 1 次、每小时 5 次，并按来源地址限流）/ self-registration: send a one-time SMS code (per phone 1 a minute, 5 an hour; per address)',
        body: ZCodeRequest,
        response: { 200: ZCodeSent },
      },
    },
    async (req) => requestRegistrationCode(ctx, req.body.phone, req.ip),
  );
  r.post(
    '/api/register',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary:
          '自助注册：实名（姓名＋身份证号）＋手机验证码＋密码；是否已在实名库不作区分地答复 / self-registration: real name and ID number, SMS code, password; the answer does not tell whether the ID number is registered',
        body: ZRegistration,
        response: { 200: ZRegistered },
      },
    },
    async (req) => registerWorker(ctx, req.body, req.ip),
  );
  r.get(
    '/api/persons/pending',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['registry'],
        summary: '待审核的自助注册（市级本市）/ self-registrations awaiting confirmation (a city officer: their city)',
        response: { 200: z.array(ZPendingPerson) },
      },
    },
    async (req) => listRegistrationsUnderReview(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/persons/:key/confirm',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['registry'],
        summary: '确认自助注册：重点群体与常住城市 / confirm a self-registration: target groups and residence city',
        params: z.object({ key: z.string().max(128) }),
        body: ZConfirmRegistration,
        response: { 200: ZDone },
      },
    },
    async (req) => {
      await confirmRegistration(ctx, actorOf(req), req.params.key, req.body);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/persons/:key/reject',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['registry'],
        summary:
          '驳回自助注册（须说明理由，短信告知本人）/ reject a self-registration (with a reason, sent to the person)',
        params: z.object({ key: z.string().max(128) }),
        body: ZRejectRegistration,
        response: { 200: ZDone },
      },
    },
    async (req) => {
      await rejectRegistration(ctx, actorOf(req), req.params.key, req.body.reason);
      return { ok: true as const };
    },
  );
}
