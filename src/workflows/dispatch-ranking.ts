import type { Db } from '../db/client.ts';
import { assertCity, type Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { ratingsByCode } from '../modules/integrity/index.ts';
import { dispatchCandidateFacts, type DispatchCandidateFacts } from '../modules/training/index.ts';
import type { TDispatchCandidate } from './dispatch-ranking.schema.ts';

/**
 * 派单排序 (docs/training-lifecycle.md § Ranking candidates): the weights of the four parts of a
 * candidate's score, out of 100, and the distance at which proximity halves.
 */
export const RANKING = { stars: 30, credit: 30, room: 20, proximity: 20, halfKm: 25 } as const;

interface Rating {
  stars: number | null;
  credit: number;
}

/**
 * One candidate's score, 0–100, from its parts (each 0–1): stars (★1 → 0 … ★5 → 1; no data yet → ½),
 * credit ÷ 100, room (free places ÷ class size, at most 1; capacity not declared → ½) and proximity
 * (1 ÷ (1 + km ÷ 25) from its nearest registered site; no site → 0).
 */
export function scoreCandidate(f: DispatchCandidateFacts, r: Rating, trainees: number): TDispatchCandidate {
  const free = f.capacity === null ? null : Math.max(0, f.capacity - f.load);
  const parts = {
    stars: r.stars === null ? 0.5 : (r.stars - 1) / 4,
    credit: Math.max(0, Math.min(100, r.credit)) / 100,
    room: free === null ? 0.5 : Math.min(1, free / Math.max(1, trainees)),
    proximity: f.nearestSite ? 1 / (1 + f.nearestSite.km / RANKING.halfKm) : 0,
  };
  const score =
    RANKING.stars * parts.stars +
    RANKING.credit * parts.credit +
    RANKING.room * parts.room +
    RANKING.proximity * parts.proximity;
  const km = f.nearestSite ? Math.round(f.nearestSite.km) : null;
  const zh = [
    r.stars === null ? '暂无星级' : `★${r.stars}`,
    `信用 ${r.credit}`,
    free === null ? '容量未登记' : `余量 ${free}`,
    km === null ? '无登记场所' : `${km} km`,
  ];
  const en = [
    r.stars === null ? 'no stars yet' : `★${r.stars}`,
    `credit ${r.credit}`,
    free === null ? 'capacity not declared' : `${free} places free`,
    km === null ? 'no registered site' : `${km} km`,
  ];
  return {
    creditCode: f.creditCode,
    name: f.name,
    cityName: f.cityName,
    score: Math.round(score * 10) / 10,
    stars: r.stars,
    credit: r.credit,
    capacity: f.capacity,
    free,
    fits: free === null ? null : free >= trainees,
    km,
    siteName: f.nearestSite?.name ?? null,
    pastClasses: f.pastClassesInOccupation,
    why: { zh: zh.join(' · '), en: en.join(' · ') },
  };
}

/** Best first: by score, then experience in the occupation, then name (a stable order for equal scores). */
export function rankCandidates(
  facts: DispatchCandidateFacts[],
  ratings: Map<string, Rating>,
  trainees: number,
): TDispatchCandidate[] {
  return facts
    .map((f) => scoreCandidate(f, ratings.get(f.creditCode) ?? { stars: null, credit: 100 }, trainees))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.pastClasses - a.pastClasses ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.creditCode.localeCompare(b.creditCode),
    );
}

/**
 * 派单: the institutions a city officer (their city) or the province (a city, or all) may dispatch a
 * class of `trainees` in `occupation` to today, best first, each with why. Institutions the dispatch
 * rules refuse (not listed, blacklisted, no training role) are not offered.
 */
export async function dispatchCandidates(
  db: Db,
  actor: Actor,
  query: { city?: string; occupation?: string; trainees?: number },
  clock: Clock = systemClock,
): Promise<TDispatchCandidate[]> {
  const city = query.city ?? (actor.role === 'city_officer' ? actor.cityCode : null) ?? null;
  if (city) assertCity(actor, city);
  const facts = await dispatchCandidateFacts(db, {
    city,
    occupation: query.occupation ?? null,
    today: chinaDate(clock.now()),
  });
  const ratings = await ratingsByCode(
    db,
    facts.map((f) => f.creditCode),
  );
  return rankCandidates(facts, ratings, query.trainees ?? 30);
}
