import type { Db } from '../../db/client.ts';
import { checkOpenClassQuery, kmFrom } from './courses.ts';

/**
 * 便民服务圈: where people can go for training near them — the registered sites (培训场所) of the
 * institutions in the training directory today, the places their classes met, and the cities'
 * 零工驿站 (gig-stations.ts) (docs/service-points.md).
 */
export interface ServicePointQuery {
  city?: string;
  /** An occupation the institution trains (its projects'). */
  occupation?: string;
  /** Part of the place's or the institution's name, or of the address (a district: 玄武区). */
  q?: string;
  lat?: number;
  lon?: number;
  offset?: number;
  limit?: number;
}

export interface ServicePoint {
  name: string;
  address: string | null;
  /** The district as the address names it (南京市玄武区… → 玄武区), null when it does not. */
  district: string | null;
  lat: number;
  lon: number;
  kind: 'site' | 'class_site' | 'gig_station';
  cityCode: string;
  cityName: string | null;
  /** The institution whose place it is; null for a 零工驿站 (the city's). */
  institutionCode: string | null;
  institutionName: string | null;
  occupations: { code: string; name: string }[];
  km: number | null;
}

/** The district an address names after its city (…市玄武区 → 玄武区; 江阴市… stays null: a county-level city is its own line). */
export function districtOf(address: string | null): string | null {
  const m = address?.match(/市([^市（(]{1,8}?[区县])/);
  return m ? m[1] : null;
}

/** Service points matching the filters, nearest first when a location is given, else by city and name. */
export async function servicePoints(
  db: Db,
  q: ServicePointQuery,
  today: string,
): Promise<{ items: ServicePoint[]; total: number }> {
  checkOpenClassQuery({ lat: q.lat, lon: q.lon });
  const located = q.lat !== undefined && q.lon !== undefined;
  const like = q.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`) || null;
  const params = [today, q.city ?? null, q.occupation ?? null, like, located ? q.lat : null, located ? q.lon : null];
  // Registered sites first; a class's meeting place only when the institution registered no site of
  // that name. Then the cities' 零工驿站, filtered alike (an occupation they name, a name or address).
  const from = `FROM (
      SELECT pt.name, pt.address, pt.lat, pt.lon, pt.kind, i.city_code, i.credit_code AS institution_code,
             i.name AS institution_name,
             (SELECT json_agg(json_build_object('code', o.code, 'name', o.name) ORDER BY o.code) FROM catalog.occupations o
               WHERE o.code IN (SELECT p.occupation_code FROM projects p WHERE p.institution_code = i.credit_code)) AS occupations
      FROM (
        SELECT DISTINCT ON (x.institution_code, x.name) x.* FROM (
          SELECT t.institution_code, t.name, t.address, t.lat, t.lon, 'site' AS kind, 0 AS rank FROM sites t
          UNION ALL
          SELECT p.institution_code, s.site_name, NULL, s.site_lat, s.site_lon, 'class_site', 1
            FROM sessions s JOIN projects p ON p.project_code = s.project_code
            WHERE s.site_name IS NOT NULL AND s.site_lat IS NOT NULL AND s.site_lon IS NOT NULL
        ) x ORDER BY x.institution_code, x.name, x.rank
      ) pt
      JOIN registry.institutions i ON i.credit_code = pt.institution_code
      WHERE 'training' = ANY(i.roles) AND i.listed_from <= $1::date
        AND (i.blacklisted_from IS NULL OR i.blacklisted_from > $1::date)
        AND ($2::text IS NULL OR i.city_code = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.institution_code = i.credit_code AND p.occupation_code = $3))
        AND ($4::text IS NULL OR pt.name ILIKE '%' || $4 || '%' OR i.name ILIKE '%' || $4 || '%' OR pt.address ILIKE '%' || $4 || '%')
      UNION ALL
      SELECT g.name, g.address, g.lat, g.lon, 'gig_station', g.city_code, NULL, NULL,
             (SELECT json_agg(json_build_object('code', o.code, 'name', o.name) ORDER BY o.code) FROM catalog.occupations o
               WHERE o.code = ANY(g.occupations))
      FROM gig_stations g
      WHERE ($2::text IS NULL OR g.city_code = $2)
        AND ($3::text IS NULL OR $3 = ANY(g.occupations))
        AND ($4::text IS NULL OR g.name ILIKE '%' || $4 || '%' OR g.address ILIKE '%' || $4 || '%')
    ) pt
    LEFT JOIN catalog.cities c ON c.code = pt.city_code
    WHERE ($5::float8 IS NULL OR $6::float8 IS NOT NULL)`; // names $5 and $6 when no distance does (typed parameters)
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  const limit = Math.min(q.limit ?? 20, 50);
  const offset = Math.max(q.offset ?? 0, 0);
  const km = located ? kmFrom('$5::float8', '$6::float8', 'pt') : 'NULL::float8';
  const rows = await db.query<
    Omit<ServicePoint, 'district' | 'occupations'> & { occupations: ServicePoint['occupations'] | null }
  >(
    `SELECT pt.name, pt.address, pt.lat, pt.lon, pt.kind, pt.city_code AS "cityCode", c.name AS "cityName",
            pt.institution_code AS "institutionCode", pt.institution_name AS "institutionName", ${km} AS km,
            pt.occupations
     ${from}
     ORDER BY ${located ? 'km, ' : ''}pt.city_code, coalesce(pt.institution_name, pt.name), pt.name LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    items: rows.map((r) => ({
      ...r,
      km: r.km === null ? null : Math.round(r.km * 10) / 10,
      district: districtOf(r.address),
      occupations: r.occupations ?? [],
    })),
    total: n,
  };
}
