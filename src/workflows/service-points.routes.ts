import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaDate } from '../kernel/clock.ts';
import type { AppContext } from '../kernel/context.ts';
import { ZPageQuery, pageOf } from '../kernel/listing.ts';
import { addGigStation, servicePoints } from '../modules/training/index.ts';
import { actorOf } from '../http/auth.ts';

export const ZServicePointQuery = z.object({
  city: z.string().max(12).optional(),
  occupation: z.string().max(40).optional(),
  q: z.string().max(40).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  offset: ZPageQuery.offset,
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** A place to go for training: an institution's site, as public as the institution directory. No person. */
export const ZServicePoint = z
  .object({
    name: z.string(),
    address: z.string().nullable(),
    district: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    /** site: a registered 培训场所; class_site: where the institution's classes met; gig_station: a city's 零工驿站. */
    kind: z.enum(['site', 'class_site', 'gig_station']),
    cityCode: z.string(),
    cityName: z.string().nullable(),
    /** Null for a 零工驿站: the city's, not an institution's. */
    institutionCode: z.string().nullable(),
    institutionName: z.string().nullable(),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    /** Distance from the caller's location (km, one decimal) when one was given. */
    km: z.number().nullable(),
  })
  .meta({ id: 'ServicePoint' });

export const ZNewGigStation = z.object({
  cityCode: z.string().max(12).optional(),
  name: z.string().max(200),
  address: z.string().max(400).nullable().optional(),
  lat: z.number(),
  lon: z.number(),
  occupations: z.array(z.string().max(40)).max(100).optional(),
});

export const ZGigStation = z
  .object({
    id: z.number(),
    cityCode: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    occupations: z.array(z.string()),
  })
  .meta({ id: 'GigStation' });

/** 便民服务圈: public, like 找培训 and the directories (docs/service-points.md). */
export function servicePointRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/service-points',
    {
      config: { access: 'public' },
      schema: {
        tags: ['training'],
        summary: '便民服务圈：培训机构的培训场所（城市、区县、职业、距离）/ training service points near you',
        querystring: ZServicePointQuery,
        response: { 200: pageOf(ZServicePoint) },
      },
    },
    async (req) => servicePoints(ctx.db, req.query, chinaDate(new Date())),
  );
  r.post(
    '/api/gig-stations',
    {
      config: { access: ['province_admin', 'city_officer'] },
      schema: {
        tags: ['training'],
        summary:
          '登记零工驿站（市级本市，省级全省；坐标须在江苏省内）/ register a gig station (零工驿站) in 便民服务圈',
        body: ZNewGigStation,
        response: { 201: ZGigStation },
      },
    },
    async (req, reply) => reply.status(201).send(await addGigStation(ctx.db, actorOf(req), req.body)),
  );
}
