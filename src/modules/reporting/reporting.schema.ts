import { z } from 'zod';
import { DIMENSIONS, INDICATORS } from './kpi.ts';
import { TARGET_DIMENSIONS, type TargetDimension } from './decomposition.ts';
import { HOLDER_KINDS } from './holders.ts';

/**
 * Response contracts of reporting: the serializer writes only what these declare, so a column
 * added to a query can never reach a client by accident (docs/security.md § Who sees what).
 */
const ZIndicator = z.enum(INDICATORS);
const ZTargetDimension = z.enum(Object.keys(TARGET_DIMENSIONS) as [TargetDimension, ...TargetDimension[]]);

const reachable = z
  .boolean()
  .describe('按当前速度能否在目标期末完成 / whether the current rate meets the target by the period’s end');
const periodEnd = z.string().describe('目标期末（规划截止日）/ the period’s last day (the plan’s end)');

/** Progress against a pro-rata target with the pacing forecast (pace.ts `pace`, one rule for every page). */
const pace = {
  actual: z.number(),
  target: z.number(),
  proRataTarget: z.number().describe('按期应完成（向上取整）/ due by now: target × elapsed share, rounded up'),
  completion: z.number().describe('完成率 = 累计 ÷ 目标 / actual ÷ target'),
  progress: z
    .number()
    .describe('按期进度 = 累计 ÷ 按期应完成（1 为按期）/ pace: actual ÷ pro-rata target, 1 = on pace'),
  gap: z.number().describe('距按期差距（人，负数为超前）/ persons short of the pro-rata target, negative when ahead'),
  reachable,
  forecastDate: z
    .string()
    .nullable()
    .describe('预计完成日期，仅当可按期完成；不会晚于期末 / the day the target is met; only when reachable'),
  behind: z.boolean().describe('落后于按期进度（督促提醒）/ behind pace: the reminders’ rule'),
  periodEnd,
};

export const ZCityProgress = z
  .object({ cityCode: z.string(), cityName: z.string(), indicator: ZIndicator, ...pace })
  .meta({ id: 'CityProgress' });

export const ZDashboard = z
  .object({
    asOf: z.string(),
    totals: z.array(z.object({ indicator: ZIndicator, ...pace })),
    cities: z.array(ZCityProgress),
    trend: z.array(z.object({ month: z.string(), indicator: ZIndicator, value: z.number() })),
  })
  .meta({ id: 'Dashboard' });

export const ZKpiRow = z
  .object({ indicator: ZIndicator, dimension: z.enum(DIMENSIONS), key: z.string(), value: z.number() })
  .meta({ id: 'KpiRow' });

export const ZMonthlyReport = z
  .object({
    month: z.string(),
    cityCode: z.string().nullable(),
    scopeName: z.string(),
    monthFrom: z.string(),
    monthTo: z.string(),
    headline: z.array(
      z.object({
        indicator: ZIndicator,
        month: z.number(),
        cumulative: z.number(),
        target: z.number(),
        proRataTarget: z.number(),
        progress: z.number(),
      }),
    ),
    cities: z.array(
      z.object({
        cityName: z.string(),
        indicator: ZIndicator,
        actual: z.number(),
        target: z.number(),
        progress: z.number(),
        gap: z.number(),
        reachable,
        forecastDate: z.string().nullable(),
        behind: z.boolean(),
        periodEnd,
      }),
    ),
    /** `dimension` is the Chinese label (领域, 重点群体, 重点任务). */
    breakdown: z.array(
      z.object({ dimension: z.string(), key: z.string(), name: z.string(), indicator: ZIndicator, value: z.number() }),
    ),
    money: z.object({
      approvedCount: z.number(),
      approvedFen: z.number(),
      paidCount: z.number(),
      paidFen: z.number(),
      institutionPaidFen: z.number(),
    }),
    integrity: z.array(z.object({ detector: z.string(), opened: z.number(), confirmed: z.number() })),
    auditHead: z.object({ day: z.string(), seq: z.number(), hash: z.string() }).nullable(),
  })
  .meta({ id: 'MonthlyReport' });

export const ZTargetProgress = z
  .object({
    dimension: ZTargetDimension,
    key: z.string(),
    name: z.string(),
    indicator: ZIndicator,
    hasTarget: z.boolean(),
    ...pace,
  })
  .meta({ id: 'TargetProgress' });

/** The target as set, with the dimension's decomposed sum and the province's target (null: none set). */
export const ZTargetSet = z
  .object({
    indicator: ZIndicator,
    dimension: ZTargetDimension,
    key: z.string(),
    value: z.number(),
    decomposed: z.number(),
    provinceTarget: z.number().nullable(),
  })
  .meta({ id: 'TargetSet' });

export const ZReminder = z
  .object({
    id: z.string(),
    week_of: z.string(),
    recipient_kind: z.string(),
    recipient_key: z.string(),
    recipient_name: z.string(),
    indicator: ZIndicator,
    actual: z.number(),
    target: z.number(),
    pro_rata_target: z.number(),
    forecast_date: z.string().nullable(),
    reachable,
    period_end: periodEnd,
    read_at: z.date().nullable(),
    read_by: z.string().nullable(),
    created_at: z.date(),
  })
  .meta({ id: 'Reminder' });

export const ZReminderRead = z.object({ id: z.string(), read: z.boolean() });

const ZForecastRowError = z
  .object({ line: z.number(), column: z.string(), reason: z.string(), zh: z.string(), en: z.string() })
  .meta({ id: 'ForecastRowError' });

export const ZForecastUploadResult = z
  .object({
    id: z.string(),
    rowsTotal: z.number(),
    rowsAccepted: z.number(),
    errors: z.array(ZForecastRowError),
  })
  .meta({ id: 'ForecastUploadResult' });

export const ZForecastUpload = z
  .object({
    id: z.string(),
    file_name: z.string(),
    uploaded_by: z.string(),
    sectors: z.array(z.string()),
    rows_total: z.number(),
    rows_accepted: z.number(),
    error_count: z.number(),
    errors: z.array(ZForecastRowError),
    uploaded_at: z.date(),
  })
  .meta({ id: 'ForecastUpload' });

/** A programme's or carrier's three figures (the KPI's facts of its tagged projects). */
const tagFigures = {
  projects: z.number().describe('标注该项的项目数 / projects tagged with it'),
  subsidized_trainings: z.number(),
  new_certificates: z.number(),
  new_high_skill: z.number(),
};

export const ZHolderProgress = z
  .object({
    holderId: z.string(),
    kind: z.enum(HOLDER_KINDS),
    name: z.string(),
    sector: z.string(),
    carrierName: z.string().nullable(),
    basis: z.enum(['carrier', 'sector']).describe('统计口径：载体的项目或所属领域 / what the actual counts'),
    indicator: ZIndicator,
    year: z.number(),
    ...pace,
  })
  .meta({ id: 'HolderProgress' });

/** 专项计划、载体与 N 目标承担单位进度: the page's one read. */
export const ZProgrammeBoard = z
  .object({
    asOf: z.string(),
    programmes: z.array(
      z.object({ code: z.string(), name: z.string(), nameEn: z.string(), keyTask: z.number(), ...tagFigures }),
    ),
    carriers: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        name: z.string(),
        cityName: z.string(),
        owner: z.string(),
        members: z.number(),
        ...tagFigures,
      }),
    ),
    holders: z.array(ZHolderProgress),
    planYearly: z.array(
      z.object({
        code: z.string(),
        zh: z.string(),
        en: z.string(),
        source: z.string(),
        counted: z.string(),
        year: z.number(),
        target: z.number(),
        actual: z.number().nullable().describe('null：平台无此记录 / the platform holds no such records'),
        pace: z.object(pace).nullable(),
      }),
    ),
  })
  .meta({ id: 'ProgrammeBoard' });

export const ZHolder = z
  .object({
    id: z.string(),
    kind: z.enum(HOLDER_KINDS),
    name: z.string(),
    sector: z.string(),
    carrierId: z.string().nullable(),
  })
  .meta({ id: 'Holder' });

export const ZHolderTargetSet = z
  .object({ holderId: z.string(), indicator: ZIndicator, year: z.number(), value: z.number() })
  .meta({ id: 'HolderTargetSet' });

/** 本单位目标进度: one "N" holder's head and its targets' pace for a year. */
export const ZHolderBoard = z
  .object({
    asOf: z.string(),
    year: z.number(),
    holder: z.object({
      id: z.string(),
      kind: z.enum(HOLDER_KINDS),
      name: z.string(),
      sector: z.string(),
      sectorName: z.string(),
      carrierName: z.string().nullable(),
    }),
    rows: z.array(ZHolderProgress),
  })
  .meta({ id: 'HolderBoard' });
