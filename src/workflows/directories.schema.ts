import { z } from 'zod';
import { DIRECTORY_NAMES, type DirectoryName } from '../modules/catalog/index.ts';

/** Request and response contracts of the published directories (目录) and the labour-market page. */

export const ZDirectoryNameParam = z.object({ name: z.enum(DIRECTORY_NAMES as [DirectoryName, ...DirectoryName[]]) });

export const ZDirectoryQuery = z.object({
  version: z.coerce.number().int().optional(),
  q: z.string().max(50).optional(),
  city: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const ZDirectoryPublication = z.object({
  effectiveFrom: z.string(),
  note: z.string().max(200).optional(),
  entries: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        cityCode: z.string().nullish(),
        attrs: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(50_000)
    .optional(),
});

export const ZShortageListPublication = z.object({
  effectiveFrom: z.string(),
  occupations: z.array(z.string()).max(2000),
  note: z.string().max(200).optional(),
});

/** What a directory is (catalog/directories.ts DIRECTORIES). */
const ZDirectoryInfo = z.object({
  name: z.enum(DIRECTORY_NAMES as [DirectoryName, ...DirectoryName[]]),
  zh: z.string(),
  en: z.string(),
  /** `derived`: a snapshot of the platform's records; `upload`: published by the responsible department. */
  source: z.enum(['derived', 'upload']),
});

export const ZDirectorySummary = ZDirectoryInfo.extend({
  /** The version in force today, or null before the first publication takes effect. */
  current: z
    .object({
      directory: z.string(),
      version: z.number(),
      effective_from: z.string(),
      entry_count: z.number(),
      published_at: z.date(),
    })
    .nullable(),
}).meta({ id: 'DirectorySummary' });

export const ZDirectoryVersion = z
  .object({
    version: z.number(),
    effective_from: z.string(),
    note: z.string().nullable(),
    entry_count: z.number(),
    published_at: z.date(),
  })
  .meta({ id: 'DirectoryVersion' });

export const ZDirectoryEntry = z
  .object({
    code: z.string(),
    name: z.string(),
    city_code: z.string().nullable(),
    city_name: z.string().nullable(),
    /** Each directory's own columns (an uploaded directory's are the department's): free-form by nature. */
    attrs: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DirectoryEntry' });

export const ZDirectory = ZDirectoryInfo.extend({
  /** The version shown (in force, or the one asked for); null when there is none. */
  version: z
    .object({
      id: z.string(),
      version: z.number(),
      effective_from: z.string(),
      note: z.string().nullable(),
      entry_count: z.number(),
    })
    .nullable(),
  versions: z.array(ZDirectoryVersion),
  total: z.number(),
  entries: z.array(ZDirectoryEntry),
}).meta({ id: 'Directory' });

export const ZDirectoryPublished = z
  .object({ directory: z.string(), version: z.number(), effectiveFrom: z.string(), entries: z.number() })
  .meta({ id: 'DirectoryPublished' });

export const ZLabourMarketRow = z
  .object({
    occupation_code: z.string(),
    occupation_name: z.string(),
    sector: z.string(),
    completers: z.number(),
    certificates: z.number(),
    supply: z.number(),
    positions: z.number(),
    unfilled: z.number(),
    forecast: z.number(),
    signal: z.enum(['shortage', 'saturated', 'balanced']),
  })
  .meta({ id: 'LabourMarketRow' });

export const ZLabourMarket = z
  .object({
    /** The thresholds of the signal (reporting/labour-market.ts LABOUR_MARKET_RULES). */
    rules: z.object({
      windowMonths: z.number(),
      shortageMinUnfilled: z.number(),
      shortageRatioBp: z.number(),
      saturatedMinSupply: z.number(),
      saturatedRatioBp: z.number(),
    }),
    rows: z.array(ZLabourMarketRow),
  })
  .meta({ id: 'LabourMarket' });
