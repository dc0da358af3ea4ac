import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { fileResponse, ZDate } from '../../kernel/schemas.ts';
import { actorName } from '../../kernel/auth.ts';
import { exportLines } from './export.ts';
import { actorOf } from '../../http/auth.ts';
import { FILE_SPECS } from './files.ts';
import { IMPORTERS } from './interchange.policy.ts';
import { importErrorReport, importRunWithErrors, listImportRuns, queueImport } from './interchange.service.ts';
import { ZImportRun, ZImportRunDetail, ZImportStarted } from './interchange.schema.ts';

export function interchangeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/imports',
    {
      config: { access: IMPORTERS },
      schema: {
        tags: ['interchange'],
        summary:
          '上传交换文件，排队由工作进程导入 / upload interchange files (CSV or XLSX, named as the standard); a worker imports them',
        response: { 202: ZImportStarted },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      // Workers read the upload from here (a volume they share with the API when on other machines).
      fs.mkdirSync(ctx.config.uploadDir, { recursive: true });
      const dir = fs.mkdtempSync(path.join(ctx.config.uploadDir, 'upload-'));
      const saved: string[] = [];
      try {
        for await (const part of req.files()) {
          const name = path.basename(part.filename);
          const base = name.replace(/\.(csv|xlsx)$/i, '');
          if (!FILE_SPECS.some((s) => s.file === base) || !/\.(csv|xlsx)$/i.test(name)) {
            part.file.resume();
            throw new Invalid(
              'UNKNOWN_FILE',
              `文件名 ${name} 不是交换标准中的文件（如 persons.csv）`,
              `${name} is not a file of the standard (e.g. persons.csv)`,
            );
          }
          await pipeline(part.file, fs.createWriteStream(path.join(dir, name)));
          saved.push(name);
        }
        if (saved.length === 0) throw new Invalid('NO_FILE', '请选择要上传的文件', 'no file was uploaded');
        const ordered = FILE_SPECS.flatMap((spec) =>
          saved.filter((n) => n.replace(/\.(csv|xlsx)$/i, '') === spec.file),
        );
        const started = await queueImport(ctx.db, ctx.queue, actor, { dir, files: ordered });
        return reply.status(202).send(started);
      } catch (e) {
        // Nothing was queued: the partial upload goes.
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    },
  );

  r.get(
    '/api/imports',
    {
      config: { access: IMPORTERS },
      schema: { tags: ['interchange'], summary: '导入记录 / import runs', response: { 200: z.array(ZImportRun) } },
    },
    async (req) => listImportRuns(ctx.db, actorOf(req)),
  );

  r.get(
    '/api/imports/:id',
    {
      config: { access: IMPORTERS },
      schema: {
        tags: ['interchange'],
        summary: '导入进度与结果 / an import run',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZImportRunDetail },
      },
    },
    async (req) => importRunWithErrors(ctx.db, actorOf(req), req.params.id),
  );

  r.get(
    '/api/imports/:id/errors.csv',
    {
      config: { access: IMPORTERS },
      schema: {
        tags: ['interchange'],
        summary: '下载错误报告 / download the row-error report',
        params: z.object({ id: z.uuid() }),
        response: { 200: fileResponse('text/csv', '错误报告 / the row-error report') },
      },
    },
    async (req, reply) => {
      const body = await importErrorReport(ctx.db, actorOf(req), req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors-${req.params.id}.csv"`)
        .send(body);
    },
  );

  r.get(
    '/api/exports/cases.csv',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['interchange'],
        summary: '导出疑点案件（含完整身份证号，供审计；导出留痕）/ integrity cases for auditors (audited)',
        querystring: z.object({ from: ZDate.optional(), to: ZDate.optional() }),
        response: { 200: fileResponse('text/csv', '疑点案件 / integrity cases') },
      },
    },
    async (req, reply) => {
      const lines = await exportLines(ctx.db, 'cases', {
        vault: ctx.vault,
        period: { from: req.query.from, to: req.query.to },
        actor: actorName(actorOf(req)),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="cases.csv"')
        .send(`\uFEFF${lines.join('')}`);
    },
  );
}
