import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from './client.ts';
import { lsnBytes, primaryOnly, readRouter } from './read-routing.ts';

/** A stand-in database answering the two WAL-position queries the router asks. */
function fakeDb(answer: () => string | null | Error): Db {
  return {
    kind: 'postgres',
    async query<T>() {
      const a = answer();
      if (a instanceof Error) throw a;
      return [{ lsn: a }] as T[];
    },
    transaction: () => Promise.reject(new Error('not here')),
    exec: async () => {},
    copyFrom: async () => {},
    close: async () => {},
  };
}

describe('read routing (hot standby, DATABASE_READ_URL)', () => {
  it('reads a pg_lsn as its byte position, ordered as PostgreSQL orders them', () => {
    expect(lsnBytes('0/0')).toBe(0n);
    expect(lsnBytes('16/B374D848')).toBe(0x16b374d848n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => {
        const text = `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
        return lsnBytes(text) === n;
      }),
    );
  });

  it('without a standby every read is the primary’s', async () => {
    const primary = fakeDb(() => '0/10');
    expect(await primaryOnly(primary).dbFor('0/10')).toBe(primary);
  });

  it('a session that wrote reads the primary until the standby replayed past its write', async () => {
    let replayed = '0/100';
    const primary = fakeDb(() => '0/200');
    const standby = fakeDb(() => replayed);
    const router = readRouter(primary, standby, { maxLagBytes: 1 << 20, headTtlMs: 0 });
    expect(await router.dbFor(null)).toBe(standby); // no write known: within the lag bound
    expect(await router.dbFor('0/100')).toBe(standby);
    expect(await router.dbFor('0/180')).toBe(primary);
    replayed = '0/180';
    expect(await router.dbFor('0/180')).toBe(standby);
  });

  it('falls back to the primary beyond the lag bound, when the standby is down, or is no standby', async () => {
    let replayed: string | null | Error = '0/0';
    const primary = fakeDb(() => '1/0');
    const standby = fakeDb(() => replayed);
    const router = readRouter(primary, standby, { maxLagBytes: 1024, headTtlMs: 0, retryAfterMs: 0 });
    expect(await router.dbFor(null)).toBe(primary); // 4 GB behind
    replayed = '0/FFFFFC00';
    expect(await router.dbFor(null)).toBe(standby); // exactly 1 KB behind
    replayed = new Error('connect ECONNREFUSED');
    expect(await router.dbFor(null)).toBe(primary);
    replayed = null; // promoted or a primary by mistake: pg_last_wal_replay_lsn() is NULL
    expect(await router.dbFor(null)).toBe(primary);
  });
});
