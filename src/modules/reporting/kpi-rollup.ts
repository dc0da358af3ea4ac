import type { Db } from '../../db/client.ts';
import { ReplicaBehind } from '../../db/read-routing.ts';
import { kpiFacts } from './kpi-facts.ts';

const ROLLUP_LOCK = 727_102;

const TAGS = `tags AS (
         SELECT project_code, 'programme' AS tag, programme_code AS key FROM programmes.project_programmes
         UNION ALL SELECT project_code, 'carrier', carrier_id::text FROM programmes.project_carriers
       )`;
const TAGGED =
  'tagged AS (SELECT f.indicator, f.day, f.city, t.tag, t.key FROM facts f JOIN tags t ON t.project_code = f.project)';
/** The facts by tag, province-wide (city NULL) and per city, like kpi_daily's. */
const TAG_NUMBERS = `tag_numbers AS (
         SELECT indicator, day, NULL::text AS city, tag, key, count(*)::int AS n FROM tagged GROUP BY indicator, day, tag, key
         UNION ALL
         SELECT indicator, day, city, tag, key, count(*)::int FROM tagged WHERE city IS NOT NULL GROUP BY indicator, day, city, tag, key
       )`;
/** The facts by dimension key, province-wide (city NULL) and per city. */
const DAILY_NUMBERS = `daily_numbers AS (
         SELECT indicator, day, NULL::text AS city, dimension, key, count(*)::int AS n FROM keyed GROUP BY indicator, day, dimension, key
         UNION ALL
         SELECT indicator, day, city, dimension, key, count(*)::int FROM keyed WHERE city IS NOT NULL GROUP BY indicator, day, city, dimension, key
       )`;

/**
 * Writes a recount of some days (`numbers`, a CTE of the days' numbers) into `table`: what moved
 * only — new numbers inserted, changed ones updated, numbers the days no longer have deleted. A
 * correction that moves nothing writes nothing (migration 0056: the key is unique, led by the day).
 * Without `daysParam` the table was emptied first: plain inserts.
 */
function merge(table: 'kpi_daily' | 'kpi_tag_daily', numbers: string, daysParam: string | null, tag: string): string {
  const kind = table === 'kpi_daily' ? 'dimension' : 'tag';
  const cols = `indicator, day, city, ${kind}, key, n`;
  const insert = `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${numbers}`;
  if (!daysParam) return `${tag}_ins AS (${insert})`;
  return `${tag}_ins AS (${insert}
           ON CONFLICT (day, indicator, ${kind}, key, city) DO UPDATE SET n = EXCLUDED.n WHERE ${table}.n <> EXCLUDED.n),
         ${tag}_del AS (DELETE FROM ${table} r WHERE r.day = ANY(${daysParam}::date[]) AND NOT EXISTS (
           SELECT 1 FROM ${numbers} x WHERE x.day = r.day AND x.indicator = r.indicator AND x.${kind} = r.${kind}
             AND x.key = r.key AND x.city IS NOT DISTINCT FROM r.city))`;
}

/** The first day of the month after `day`'s (dates as YYYY-MM-DD). */
export function nextMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** `kpi_tag_daily` summed by month, for the months given as `$1` (first days) or all of them. */
const MONTH_NUMBERS = (months: boolean) => `month_numbers AS (
         SELECT indicator, date_trunc('month', day)::date AS month, city, tag, key, sum(n)::int AS n FROM kpi_tag_daily
         ${months ? `WHERE day >= $2::date AND day < $3::date AND date_trunc('month', day)::date = ANY($1::date[])` : ''}
         GROUP BY 1, 2, 3, 4, 5
       )`;

/**
 * Brings `kpi_tag_monthly` (migration 0063) in line with `kpi_tag_daily` after a refresh, in its
 * transaction: the months of the recounted `days` are summed again from the daily rows (a month's
 * few thousand) and merged like the daily numbers — what moved only; `null`: all of them.
 */
async function refreshMonths(tx: Db, days: string[] | null): Promise<void> {
  if (!days) {
    await tx.exec(`DELETE FROM kpi_tag_monthly;
      WITH ${MONTH_NUMBERS(false)} INSERT INTO kpi_tag_monthly (indicator, month, city, tag, key, n) SELECT * FROM month_numbers`);
    return;
  }
  if (!days.length) return;
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))].sort();
  const end = nextMonth(months[months.length - 1]);
  const cols = 'indicator, month, city, tag, key, n';
  await tx.query(
    `WITH ${MONTH_NUMBERS(true)},
     ins AS (INSERT INTO kpi_tag_monthly (${cols}) SELECT ${cols} FROM month_numbers
       ON CONFLICT (month, indicator, tag, key, city) DO UPDATE SET n = EXCLUDED.n WHERE kpi_tag_monthly.n <> EXCLUDED.n),
     del AS (DELETE FROM kpi_tag_monthly r WHERE r.month = ANY($1::date[]) AND NOT EXISTS (
       SELECT 1 FROM month_numbers x WHERE x.month = r.month AND x.indicator = r.indicator AND x.tag = r.tag
         AND x.key = r.key AND x.city IS NOT DISTINCT FROM r.city))
     SELECT 1`,
    [months, months[0], end],
  );
}

/**
 * Which rows of `kpi_daily` a scope reads: a city's own (`city = $n`, appended to `params`), or the
 * province-wide ones (`city IS NULL`) — not the sum of the cities, which would miss facts without a city.
 */
export function rollupScope(scopeCity: string | null, params: unknown[]): { where: string; params: unknown[] } {
  return scopeCity
    ? { where: `city = $${params.length + 1}`, params: [...params, scopeCity] }
    : { where: 'city IS NULL', params };
}

/** A retag queued by the tag tables' triggers (migration 0064), netted: +1 tagged, -1 untagged. */
interface Retag {
  project_code: string;
  tag: string;
  key: string;
  sign: number;
}

/**
 * Adds the retagged projects' facts to `kpi_tag_daily` and `kpi_tag_monthly` (or takes them away),
 * each with its net sign, on every day of them except `recounted` (recounted in this refresh from the
 * current tags; their months are summed again after this). Exact because a day no change marked has
 * the same facts as at the last refresh: only the tags moved; and a month none of whose days was
 * recounted equalled its days' sum, so it moves by the same numbers. Reads the retagged projects'
 * facts alone (through the decisions' and certificates' project index); a number reaching 0 is
 * deleted. Returns how many days' numbers moved; null if a number went below zero (the rollup was not
 * what the queue assumed: the caller rebuilds).
 */
async function applyRetags(tx: Db, retags: Retag[], recounted: string[]): Promise<number | null> {
  const match = (r: string, x: string) =>
    `${r}.indicator = ${x}.indicator AND ${r}.tag = ${x}.tag AND ${r}.key = ${x}.key AND ${r}.city IS NOT DISTINCT FROM ${x}.city`;
  /** `<prefix>moved`, `_ins`, `_del`: `delta`'s numbers added to `table` by `period`, a number reaching 0 deleted. */
  const moveBy = (prefix: string, table: string, period: 'day' | 'month', delta: string) =>
    `${prefix}moved AS (
       SELECT x.indicator, x.${period}, x.city, x.tag, x.key, COALESCE(r.n, 0) + x.n AS n
       FROM ${delta} x LEFT JOIN ${table} r ON r.${period} = x.${period} AND ${match('r', 'x')}
       WHERE x.n <> 0
     ),
     ${prefix}ins AS (INSERT INTO ${table} (indicator, ${period}, city, tag, key, n)
       SELECT indicator, ${period}, city, tag, key, n FROM ${prefix}moved WHERE n <> 0
       ON CONFLICT (${period}, indicator, tag, key, city) DO UPDATE SET n = EXCLUDED.n),
     ${prefix}del AS (DELETE FROM ${table} r USING ${prefix}moved m WHERE m.n = 0 AND r.${period} = m.${period} AND ${match('r', 'm')})`;
  const [moved] = await tx.query<{ days: number; negative: boolean }>(
    `WITH net AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) AS t(project_code, tag, key, sign)),
     ${kpiFacts(null, 'SELECT project_code FROM net')},
     signed AS (SELECT f.indicator, f.day, f.city, t.tag, t.key, t.sign FROM facts f JOIN net t ON t.project_code = f.project
       WHERE NOT (f.day = ANY($7::date[]))),
     delta AS (
       SELECT indicator, day, NULL::text AS city, tag, key, sum(sign)::int AS n FROM signed GROUP BY indicator, day, tag, key
       UNION ALL
       SELECT indicator, day, city, tag, key, sum(sign)::int FROM signed WHERE city IS NOT NULL GROUP BY indicator, day, city, tag, key
     ),
     ${moveBy('', 'kpi_tag_daily', 'day', 'delta')},
     month_delta AS (
       SELECT indicator, date_trunc('month', day)::date AS month, city, tag, key, sum(n)::int AS n FROM delta GROUP BY 1, 2, 3, 4, 5
     ),
     ${moveBy('month_', 'kpi_tag_monthly', 'month', 'month_delta')}
     SELECT (SELECT count(DISTINCT day)::int FROM moved) AS days,
       EXISTS (SELECT 1 FROM moved WHERE n < 0) OR EXISTS (SELECT 1 FROM month_moved WHERE n < 0) AS negative`,
    [
      null,
      null,
      retags.map((r) => r.project_code),
      retags.map((r) => r.tag),
      retags.map((r) => r.key),
      retags.map((r) => r.sign),
      recounted,
    ],
  );
  // A count below zero cannot come from a consistent rollup (the rollup or the queue edited by hand).
  return moved!.negative ? null : moved!.days;
}

/** The queued retags, taken (deleted) in the statement that reads the tags for a recount. */
const TAKE = 'taken AS (DELETE FROM kpi_tag_delta RETURNING project_code, tag, key, sign)';

/**
 * Recounts everything from the records and the current tags, in the refresh's transaction: the
 * retags queued so far are in it already, so they are dropped in the same statement (one snapshot).
 */
async function rebuild(tx: Db): Promise<null> {
  await tx.exec('DELETE FROM kpi_daily; DELETE FROM kpi_tag_daily');
  await tx.query(
    `WITH ${TAKE}, ${TAGS}, ${kpiFacts(null)}, ${TAGGED}, ${DAILY_NUMBERS}, ${TAG_NUMBERS},
     ${merge('kpi_daily', 'daily_numbers', null, 'daily')},
     ${merge('kpi_tag_daily', 'tag_numbers', null, 'tags')}
     SELECT 1`,
    [null, null],
  );
  await refreshMonths(tx, null);
  await tx.exec('ANALYZE kpi_daily; ANALYZE kpi_tag_daily; ANALYZE kpi_tag_monthly'); // fresh statistics for the readers' plans
  return null;
}

/**
 * Brings `kpi_daily` (migration 0019), `kpi_tag_daily` (0051) and its sums by month (`kpi_tag_monthly`,
 * 0063) up to date: the days that triggers marked in `kpi_dirty` are recounted from the records and
 * merged (only the numbers that moved are written, 0056), or everything when a change touched what
 * every fact reads (a person's groups, a project's key task…); retags queued in `kpi_tag_delta`
 * (0064) add or take away the retagged projects' facts on the other days. Writers call it before
 * they answer (rollups-after-writes.ts, bulk jobs at their end), so readers usually find nothing
 * pending; a change made elsewhere (psql) is recounted by the next reader. One refresher at a time;
 * a change committed meanwhile leaves its mark or its queued retag for the next one, so nothing is
 * missed. Returns how many days were recounted or moved by a retag (null: all of them). On a
 * standby with marks or retags pending it throws ReplicaBehind.
 */
export async function refreshKpiRollup(db: Db): Promise<number | null> {
  const [{ pending }] = await db.query<{ pending: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM kpi_dirty) OR EXISTS (SELECT 1 FROM kpi_tag_delta) AS pending',
  );
  if (!pending) return 0;
  // A standby replays the primary's refreshes; it cannot make its own. Its rollup is stale until the
  // primary refreshes and the standby replays that, so the read goes to the primary meanwhile.
  if (db.replica) throw new ReplicaBehind('KPI rollup');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    const dirty = await tx.query<{ day: string | null }>(
      `DELETE FROM kpi_dirty RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
    );
    if (dirty.some((d) => d.day === null)) return rebuild(tx);
    const days = [...new Set(dirty.map((d) => d.day!))];
    const netted = `SELECT project_code, tag, key, sum(sign)::int AS sign FROM taken GROUP BY 1, 2, 3 HAVING sum(sign) <> 0`;
    // One pass over the marked days' facts fills both: by dimension key, and by the projects' tags (the
    // board's). The queued retags are taken in that statement (one snapshot): a retag committed after
    // it stays queued and is not in the recount either, so no retag is counted twice or missed.
    const retags = days.length
      ? await tx.query<Retag>(
          `WITH ${TAKE}, ${TAGS}, ${kpiFacts('$3')}, ${TAGGED}, ${DAILY_NUMBERS}, ${TAG_NUMBERS},
           ${merge('kpi_daily', 'daily_numbers', '$3', 'daily')},
           ${merge('kpi_tag_daily', 'tag_numbers', '$3', 'tags')}
           ${netted}`,
          [null, null, days],
        )
      : await tx.query<Retag>(`WITH ${TAKE} ${netted}`);
    // A tag and its untag between two refreshes net to nothing: nothing is read or written for them.
    const retagged = retags.length ? await applyRetags(tx, retags, days) : 0;
    if (retagged === null) return rebuild(tx);
    // After the retags: a month with a recounted day is summed again whole, the delta in it included.
    await refreshMonths(tx, days);
    return days.length + retagged;
  });
}
