import type { Db } from '../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { NotFound } from '../kernel/errors.ts';
import { publicRatings } from '../modules/integrity/index.ts';
import { expectedTrainingSubsidy } from '../modules/subsidy/index.ts';
import { openClassDetail, openClasses, type OpenClass, type OpenClassQuery } from '../modules/training/index.ts';
import type { TCourse, TCourseDetail } from './courses.schema.ts';

/**
 * 找培训 (course catalog, docs/course-catalog.md): the open classes (training), each with its
 * institution's public rating (integrity) and the training subsidy expected (subsidy). Public: the
 * answer holds no personal data, so anyone — a worker on the phone, a visitor not signed in — reads it.
 * Whether the caller already asked for a class is theirs to read from their own requests.
 */
async function withRatingsAndSubsidy(db: Db, classes: OpenClass[], today: string): Promise<TCourse[]> {
  const [ratings, subsidy] = await Promise.all([
    publicRatings(
      db,
      classes.map((c) => c.institutionCode),
    ),
    expectedTrainingSubsidy(db, classes, today),
  ]);
  return classes.map((c) => {
    const r = ratings.get(c.institutionCode);
    const s = subsidy.get(c.projectCode);
    return {
      projectCode: c.projectCode,
      title: c.title,
      status: c.status,
      kind: c.kind,
      occupationCode: c.occupationCode,
      occupationName: c.occupationName,
      level: c.level,
      cityCode: c.cityCode,
      cityName: c.cityName,
      startDate: c.startDate,
      endDate: c.endDate,
      plannedHours: c.plannedHours,
      plannedTrainees: c.plannedTrainees,
      seatsLeft: c.plannedTrainees === null ? null : Math.max(0, c.plannedTrainees - c.enrolled),
      feeFen: c.feeFen,
      modules: c.modules,
      institution: {
        code: c.institutionCode,
        name: c.institutionName,
        stars: r?.stars ?? null,
        passRate: r?.passRate ?? null,
        employmentRate: r?.employmentRate ?? null,
      },
      site: c.site,
      distanceKm: c.distanceKm,
      subsidy: s ? { amountFen: s.amountFen, baseFen: s.baseFen, shortageBp: s.shortageBp, cityBp: s.cityBp } : null,
    };
  });
}

/** A page of open classes matching the filters, nearest first when the phone gave its location. */
export async function listCourses(db: Db, query: OpenClassQuery, clock: Clock = systemClock) {
  const today = chinaDate(clock.now());
  const page = await openClasses(db, query, today);
  return { items: await withRatingsAndSubsidy(db, page.items, today), total: page.total };
}

/** One open class with its schedule and sites (404 when it is not open, or not there). */
export async function courseDetail(db: Db, code: string, clock: Clock = systemClock): Promise<TCourseDetail> {
  const today = chinaDate(clock.now());
  const { sessions, sites } = await openClassDetail(db, code, today);
  // The class as the list shows it (the same query), found by its code among the open ones.
  const page = await openClasses(db, { code, limit: 1 }, today);
  const [course] = await withRatingsAndSubsidy(db, page.items, today);
  if (!course) throw new NotFound({ zh: '可报名的班级', en: 'open class' });
  return { ...course, sessions, sites };
}
