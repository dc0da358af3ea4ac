import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../kernel/context.ts';
import { actorName } from '../../kernel/auth.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { actorOf } from '../../http/auth.ts';
import { errorReportCsv } from '../../kernel/tabular/csv-write.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';
import { FILE_SPECS } from './files.ts';
import { importFiles } from './import-bundle.ts';
import { IMPORTERS } from './interchange.policy.ts';

export function interchangeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/imports',
    {
      config: { access: IMPORTERS },
      schema: {
        tags: ['interchange'],
        summary: '上传交换文件并导入 / upload interchange files (CSV or XLSX, named as the standard) and import them',
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-upload-'));
      const saved: string[] = [];
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
      const files = FILE_SPECS.flatMap((spec) =>
        saved
          .filter((n) => n.replace(/\.(csv|xlsx)$/i, '') === spec.file)
          .map((n) => ({ spec, path: path.join(dir, n) })),
      );
      const runId = newId();
      await ctx.db.query(
        `INSERT INTO import_runs (id, source, actor, status, started_at) VALUES ($1,$2,$3,'running',now())`,
        [runId, saved.join(', '), actorName(actor)],
      );
      let last = 0;
      // Runs in the background; the web app polls the run for progress.
      void importFiles(ctx.db, files, saved.join(', '), {
        actor: actorName(actor),
        vault: ctx.vault,
        importer: actor,
        runId,
        onProgress: (p) => {
          if (Date.now() - last < 500) return;
          last = Date.now();
          void ctx.db
            .query(`UPDATE import_runs SET summary = summary || $2::jsonb WHERE id = $1`, [
              runId,
              JSON.stringify({ progress: p }),
            ])
            .catch(() => {});
        },
      })
        .catch((e) => req.log.error({ err: { message: String(e?.message ?? e) } }, 'import failed'))
        .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
      return reply.status(202).send({ runId });
    },
  );

  r.get(
    '/api/imports',
    { config: { access: IMPORTERS }, schema: { tags: ['interchange'], summary: '导入记录 / import runs' } },
    async (req) => {
      const a = actorOf(req);
      return ctx.db.query(
        `SELECT id, source, actor, status, summary, started_at, finished_at FROM import_runs
       WHERE ($1::text IS NULL OR actor = $1) ORDER BY started_at DESC LIMIT 50`,
        [a.role === 'province_admin' ? null : actorName(a)],
      );
    },
  );

  r.get(
    '/api/imports/:id',
    {
      config: { access: IMPORTERS },
      schema: { tags: ['interchange'], summary: '导入进度与结果 / an import run', params: z.object({ id: z.uuid() }) },
    },
    async (req) => {
      const [run] = await ctx.db.query<Record<string, unknown> & { actor: string }>(
        'SELECT * FROM import_runs WHERE id = $1',
        [req.params.id],
      );
      const a = actorOf(req);
      if (!run || (a.role !== 'province_admin' && run.actor !== actorName(a)))
        throw new NotFound({ zh: '导入记录', en: 'import run' });
      const errors = await ctx.db.query(
        'SELECT file, line, "column", value, reason, message_zh, message_en FROM import_errors WHERE run_id = $1 ORDER BY file, line LIMIT 200',
        [req.params.id],
      );
      return { ...run, errors };
    },
  );

  r.get(
    '/api/imports/:id/errors.csv',
    {
      config: { access: IMPORTERS },
      schema: {
        tags: ['interchange'],
        summary: '下载错误报告 / download the row-error report',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req, reply) => {
      const [run] = await ctx.db.query<{ actor: string }>('SELECT actor FROM import_runs WHERE id = $1', [
        req.params.id,
      ]);
      const a = actorOf(req);
      if (!run || (a.role !== 'province_admin' && run.actor !== actorName(a)))
        throw new NotFound({ zh: '导入记录', en: 'import run' });
      const rows = await ctx.db.query<RowError>(
        'SELECT file, line, "column", value, reason, message_zh AS "messageZh", message_en AS "messageEn" FROM import_errors WHERE run_id = $1 ORDER BY file, line',
        [req.params.id],
      );
      const body = '\ufeff' + errorReportCsv(rows);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors-${req.params.id}.csv"`)
        .send(body);
    },
  );
}
