import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { csvRecords } from '../../kernel/tabular/csv-lines.ts';
import { problemError } from '../../kernel/tabular/read-table.ts';

export const FORECAST_COLUMNS = ['occupation_code', 'city_code', 'year', 'headcount'] as const;

export interface ForecastRowError {
  line: number;
  column: string;
  reason: string;
  zh: string;
  en: string;
}

/**
 * 数据集采: a department uploads its sector's demand forecasts (CSV: occupation_code, city_code,
 * year, headcount). Each row is checked on its own — a bad row is reported with its line and
 * reason and does not stop the good ones; a department may only forecast its own sectors. The
 * latest forecast for an occupation, city and year replaces the earlier one.
 */
export async function uploadForecasts(db: Db, actor: Actor, fileName: string, csv: string, clock: Clock = systemClock) {
  if (actor.role !== 'department_officer' && actor.role !== 'province_admin') throw new Forbidden();
  const occupations = new Map(
    (await db.query<{ code: string; sector: string }>('SELECT code, sector FROM catalog.occupations')).map((o) => [
      o.code,
      o.sector,
    ]),
  );
  const cities = new Set((await db.query<{ code: string }>('SELECT code FROM catalog.cities')).map((c) => c.code));
  const errors: ForecastRowError[] = [];
  const good: { occupation: string; city: string; year: number; headcount: number; sector: string }[] = [];
  let header: string[] | null = null;
  let total = 0;
  for await (const { line, fields, problem } of csvRecords(
    (async function* () {
      yield csv.replace(/^\ufeff/, '');
    })(),
  )) {
    if (!header) {
      header = fields.map((f) => f.trim());
      const missing = FORECAST_COLUMNS.filter((c) => !header!.includes(c));
      if (missing.length)
        throw new Invalid(
          'MISSING_COLUMNS',
          `缺少列：${missing.join('、')}（应为 ${FORECAST_COLUMNS.join(',')}）`,
          `missing columns: ${missing.join(', ')} (expected ${FORECAST_COLUMNS.join(',')})`,
        );
      continue;
    }
    // A blank line is skipped, but not one that could not be read (an unclosed quote): it is reported.
    if (!problem && fields.every((f) => !f.trim())) continue;
    total++;
    if (problem) {
      // an unclosed quote, or text already garbled (U+FFFD) before it reached us
      const e = problemError(problem, header, fields);
      errors.push({ line, column: e.column, reason: e.reason, zh: e.messageZh, en: e.messageEn });
      continue;
    }
    const v = Object.fromEntries(header.map((h, i) => [h, (fields[i] ?? '').trim()]));
    const fail = (column: string, reason: string, zh: string, en: string) =>
      errors.push({ line, column, reason, zh, en });
    const sector = occupations.get(v.occupation_code);
    const year = Number(v.year);
    const headcount = Number(v.headcount);
    const before = errors.length;
    if (!sector)
      fail(
        'occupation_code',
        'UNKNOWN_OCCUPATION',
        `职业编码 ${v.occupation_code} 不在职业目录中`,
        `occupation ${v.occupation_code} is not in the catalog`,
      );
    else if (actor.role === 'department_officer' && !actor.sectors.includes(sector))
      fail(
        'occupation_code',
        'NOT_YOUR_SECTOR',
        `该职业属于 ${sector} 领域，不在本部门范围`,
        `this occupation belongs to sector ${sector}, not yours`,
      );
    if (!cities.has(v.city_code))
      fail('city_code', 'UNKNOWN_CITY', `城市编码 ${v.city_code} 不存在`, `city ${v.city_code} does not exist`);
    if (!/^\d{4}$/.test(v.year) || year < 2025 || year > 2035)
      fail('year', 'BAD_YEAR', '年份应为 2025–2035', 'year must be 2025–2035');
    if (!/^\d+$/.test(v.headcount) || headcount > 1_000_000)
      fail(
        'headcount',
        'BAD_HEADCOUNT',
        '需求人数应为 0–1000000 的整数',
        'headcount must be a whole number 0–1,000,000',
      );
    if (errors.length === before)
      good.push({ occupation: v.occupation_code, city: v.city_code, year, headcount, sector: sector! });
  }
  if (!header) throw new Invalid('EMPTY_FILE', '文件为空', 'the file is empty');
  const id = newId();
  await db.transaction(async (tx) => {
    for (const g of good) {
      await tx.query(
        `INSERT INTO demand_forecasts (occupation_code, city_code, year, headcount, sector, upload_id) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (occupation_code, city_code, year) DO UPDATE SET headcount = EXCLUDED.headcount, sector = EXCLUDED.sector, upload_id = EXCLUDED.upload_id`,
        [g.occupation, g.city, g.year, g.headcount, g.sector, id],
      );
    }
    await tx.query(
      `INSERT INTO forecast_uploads (id, file_name, uploaded_by, sectors, rows_total, rows_accepted, errors, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        id,
        fileName.slice(0, 200),
        actorName(actor),
        actor.sectors,
        total,
        good.length,
        JSON.stringify(errors.slice(0, 1000)),
        clock.now(),
      ],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'forecast.upload',
          entity: 'forecast_upload',
          entityId: id,
          after: { file: fileName, rows: total, accepted: good.length, errors: errors.length },
        },
      ],
      clock,
    );
  });
  return { id, rowsTotal: total, rowsAccepted: good.length, errors };
}

/** Upload status (数据集采进度): a department sees its own uploads, the province all. */
export async function listForecastUploads(db: Db, actor: Actor) {
  return db.query<{
    id: string;
    file_name: string;
    uploaded_by: string;
    sectors: string[];
    rows_total: number;
    rows_accepted: number;
    error_count: number;
    errors: ForecastRowError[];
    uploaded_at: Date;
  }>(
    `SELECT id, file_name, uploaded_by, sectors, rows_total, rows_accepted, jsonb_array_length(errors) AS error_count, errors, uploaded_at
     FROM forecast_uploads WHERE ($1::text IS NULL OR uploaded_by = $1) ORDER BY uploaded_at DESC LIMIT 200`,
    [actor.role === 'province_admin' ? null : actorName(actor)],
  );
}
