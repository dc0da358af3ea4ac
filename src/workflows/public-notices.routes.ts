import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { ZCode } from '../kernel/schemas.ts';
import { fileObjection, listPublicNotices } from './public-notices.ts';
import { onReadDb } from '../http/read-routing.ts';

/** One approved subsidy in 公示 as the public reads it: masked name, no ID number, no person key. */
const ZPublicNotice = z
  .object({
    ref: z.string(),
    maskedName: z.string(),
    type: z.string(),
    amountFen: z.number().int(),
    cityCode: z.string(),
    projectTitle: z.string().nullable(),
    institutionName: z.string().nullable(),
    approvedOn: z.string(),
    noticeUntil: z.string(),
  })
  .meta({ id: 'PublicNotice' });

const ZObjection = z.object({
  reason: z.string().max(500),
  contact: z.string().max(60).nullable().optional(),
});

/** 公示 and 异议: public, no sign-in, rate-limited per client address. */
export function publicNoticeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const perMinute = (n: number) => ({ rateLimit: { max: n, timeWindow: '1 minute' } });
  r.get(
    '/api/public/notices',
    {
      config: {
        access: 'public',
        reads: 'standby',
        ...perMinute(Number(process.env.JINENG_NOTICES_PER_MINUTE ?? 60)),
      },
      schema: {
        tags: ['public'],
        summary: '补贴公示（公开，限流）/ approved subsidies in their notice period (public, rate-limited)',
        querystring: z.object({
          city: ZCode.optional(),
          offset: z.coerce.number().int().min(0).max(100_000).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(ZPublicNotice), total: z.number().int() }) },
      },
    },
    async (req) => onReadDb(req, ctx, (db) => listPublicNotices(db, req.query)),
  );
  r.post(
    '/api/public/notices/:ref/objections',
    {
      config: { access: 'public', ...perMinute(Number(process.env.JINENG_OBJECTIONS_PER_MINUTE ?? 5)) },
      schema: {
        tags: ['public'],
        summary: '对公示提出异议（公开，按地址限流）/ object to a subsidy in public notice (rate-limited per address)',
        params: z.object({ ref: ZCode }),
        body: ZObjection,
        response: { 201: z.object({ received: z.literal(true), cityCode: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await fileObjection(ctx.db, req.params.ref, req.body)),
  );
}
