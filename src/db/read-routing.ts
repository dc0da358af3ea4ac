import type { Db } from './client.ts';

/**
 * Where a read that may be served by the hot standby (DATABASE_READ_URL) goes. Routes opt in by
 * declaring `config: { reads: 'standby' }`; everything else, and every write, uses the primary.
 *
 * The promise to a user: a read never shows a version older than one the same user just wrote.
 * After a write the server records the primary's WAL position in the user's session row (on the
 * primary, so every API process sees it); the session's routed reads go to the primary until the
 * standby has replayed past it. Every routed read also falls back to the primary when the standby
 * cannot be reached or is more than `maxLagBytes` of WAL behind. See docs/operations.md § Read routing.
 */
export interface ReadRouter {
  /** The standby's handle, or null when no DATABASE_READ_URL is configured. */
  readonly standby: Db | null;
  /** The database a routed read should use; `wroteLsn`: the caller's last write (null: none known). */
  dbFor(wroteLsn: string | null): Promise<Db>;
  close(): Promise<void>;
}

export interface ReadRouterOptions {
  /** How far (bytes of WAL) the standby may trail the primary and still serve reads. */
  maxLagBytes: number;
  /** How long the primary's WAL position is reused for the lag check (ms). */
  headTtlMs?: number;
  /** How long an unreachable standby is left alone before it is tried again (ms). */
  retryAfterMs?: number;
}

/** `'16/B374D848'` → a number of bytes (pg_lsn's text form). */
export function lsnBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** Without a standby every read is the primary's. */
export function primaryOnly(primary: Db): ReadRouter {
  return { standby: null, dbFor: async () => primary, close: async () => {} };
}

export function readRouter(primary: Db, standby: Db, opts: ReadRouterOptions): ReadRouter {
  const headTtlMs = opts.headTtlMs ?? 1000;
  const retryAfterMs = opts.retryAfterMs ?? 5000;
  let head = { at: 0, lsn: 0n };
  let downUntil = 0;

  const primaryHead = async () => {
    if (Date.now() - head.at > headTtlMs) {
      const [{ lsn }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      head = { at: Date.now(), lsn: lsnBytes(lsn) };
    }
    return head.lsn;
  };
  /** The standby's replayed position; null when it is down or not a standby (promoted, misconfigured). */
  const replayed = async (): Promise<bigint | null> => {
    if (Date.now() < downUntil) return null;
    try {
      const [{ lsn }] = await standby.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
      return lsn === null ? null : lsnBytes(lsn);
    } catch {
      downUntil = Date.now() + retryAfterMs;
      return null;
    }
  };

  return {
    standby,
    async dbFor(wroteLsn) {
      const at = await replayed();
      if (at === null) return primary;
      if (wroteLsn !== null && at < lsnBytes(wroteLsn)) return primary;
      if ((await primaryHead()) - at > BigInt(opts.maxLagBytes)) return primary;
      return standby;
    },
    async close() {
      await standby.close();
    },
  };
}

/**
 * A routed read found the standby's derived data (the KPI rollup) behind its own records: a standby
 * cannot bring it up to date, so the read is redone on the primary (which can).
 */
export class ReplicaBehind extends Error {
  constructor(what: string) {
    super(`the standby's ${what} is behind its records; read on the primary`);
  }
}
