import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorOf } from '../../http/auth.ts';
import { uploadedFile } from '../../http/uploaded-file.ts';
import { fileResponse } from '../../kernel/schemas.ts';
import { carrierTemplateCsv, uploadCarriers } from './carrier-upload.ts';
import { listCarriers, listProgrammes, projectTags, registerCarrier, tagProject } from './programmes.service.ts';
import {
  ZCarrier,
  ZCarrierUploadResult,
  ZNewCarrier,
  ZProgramme,
  ZProjectTags,
  ZSetProjectTags,
} from './programmes.schema.ts';

const OFFICIALS = ['province_admin', 'city_officer', 'department_officer'] as const;

export function programmesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/programmes',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['programmes'],
        summary: '专项计划（行动方案附件）/ the plan annex’s named programmes',
        response: { 200: z.array(ZProgramme) },
      },
    },
    async () => listProgrammes(ctx.db),
  );
  r.get(
    '/api/carriers',
    {
      config: { access: [...OFFICIALS] },
      schema: {
        tags: ['programmes'],
        summary: '培训载体登记（市：本市）/ the register of training carriers (a city: its own)',
        response: { 200: z.array(ZCarrier) },
      },
    },
    async (req) => listCarriers(ctx.db, actorOf(req)),
  );
  r.post(
    '/api/carriers',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['programmes'],
        summary: '登记培训载体及成员企业 / register a carrier with its member enterprises',
        body: ZNewCarrier,
        response: { 201: ZCarrier },
      },
    },
    async (req, reply) => reply.status(201).send(await registerCarrier(ctx.db, actorOf(req), req.body)),
  );
  r.post(
    '/api/carriers/upload',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['programmes'],
        summary:
          '批量登记培训载体（multipart：CSV/XLSX；按设区市+名称+类型新增或更新，逐行校验，好行保留）/ upload the carrier register',
        response: { 201: ZCarrierUploadResult },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await uploadedFile(req, { zh: '培训载体登记表', en: 'carrier register file' });
      return reply.status(201).send(await uploadCarriers(ctx.db, actorOf(req), fileName, bytes));
    },
  );
  r.get(
    '/api/carriers/template.csv',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['programmes'],
        summary: '培训载体登记表模板 / the carrier register template (CSV)',
        response: { 200: fileResponse('text/csv', '模板 / template') },
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="carriers-template.csv"')
        .send(carrierTemplateCsv()),
  );
  r.get(
    '/api/projects/:code/tags',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['programmes'],
        summary: '项目的专项计划和载体 / a project’s programmes and carriers',
        params: z.object({ code: z.string() }),
        response: { 200: ZProjectTags },
      },
    },
    async (req) => projectTags(ctx.db, actorOf(req), req.params.code),
  );
  r.post(
    '/api/projects/:code/tags',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['programmes'],
        summary: '标注项目的专项计划和载体（派单或修改时）/ set a project’s programmes and carriers',
        params: z.object({ code: z.string() }),
        body: ZSetProjectTags,
        response: { 200: ZProjectTags },
      },
    },
    async (req) => tagProject(ctx.db, actorOf(req), req.params.code, req.body),
  );
}
