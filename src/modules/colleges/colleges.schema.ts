import { z } from 'zod';

/** A year of the plan a report or a figure is for. */
export const ZPlanYear = z.coerce.number().int().min(2025).max(2035);

export const ZCollegeParameter = z
  .object({ code: z.string(), value: z.number(), unit: z.string(), sourceZh: z.string(), sourceRef: z.string() })
  .meta({ id: 'CollegeParameter' });

export const ZCollegeYear = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    cityName: z.string(),
    type: z.string(),
    sessions: z.number(),
    minutes: z.number(),
    classHours: z.number(),
    workloadHours: z.number(),
    platformIncomeFen: z.number(),
    otherIncomeFen: z.number(),
    costFen: z.number(),
    reported: z.boolean(),
    netIncomeFen: z.number(),
    performancePayCapFen: z.number(),
  })
  .meta({ id: 'CollegeYear' });

export const ZCollegesWorkload = z
  .object({ year: z.number(), parameters: z.array(ZCollegeParameter), colleges: z.array(ZCollegeYear) })
  .meta({ id: 'CollegesWorkload' });

export const ZCollegeWorkload = z
  .object({
    year: z.number(),
    parameters: z.array(ZCollegeParameter),
    college: ZCollegeYear,
    byCourse: z.array(
      z.object({
        projectCode: z.string(),
        title: z.string(),
        occupationCode: z.string(),
        occupationName: z.string(),
        level: z.string().nullable(),
        levelName: z.string().nullable(),
        sessions: z.number(),
        minutes: z.number(),
        classHours: z.number(),
      }),
    ),
    byTeacher: z.array(
      z.object({ teacher: z.string().nullable(), sessions: z.number(), minutes: z.number(), classHours: z.number() }),
    ),
    payments: z.array(
      z.object({ claimId: z.string(), projectCode: z.string().nullable(), amountFen: z.number(), settledAt: z.date() }),
    ),
  })
  .meta({ id: 'CollegeWorkload' });

export const ZCollegeSession = z
  .object({
    projectCode: z.string(),
    title: z.string(),
    sessionNo: z.number(),
    startsAt: z.date(),
    endsAt: z.date(),
    teacher: z.string().nullable(),
    siteName: z.string().nullable(),
    minutes: z.number(),
    classHours: z.number(),
  })
  .meta({ id: 'CollegeSession' });

export const ZCollegeFinancesBody = z.object({
  year: ZPlanYear,
  otherIncomeFen: z.number().int().min(0),
  costFen: z.number().int().min(0),
  note: z.string().max(500).nullable().optional(),
});

export const ZCollegeFinancesResult = z
  .object({
    creditCode: z.string(),
    year: z.number(),
    otherIncomeFen: z.number(),
    costFen: z.number(),
    note: z.string().nullable(),
    beforeOtherIncomeFen: z.number().nullable(),
    beforeCostFen: z.number().nullable(),
  })
  .meta({ id: 'CollegeFinancesResult' });
