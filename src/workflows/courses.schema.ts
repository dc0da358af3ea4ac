import { z } from 'zod';
import { ZPageQuery, pageOf } from '../kernel/listing.ts';

/** 找培训 filters: each optional; `lat`/`lon` order by distance, `maxKm` keeps the near ones. */
export const ZCourseQuery = z.object({
  city: z.string().max(12).optional(),
  occupation: z.string().max(40).optional(),
  level: z.string().max(4).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  maxKm: z.coerce.number().positive().max(500).optional(),
  offset: ZPageQuery.offset,
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** Where a class meets: a registered site or a session's site (no person, no teacher). */
const ZCourseSite = z.object({
  name: z.string(),
  address: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
});

/**
 * One open class in the catalog, as anyone may read it: the class, its institution's public rating
 * (stars, pass and employment rates — not the credit score), the fee and the training subsidy an
 * eligible trainee who is certified at its level would be decided. No personal data.
 */
export const ZCourse = z
  .object({
    projectCode: z.string(),
    title: z.string(),
    status: z.string(),
    kind: z.string(),
    occupationCode: z.string(),
    occupationName: z.string().nullable(),
    level: z.string().nullable(),
    cityCode: z.string(),
    cityName: z.string().nullable(),
    startDate: z.string(),
    endDate: z.string(),
    plannedHours: z.number().nullable(),
    plannedTrainees: z.number().nullable(),
    /** Places left (planned trainees − enrolled), null when the class states no size. */
    seatsLeft: z.number().nullable(),
    feeFen: z.number().nullable(),
    modules: z.array(z.string()),
    institution: z.object({
      code: z.string(),
      name: z.string().nullable(),
      stars: z.number().nullable(),
      passRate: z.number().nullable(),
      employmentRate: z.number().nullable(),
    }),
    site: ZCourseSite.nullable(),
    distanceKm: z.number().nullable(),
    /** The expected 职业培训补贴 and how it is made (base × shortage × city factor), null when the level has none. */
    subsidy: z
      .object({
        amountFen: z.number(),
        baseFen: z.number(),
        shortageBp: z.number(),
        cityBp: z.number(),
      })
      .nullable(),
  })
  .meta({ id: 'Course' });
export type TCourse = z.infer<typeof ZCourse>;

export const ZCoursePage = pageOf(ZCourse).meta({ id: 'CoursePage' });

/** A class with its schedule and its institution's sites. */
export const ZCourseDetail = ZCourse.extend({
  sessions: z.array(
    z.object({
      sessionNo: z.number(),
      startsAt: z.date(),
      endsAt: z.date(),
      siteName: z.string().nullable(),
      mode: z.string().nullable(),
    }),
  ),
  sites: z.array(ZCourseSite),
}).meta({ id: 'CourseDetail' });
export type TCourseDetail = z.infer<typeof ZCourseDetail>;
