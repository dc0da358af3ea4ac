import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { Invalid } from '../kernel/errors.ts';
import { actorOf } from '../http/auth.ts';
import {
  checkAttachment,
  getAppeal,
  MAX_ATTACHMENT_BYTES,
  tooManyAttachments,
  ZAppeal,
  ZAppealDecision,
  ZAppealFields,
  ZAppealSubject,
  type Attachment,
} from '../modules/appeals/index.ts';
import { loadPolicy } from '../modules/subsidy/index.ts';
import { appealableSubjects, decideAppeal, fileWorkerAppeal } from './appeals.ts';

/** 申诉 routes that reach other modules: what may be contested, filing, deciding (docs/appeals.md). */
export function appealWorkflowRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rules = async () => (await loadPolicy(ctx.db)).params.attendance;
  r.get(
    '/api/me/appealable',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['appeals'],
        summary: '可申诉的记录 / my decisions, payments and attendance records open to appeal',
        response: { 200: z.array(ZAppealSubject) },
      },
    },
    async (req) => appealableSubjects(ctx.db, actorOf(req), await rules()),
  );
  r.post(
    '/api/appeals',
    {
      config: { access: ['worker'] },
      schema: {
        tags: ['appeals'],
        summary:
          '提交申诉（multipart：subjectKind、subjectRef、reason，0–3个JPEG/PNG/PDF附件，每个≤5MB）/ file an appeal (multipart)',
        response: { 201: ZAppeal },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new Invalid('NOT_MULTIPART', '请以表单（multipart）提交申诉', 'send the appeal as multipart form data');
      const fields: Record<string, string> = {};
      const attachments: Attachment[] = [];
      let files = 0;
      for await (const part of req.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 4, fields: 10 } })) {
        if (part.type === 'file') {
          const many = tooManyAttachments(++files);
          if (many) {
            part.file.resume();
            throw many;
          }
          const content = await part.toBuffer().catch(() => null);
          attachments.push(
            checkAttachment(part.filename, content ?? Buffer.alloc(0), content === null || part.file.truncated),
          );
        } else fields[part.fieldname] = String(part.value ?? '');
      }
      const parsed = ZAppealFields.safeParse(fields);
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? 'subjectKind');
        throw new Invalid('BAD_FIELD', `请填写或选择：${field}`, `missing or invalid field: ${field}`, { field });
      }
      const filed = await fileWorkerAppeal(ctx.db, actorOf(req), { ...parsed.data, attachments }, await rules());
      return reply.status(201).send(filed);
    },
  );
  r.post(
    '/api/appeals/:id/decide',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['appeals'],
        summary:
          '处理申诉（成立/不成立，须填写处理意见）/ decide an appeal: upheld or dismissed, with a written answer',
        params: z.object({ id: z.uuid() }),
        body: ZAppealDecision,
        response: { 200: ZAppeal },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await decideAppeal(ctx.db, actor, req.params.id, req.body, await rules());
      return getAppeal(ctx.db, actor, req.params.id);
    },
  );
}
