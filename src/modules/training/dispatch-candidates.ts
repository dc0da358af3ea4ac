import type { Db } from '../../db/client.ts';
import { CITY_SEATS } from '../catalog/index.ts';
import { suspendedOn } from '../registry/index.ts';
import { listingProblem } from './dispatch.ts';
import { haversineMeters } from './attendance-ratio.ts';

/** The Earth's mean radius dispatch measures distance with (km), as the course catalog does. */
const EARTH_RADIUS_KM = 6371;

/** 派单候选: what the training records say of an institution a project could go to. */
export interface DispatchCandidateFacts {
  creditCode: string;
  name: string;
  cityCode: string;
  cityName: string | null;
  /** 在训容量 declared (null: not declared). */
  capacity: number | null;
  /** Trainees planned in its classes dispatched, accepted or running that have not ended. */
  load: number;
  /** Its registered site nearest to the seat of the project's city, with the distance in km. */
  nearestSite: { name: string; km: number } | null;
  /** Classes it has had in the occupation asked for (experience; breaks ties). */
  pastClassesInOccupation: number;
}

/**
 * The institutions a project in `city` may be dispatched to today — those the dispatch rules accept
 * (training role, listed, not blacklisted: `listingProblem`; not suspended), of the city when one is given — with
 * the facts the ranking weighs.
 */
export async function dispatchCandidateFacts(
  db: Db,
  query: { city: string | null; occupation: string | null; today: string },
): Promise<DispatchCandidateFacts[]> {
  const rows = await db.query<{
    credit_code: string;
    name: string;
    roles: string[];
    listed_from: string | null;
    blacklisted_from: string | null;
    city_code: string;
    city_name: string | null;
    capacity: number | null;
    load: number;
    past: number;
    sites: { name: string; lat: number; lon: number }[] | null;
  }>(
    `SELECT i.credit_code, i.name, i.roles, i.listed_from::text AS listed_from, i.blacklisted_from::text AS blacklisted_from,
            i.city_code, c.name AS city_name, i.capacity,
            (SELECT coalesce(sum(coalesce(p.planned_trainees, 0)), 0)::int FROM projects p WHERE p.institution_code = i.credit_code
               AND p.status IN ('dispatched', 'accepted', 'running') AND p.end_date >= $2::date) AS load,
            (SELECT count(*)::int FROM projects p WHERE p.institution_code = i.credit_code AND p.occupation_code = $3
               AND p.status NOT IN ('declined', 'dispatched')) AS past,
            (SELECT json_agg(json_build_object('name', s.name, 'lat', s.lat, 'lon', s.lon)) FROM sites s WHERE s.institution_code = i.credit_code) AS sites
     FROM registry.institutions i LEFT JOIN catalog.cities c ON c.code = i.city_code
     WHERE 'training' = ANY(i.roles) AND ($1::text IS NULL OR i.city_code = $1)
     ORDER BY i.credit_code`,
    [query.city, query.today, query.occupation],
  );
  const suspended = await suspendedOn(db, query.today);
  return rows
    .filter(
      (r) =>
        !suspended.has(r.credit_code) &&
        listingProblem(
          { name: r.name, roles: r.roles, listedFrom: r.listed_from, blacklistedFrom: r.blacklisted_from },
          query.today,
        ) === null,
    )
    .map((r) => {
      const seat = CITY_SEATS[query.city ?? r.city_code];
      const nearest = seat
        ? (r.sites ?? [])
            .map((s) => ({
              name: s.name,
              km: haversineMeters(seat.lat, seat.lon, s.lat, s.lon, EARTH_RADIUS_KM) / 1000,
            }))
            .sort((a, b) => a.km - b.km)[0]
        : undefined;
      return {
        creditCode: r.credit_code,
        name: r.name,
        cityCode: r.city_code,
        cityName: r.city_name,
        capacity: r.capacity,
        load: r.load,
        nearestSite: nearest ?? null,
        pastClassesInOccupation: r.past,
      };
    });
}
