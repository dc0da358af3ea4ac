import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { actorOf } from '../http/auth.ts';
import { cityScope } from '../kernel/auth.ts';
import { chinaDate } from '../kernel/clock.ts';
import { DIRECTORIES, listDirectories, publishDirectory, readDirectory } from '../modules/catalog/index.ts';
import { labourMarket, LABOUR_MARKET_RULES, visibleMarketRow } from '../modules/reporting/index.ts';
import { publishDerived, publishShortageList } from './publish-directories.ts';
import {
  ZDirectory,
  ZDirectoryNameParam,
  ZDirectoryPublication,
  ZDirectoryPublished,
  ZDirectoryQuery,
  ZDirectorySummary,
  ZLabourMarket,
  ZShortageListPublication,
} from './directories.schema.ts';

export function directoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/directories',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '公开发布的目录及现行版本 / published directories and the version in force',
        response: { 200: z.array(ZDirectorySummary) },
      },
    },
    async () => listDirectories(ctx.db),
  );
  r.get(
    '/api/directories/:name',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '目录条目（现行版本或指定版本，可检索）/ entries of a directory, searchable',
        params: ZDirectoryNameParam,
        querystring: ZDirectoryQuery,
        response: { 200: ZDirectory },
      },
    },
    async (req) => readDirectory(ctx.db, req.params.name, { ...req.query, search: req.query.q }),
  );
  r.post(
    '/api/directories/:name/publish',
    {
      // Departments publish the directories they own (catalog.policy.ts), the province all.
      config: { access: ['province_admin', 'department_officer'] },
      schema: {
        tags: ['catalog'],
        summary: '发布目录新版本（派生目录取当日快照；上传目录须附条目）/ publish a new version',
        params: ZDirectoryNameParam,
        body: ZDirectoryPublication,
        response: { 201: ZDirectoryPublished },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const out =
        DIRECTORIES[req.params.name].source === 'derived'
          ? await publishDerived(ctx, a, req.params.name, req.body.effectiveFrom, req.body.note)
          : await publishDirectory(ctx.db, a, req.params.name, {
              effectiveFrom: req.body.effectiveFrom,
              note: req.body.note,
              entries: req.body.entries ?? [],
            });
      return reply.status(201).send(out);
    },
  );
  r.get(
    '/api/labour-market',
    {
      config: { access: ['province_admin', 'city_officer', 'department_officer'] },
      schema: {
        tags: ['reporting'],
        summary: '劳动力市场供求：培训与证书供给对照订单需求，紧缺/饱和信号 / supply against demand by occupation',
        querystring: z.object({ city: z.string().optional() }),
        response: { 200: ZLabourMarket },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const rows = await labourMarket(ctx.db, {
        city: cityScope(actor) ?? req.query.city ?? null,
        today: chinaDate(new Date()),
      });
      return { rules: LABOUR_MARKET_RULES, rows: rows.filter((row) => visibleMarketRow(actor, row)) };
    },
  );
  r.post(
    '/api/shortage-list',
    {
      config: { access: ['province_admin'] },
      schema: {
        tags: ['catalog'],
        summary: '发布紧缺职业目录（影响此后发证的紧缺系数）/ publish the shortage list',
        body: ZShortageListPublication,
        response: { 201: ZDirectoryPublished },
      },
    },
    async (req, reply) => reply.status(201).send(await publishShortageList(ctx, actorOf(req), req.body)),
  );
}
