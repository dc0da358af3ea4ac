import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../kernel/context.ts';
import { courseDetail, listCourses } from './courses.ts';
import { ZCourseDetail, ZCoursePage, ZCourseQuery } from './courses.schema.ts';

/**
 * 找培训: public reads (docs/course-catalog.md § Who may read). The catalog is what the province
 * offers everyone, like the institution directory; the answers carry no personal data. Asking to
 * join a class is POST /api/training-requests with `classCode` (workers, signed in).
 */
export function courseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/courses',
    {
      config: { access: 'public' },
      schema: {
        tags: ['training'],
        summary:
          '找培训：可报名的班级（城市、职业、等级、日期、距离），含机构星级与预计补贴 / open classes with ratings and expected subsidy',
        querystring: ZCourseQuery,
        response: { 200: ZCoursePage },
      },
    },
    async (req) => listCourses(ctx.db, req.query),
  );
  r.get(
    '/api/courses/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['training'],
        summary: '班级详情：课表与培训场所 / an open class with its schedule and sites',
        params: z.object({ code: z.string().max(40) }),
        response: { 200: ZCourseDetail },
      },
    },
    async (req) => courseDetail(ctx.db, req.params.code),
  );
}
