import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { actorOf } from '../../http/auth.ts';
import { checkAttachment, MAX_ATTACHMENT_BYTES, type Attachment } from '../appeals/index.ts';
import {
  decideSanctionAppeal,
  fileSanctionAppeal,
  sanctionAppealAttachment,
  sanctionAppealsFor,
} from './sanction-appeals.ts';

/** 申辩 as its readers see it (the attachment's bytes from …/attachment). */
const ZSanctionAppeal = z
  .object({
    id: z.uuid(),
    sanctionId: z.uuid(),
    creditCode: z.string(),
    statement: z.string(),
    attachment: z.object({ fileName: z.string(), mediaType: z.string(), size: z.number().int() }).nullable(),
    status: z.enum(['open', 'upheld', 'lifted']),
    answer: z.string().nullable(),
    filedAt: z.coerce.date(),
    decidedAt: z.coerce.date().nullable(),
  })
  .meta({ id: 'SanctionAppeal' });

/** 申辩/复核 of sanctions (docs/integrity.md § Sanction appeals). */
export function sanctionAppealRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/sanction-appeals',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '处理申辩（省：全部；市：本市机构；机构：本机构）/ appeals against sanctions in scope',
        response: { 200: z.array(ZSanctionAppeal) },
      },
    },
    async (req) => sanctionAppealsFor(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/sanctions/:id/appeal',
    {
      config: { access: ['institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '机构对处理提出申辩（multipart：statement，0–1个JPEG/PNG/PDF附件≤5MB）/ appeal a sanction (multipart)',
        params: z.object({ id: z.uuid() }),
        response: { 201: ZSanctionAppeal },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new Invalid('NOT_MULTIPART', '请以表单（multipart）提交申辩', 'send the appeal as multipart form data');
      let statement = '';
      let attachment: Attachment | null = null;
      for await (const part of req.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 2, fields: 4 } })) {
        if (part.type === 'file') {
          if (attachment) {
            part.file.resume();
            throw new Invalid('TOO_MANY_FILES', '最多上传1个附件', 'at most 1 attachment', { field: 'file' });
          }
          const content = await part.toBuffer().catch(() => null);
          attachment = checkAttachment(
            part.filename,
            content ?? Buffer.alloc(0),
            content === null || part.file.truncated,
          );
        } else if (part.fieldname === 'statement') statement = String(part.value ?? '');
      }
      const filed = await fileSanctionAppeal(ctx.db, actorOf(req), req.params.id, statement, attachment);
      return reply.status(201).send(filed);
    },
  );
  r.get(
    '/api/sanction-appeals/:id/attachment',
    {
      config: { access: ['province_admin', 'city_officer', 'institution_staff'] },
      schema: {
        tags: ['integrity'],
        summary: '申辩附件 / the attachment of an appeal',
        params: z.object({ id: z.uuid() }),
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
      const f = await sanctionAppealAttachment(ctx.db, actorOf(req), req.params.id);
      return (reply as FastifyReply)
        .header('content-type', f.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.content);
    },
  );
  r.post(
    '/api/sanction-appeals/:id/decide',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['integrity'],
        summary: '复核申辩：维持处理或撤销（解除）处理 / decide an appeal: the sanction stands or is lifted',
        params: z.object({ id: z.uuid() }),
        body: z.object({ outcome: z.enum(['upheld', 'lifted']), answer: z.string().max(1000) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await decideSanctionAppeal(ctx.db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
