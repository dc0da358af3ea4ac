import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { appealAttachment, getAppeal, listAppeals, myAppeals } from './appeals.service.ts';
import { ZAppeal, ZAppealPage, ZAppealQuery } from './appeals.schema.ts';

const id = z.object({ id: z.uuid() });

/** 申诉: reading appeals. Filing and deciding reach other modules: src/workflows/appeals.routes.ts. */
export function appealRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me/appeals',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['appeals'],
        summary: '我的申诉 / my appeals with status, answer and due date',
        response: { 200: z.array(ZAppeal) },
      },
    },
    async (req) => myAppeals(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/appeals',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['appeals'],
        summary:
          '申诉处理列表（本市；省级全部；培训机构：本机构课程的学时申诉）/ appeals of my city (province: all; an institution: learning-time appeals on its courses), paged',
        querystring: ZAppealQuery,
        response: { 200: ZAppealPage },
      },
    },
    async (req) => listAppeals(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/appeals/:id',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff', 'worker'] },
      schema: {
        tags: ['appeals'],
        summary: '申诉详情 / one appeal',
        params: id,
        response: { 200: ZAppeal },
      },
    },
    async (req) => getAppeal(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/appeals/:id/attachments/:n',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff', 'worker'] },
      schema: {
        tags: ['appeals'],
        summary: '申诉附件（本人与本市经办人员）/ an appeal attachment (the worker and officers in scope)',
        params: z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(3) }),
        response: {
          200: {
            description: '附件 / attachment',
            content: Object.fromEntries(
              ['image/jpeg', 'image/png', 'application/pdf'].map((t) => [
                t,
                { schema: z.string().meta({ format: 'binary' }) },
              ]),
            ),
          },
        },
      },
    },
    async (req, reply) => {
      const f = await appealAttachment(ctx.db, actorOf(req), req.params.id, req.params.n);
      return (reply as FastifyReply)
        .header('content-type', f.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.content);
    },
  );
}
