import type { Db } from '../../db/client.ts';
import { ReplicaBehind } from '../../db/read-routing.ts';
import { kpiFacts } from './kpi-facts.ts';

const ROLLUP_LOCK = 727_102;

/** The tag tables whose triggers (migration 0051) mark the days of a retagged project's facts. */
const TAG_TABLES = new Set(['project_programmes', 'project_carriers']);
const TAGS = `tags AS (
         SELECT project_code, 'programme' AS tag, programme_code AS key FROM programmes.project_programmes
         UNION ALL SELECT project_code, 'carrier', carrier_id::text FROM programmes.project_carriers
       )`;
const TAGGED =
  'tagged AS (SELECT f.indicator, f.day, f.city, t.tag, t.key FROM facts f JOIN tags t ON t.project_code = f.project)';
/** The facts by tag, province-wide (city NULL) and per city, like kpi_daily's. */
const INTO_TAG_DAILY = `INSERT INTO kpi_tag_daily (indicator, day, city, tag, key, n)
         SELECT indicator, day, NULL, tag, key, count(*) FROM tagged GROUP BY indicator, day, tag, key
         UNION ALL
         SELECT indicator, day, city, tag, key, count(*) FROM tagged WHERE city IS NOT NULL GROUP BY indicator, day, city, tag, key`;

/**
 * Which rows of `kpi_daily` a scope reads: a city's own (`city = $n`, appended to `params`), or the
 * province-wide ones (`city IS NULL`) — not the sum of the cities, which would miss facts without a city.
 */
export function rollupScope(scopeCity: string | null, params: unknown[]): { where: string; params: unknown[] } {
  return scopeCity
    ? { where: `city = $${params.length + 1}`, params: [...params, scopeCity] }
    : { where: 'city IS NULL', params };
}

/**
 * Brings `kpi_daily` (migration 0019) and `kpi_tag_daily` (0051) up to date: the days that triggers marked in `kpi_dirty` are
 * recounted from the records, or everything when a change touched what every fact reads (a
 * person's groups, a project's key task…). One refresher at a time; a change committed meanwhile
 * leaves its mark for the next one, so nothing is missed. Returns how many days were recounted
 * (null: all of them). On a standby with marks pending it throws ReplicaBehind.
 */
export async function refreshKpiRollup(db: Db): Promise<number | null> {
  const [{ pending }] = await db.query<{ pending: boolean }>('SELECT EXISTS (SELECT 1 FROM kpi_dirty) AS pending');
  if (!pending) return 0;
  // A standby replays the primary's refreshes; it cannot make its own. Its rollup is stale until the
  // primary refreshes and the standby replays that, so the read goes to the primary meanwhile.
  if (db.replica) throw new ReplicaBehind('KPI rollup');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    const dirty = await tx.query<{ source: string; day: string | null }>(
      `DELETE FROM kpi_dirty RETURNING source, to_char(day, 'YYYY-MM-DD') AS day`,
    );
    if (dirty.length === 0) return 0; // another reader refreshed while this one waited
    const everything = dirty.some((d) => d.day === null);
    const days = everything ? null : [...new Set(dirty.filter((d) => !TAG_TABLES.has(d.source)).map((d) => d.day!))];
    // Days only a retag marked: the facts are unchanged, only their tags moved (kpi_tag_daily alone).
    const tagDays = everything
      ? []
      : [...new Set(dirty.filter((d) => TAG_TABLES.has(d.source) && !days!.includes(d.day!)).map((d) => d.day!))];
    if (!days || days.length) {
      for (const table of ['kpi_daily', 'kpi_tag_daily'])
        await tx.query(
          everything ? `DELETE FROM ${table}` : `DELETE FROM ${table} WHERE day = ANY($1::date[])`,
          everything ? [] : [days],
        );
      // One pass over the facts fills both: by dimension key, and by the projects' tags (the board's).
      await tx.query(
        `WITH ${TAGS}, ${kpiFacts(days ? '$3' : null)}, ${TAGGED},
         by_tag AS (${INTO_TAG_DAILY})
         INSERT INTO kpi_daily (indicator, day, city, dimension, key, n)
         SELECT indicator, day, NULL, dimension, key, count(*) FROM keyed GROUP BY indicator, day, dimension, key
         UNION ALL
         SELECT indicator, day, city, dimension, key, count(*) FROM keyed WHERE city IS NOT NULL GROUP BY indicator, day, city, dimension, key`,
        days ? [null, null, days] : [null, null],
      );
    }
    if (tagDays.length) {
      await tx.query('DELETE FROM kpi_tag_daily WHERE day = ANY($1::date[])', [tagDays]);
      await tx.query(`WITH ${TAGS}, ${kpiFacts('$3', 'SELECT project_code FROM tags')}, ${TAGGED} ${INTO_TAG_DAILY}`, [
        null,
        null,
        tagDays,
      ]);
    }
    if (!days) await tx.exec('ANALYZE kpi_daily; ANALYZE kpi_tag_daily'); // rebuilt: fresh statistics for the readers' plans
    return days ? days.length + tagDays.length : null;
  });
}
