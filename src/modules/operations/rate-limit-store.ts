import { createRequire } from 'node:module';
import type { Db } from '../../db/client.ts';

/** The plugin's own in-memory store, for the routes that keep their counts per process (`perProcess`). */
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding?: boolean,
  exponentialBackoff?: boolean,
  cache?: number,
) => RateLimitStore;

/** A route's merged rate-limit options as the plugin hands them to `child` (the fields read here). */
interface RouteLimit {
  routeInfo: { method: string | string[]; url: string };
  /**
   * Count in this process's memory, not the database: for a load guard on a hot route (learning
   * heartbeats) where n processes allowing n× the rate changes no figure and a statement per hit
   * would double the route's writes. Limits that guard money, SMS or an oracle never set it.
   */
  perProcess?: boolean;
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  cache?: number;
}

/** What @fastify/rate-limit asks of a store (its `FastifyRateLimitStore`, without importing the plugin here). */
export interface RateLimitStore {
  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
    max: number,
  ): void;
  child(routeOptions: RouteLimit): RateLimitStore;
}

/** Windows that ended this long ago are deleted now and then (one hit in CLEAR_EVERY clears). */
const CLEAR_AFTER = '1 hour';
const CLEAR_EVERY = 500;

/**
 * Rate-limit counts in the database (`rate_limit_hits`), shared by every API process on it: the
 * plugin's own store lives in one process's memory, so N processes behind a load balancer allowed N
 * times the limit. A fixed window per key, as the plugin's local store counts: the first hit opens a
 * window of `timeWindow` ms; hits inside it count up; the first hit after it opens a new one. One
 * statement per hit (an upsert on the key, atomic under concurrency). Instants are the database's
 * `now()`, so the processes' clocks do not matter.
 */
export function sharedRateLimitStore(db: Db): new () => RateLimitStore {
  let hits = 0;
  class SharedStore implements RateLimitStore {
    /** The plugin constructs the store with its options (unused here); `child` adds the route's prefix. */
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Parameters<RateLimitStore['incr']>[1], timeWindow: number): void {
      this.count(`${this.prefix}${key}`, timeWindow).then(
        (r) => callback(null, r),
        (e: Error) => callback(e),
      );
    }

    child(routeOptions: RouteLimit): RateLimitStore {
      if (routeOptions.perProcess)
        return new LocalStore(routeOptions.continueExceeding, routeOptions.exponentialBackoff, routeOptions.cache);
      const { method, url } = routeOptions.routeInfo;
      return new SharedStore(undefined, `${this.prefix}${[method].flat().join(',')} ${url} `);
    }

    private async count(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
      if (++hits % CLEAR_EVERY === 0)
        await db.query(`DELETE FROM rate_limit_hits WHERE window_start < now() - interval '${CLEAR_AFTER}'`);
      // In DO UPDATE every SET expression reads the row as it was: both CASEs test the old window.
      const [r] = await db.query<{ hits: number; ttl: number }>(
        `INSERT INTO rate_limit_hits AS h (key, window_start, hits) VALUES ($1, now(), 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN h.window_start + $2::float8 * interval '1 millisecond' <= now() THEN 1 ELSE h.hits + 1 END,
           window_start = CASE WHEN h.window_start + $2::float8 * interval '1 millisecond' <= now() THEN now() ELSE h.window_start END
         RETURNING h.hits,
           greatest(0, floor(extract(epoch FROM h.window_start + $2::float8 * interval '1 millisecond' - now()) * 1000))::float8 AS ttl`,
        [key, windowMs],
      );
      return { current: r!.hits, ttl: r!.ttl };
    }
  }
  return SharedStore as unknown as new () => RateLimitStore;
}
