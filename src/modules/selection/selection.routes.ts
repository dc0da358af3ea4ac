import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { actorOf } from '../../http/auth.ts';
import { checkAttachment, MAX_ATTACHMENT_BYTES, tooManyAttachments, type Attachment } from '../appeals/index.ts';
import {
  applicantDocument,
  applicantView,
  listApplications,
  officialDocument,
  officialView,
  submitApplication,
} from './applications.ts';
import { allCriteria, publishCriteria } from './criteria.ts';
import { decideObjection, lodgeObjection, publicSelectionNotices } from './notice.ts';
import { appointExperts, declareConflict, expertCandidates, publishResult, scoreApplication } from './review.ts';
import {
  ZApplication,
  ZApplicationForm,
  ZApplicationQuery,
  ZApplicationRow,
  ZAssignExperts,
  ZCriteriaVersion,
  ZDeclareConflict,
  ZNewCriteria,
  ZObjectionDecision,
  ZScore,
  ZSelectionNotice,
  ZSelectionObjectionForm,
  ZSubmitted,
} from './selection.schema.ts';

const id = z.object({ id: z.uuid() });
const doc = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(3) });
const own = z.object({ number: z.string().max(20) });
const ownDoc = z.object({ number: z.string().max(20), n: z.coerce.number().int().min(1).max(3) });
/** The applicant's access key travels in a header, never in a URL (URLs end up in logs). */
const keyHeader = z.object({ 'x-access-key': z.string().max(64).optional() });
const OFFICIALS = ['province_admin', 'city_officer', 'department_officer'] as const;
const MANAGERS = ['province_admin', 'city_officer'] as const;
const perMinute = (n: number) => ({ rateLimit: { max: n, timeWindow: '1 minute' } });
const fileResponse = {
  200: {
    description: '材料 / document',
    content: Object.fromEntries(
      ['image/jpeg', 'image/png', 'application/pdf'].map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }]),
    ),
  },
};
const sendFile = (reply: FastifyReply, f: { fileName: string; mediaType: string; content: Buffer }) =>
  reply
    .header('content-type', f.mediaType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .send(f.content);

/** 遴选 (docs/selection.md): criteria, applications, expert review, public notice and objections. Listing: src/workflows/selection.routes.ts. */
export function selectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/public/selection/criteria',
    {
      config: { access: 'public' },
      schema: {
        tags: ['selection'],
        summary: '遴选标准（公开，含历史版本）/ published selection criteria, newest first',
        response: { 200: z.array(ZCriteriaVersion) },
      },
    },
    async () => allCriteria(ctx.db),
  );
  r.post(
    '/api/selection/criteria',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['selection'],
        summary: '发布新版遴选标准（省级）/ publish a new version of the criteria (province)',
        body: ZNewCriteria,
        response: { 201: ZCriteriaVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await publishCriteria(ctx.db, actorOf(req), req.body)),
  );

  r.post(
    '/api/public/selection/applications',
    {
      config: { access: 'public', ...perMinute(Number(process.env.JINENG_SELECTION_PER_MINUTE ?? 5)) },
      schema: {
        tags: ['selection'],
        summary:
          '提交遴选申请（公开，multipart：application 为 JSON，1–3个JPEG/PNG/PDF材料，每个≤5MB）/ apply for listing (multipart)',
        response: { 201: ZSubmitted },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new Invalid(
          'NOT_MULTIPART',
          '请以表单（multipart）提交申请',
          'send the application as multipart form data',
        );
      let json = '';
      const documents: Attachment[] = [];
      let files = 0;
      for await (const part of req.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 4, fields: 4 } })) {
        if (part.type === 'file') {
          const many = tooManyAttachments(++files);
          if (many) {
            part.file.resume();
            throw many;
          }
          const content = await part.toBuffer().catch(() => null);
          documents.push(
            checkAttachment(part.filename, content ?? Buffer.alloc(0), content === null || part.file.truncated),
          );
        } else if (part.fieldname === 'application') json = String(part.value ?? '');
      }
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch {
        throw new Invalid(
          'BAD_FIELD',
          '申请内容（application）不是有效的JSON',
          'the application field is not valid JSON',
          {
            field: 'application',
          },
        );
      }
      const parsed = ZApplicationForm.safeParse(raw);
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path.join('.') || 'application';
        throw new Invalid('BAD_FIELD', `请填写或更正：${field}`, `missing or invalid field: ${field}`, { field });
      }
      const done = await submitApplication(ctx.db, parsed.data, documents);
      return reply.status(201).send({ ...done, application: await applicantView(ctx.db, done.number, done.accessKey) });
    },
  );
  r.get(
    '/api/public/selection/applications/:number',
    {
      config: { access: 'public', ...perMinute(60) },
      schema: {
        tags: ['selection'],
        summary: '我的遴选申请（凭申请编号与访问码，请求头 x-access-key）/ my application, by number and access key',
        params: own,
        headers: keyHeader,
        response: { 200: ZApplication },
      },
    },
    async (req) => applicantView(ctx.db, req.params.number, req.headers['x-access-key']),
  );
  r.get(
    '/api/public/selection/applications/:number/documents/:n',
    {
      config: { access: 'public', ...perMinute(60) },
      schema: {
        tags: ['selection'],
        summary: '我的申请材料（凭访问码）/ a document of my application, with its access key',
        params: ownDoc,
        headers: keyHeader,
        response: fileResponse,
      },
    },
    async (req, reply) =>
      sendFile(
        reply as FastifyReply,
        await applicantDocument(ctx.db, req.params.number, req.headers['x-access-key'], req.params.n),
      ),
  );
  r.get(
    '/api/public/selection/notices',
    {
      config: { access: 'public', ...perMinute(60) },
      schema: {
        tags: ['selection'],
        summary: '机构遴选结果公示（公开）/ selection results in their notice period',
        response: { 200: z.array(ZSelectionNotice) },
      },
    },
    async () => publicSelectionNotices(ctx.db),
  );
  r.post(
    '/api/public/selection/notices/:id/objections',
    {
      config: { access: 'public', ...perMinute(Number(process.env.JINENG_OBJECTIONS_PER_MINUTE ?? 5)) },
      schema: {
        tags: ['selection'],
        summary: '对遴选公示提出异议（公开，限流）/ object to a selection result in notice',
        params: id,
        body: ZSelectionObjectionForm,
        response: { 201: z.object({ received: z.literal(true), id: z.uuid() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await lodgeObjection(ctx.db, req.params.id, req.body)),
  );

  r.get(
    '/api/selection/applications',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['selection'],
        summary: '遴选申请列表（省级全部，市级本市，专家本人受邀）/ applications in scope or to score',
        querystring: ZApplicationQuery,
        response: { 200: z.array(ZApplicationRow) },
      },
    },
    async (req) => listApplications(ctx.db, actorOf(req), req.query),
  );
  r.get(
    '/api/selection/expert-candidates',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['selection'],
        summary: '可指派的评审专家（工作人员账号）/ official accounts that may be appointed experts',
        response: {
          200: z.array(
            z.object({
              username: z.string(),
              displayName: z.string(),
              role: z.string(),
              cityCode: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (req) => expertCandidates(ctx.db, actorOf(req)),
  );
  r.get(
    '/api/selection/applications/:id',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['selection'],
        summary: '遴选申请详情 / one application',
        params: id,
        response: { 200: ZApplication },
      },
    },
    async (req) => officialView(ctx.db, actorOf(req), req.params.id),
  );
  r.get(
    '/api/selection/applications/:id/documents/:n',
    {
      config: { access: OFFICIALS },
      schema: {
        tags: ['selection'],
        summary:
          '申请材料（本市、省级与受邀专家；读取留痕）/ a document (officials in scope and appointed experts; audited)',
        params: doc,
        response: fileResponse,
      },
    },
    async (req, reply) =>
      sendFile(reply as FastifyReply, await officialDocument(ctx.db, actorOf(req), req.params.id, req.params.n)),
  );
  const act = (
    url: string,
    access: readonly ('province_admin' | 'city_officer' | 'department_officer')[],
    summary: string,
    body: z.ZodType,
    run: (actor: ReturnType<typeof actorOf>, id: string, body: never) => Promise<unknown>,
  ) =>
    r.post(
      url,
      {
        config: { access },
        schema: { tags: ['selection'], summary, params: id, body, response: { 200: ZApplication } },
      },
      async (req) => {
        const actor = actorOf(req);
        await run(actor, req.params.id, req.body as never);
        return officialView(ctx.db, actor, req.params.id);
      },
    );
  act(
    '/api/selection/applications/:id/experts',
    MANAGERS,
    '指派评审专家 / appoint experts',
    ZAssignExperts,
    (actor, id, b: z.infer<typeof ZAssignExperts>) => appointExperts(ctx.db, actor, id, b.usernames),
  );
  act(
    '/api/selection/applications/:id/conflict',
    OFFICIALS,
    '专家申报利益冲突 / the expert declares conflicts of interest',
    ZDeclareConflict,
    (actor, id, b: z.infer<typeof ZDeclareConflict>) => declareConflict(ctx.db, actor, id, b),
  );
  act(
    '/api/selection/applications/:id/scores',
    OFFICIALS,
    '专家评分 / the expert scores the application',
    ZScore,
    (actor, id, b: z.infer<typeof ZScore>) => scoreApplication(ctx.db, actor, id, b),
  );
  act(
    '/api/selection/applications/:id/publish',
    ['province_admin'],
    '公布评审结果（达标者进入公示）/ publish the result (passed: into public notice)',
    z.object({}),
    (actor, id) => publishResult(ctx.db, actor, id),
  );
  r.post(
    '/api/selection/applications/:id/objections/:objectionId/decide',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['selection'],
        summary: '处理公示异议（成立则不予列入）/ decide an objection (upheld: not listed)',
        params: z.object({ id: z.uuid(), objectionId: z.uuid() }),
        body: ZObjectionDecision,
        response: { 200: ZApplication },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await decideObjection(ctx.db, actor, req.params.id, req.params.objectionId, req.body);
      return officialView(ctx.db, actor, req.params.id);
    },
  );
}
