import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The one database handle every module receives. It speaks plain parameterised SQL ($1, $2 …)
 * on both engines: embedded PGlite (default, one process per data directory) and PostgreSQL
 * (`DATABASE_URL`). Repositories hold the SQL; nothing else does.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** A hot standby (DATABASE_READ_URL): reads only; see read-routing.ts. */
  readonly replica?: boolean;
  /**
   * `opts.name` makes it a named prepared statement on PostgreSQL: parsed and planned once per
   * connection (a generic plan, built on its first use and reused), for a hot statement whose
   * planning costs more than its run (settlement's attendance read over 37 partitions). The text
   * under one name must never change. PGlite ignores the name.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Runs `fn` in one transaction; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
  /** Bulk load CSV text (RFC 4180, empty unquoted = NULL) into a table with COPY. */
  copyFrom(table: string, columns: string[], csv: string): Promise<void>;
  close(): Promise<void>;
}

// Dates stay 'YYYY-MM-DD' strings (no time-zone shifts); int8 become numbers (counts, fen).
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
pg.types.setTypeParser(1182 as never, (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',')));

export interface QueryOptions {
  /** A statement name, unique in the code base (see `Db.query`). */
  name?: string;
}

/**
 * A named statement runs under a generic plan from its first execution: with the default
 * plan_cache_mode PostgreSQL plans it anew for its first five runs on each connection, and a pool
 * of ten connections would then plan it most of the times a settlement runs it. Outside a
 * transaction named statements go to a small pool of their own whose sessions have that setting
 * (unnamed statements are planned per run whatever it says; nothing else runs there, so trigger
 * functions' plans elsewhere are untouched). In the caller's transaction SET LOCAL sets it for the
 * one statement and puts it back.
 */
const GENERIC_PLAN = 'SET LOCAL plan_cache_mode = force_generic_plan';
const DEFAULT_PLAN = 'SET LOCAL plan_cache_mode TO DEFAULT';

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Hold the data directory's lock (a server, or a CLI working alone). Default true. */
  lock?: boolean;
  /** Open an in-memory PGlite (tests). */
  memory?: boolean;
  /** Restore from a PGlite dump (tests: a migrated template). */
  loadDataDir?: Blob;
  /** `databaseUrl` names a hot standby: read-only, and give up connecting quickly (the primary serves instead). */
  replica?: boolean;
}

export class DatabaseLockedError extends Error {}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.replica ?? false);
  return openPglite(opts);
}

async function openPostgres(url: string, replica: boolean): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.JINENG_PG_POOL ?? 10),
    ...(replica ? { connectionTimeoutMillis: 2000 } : {}),
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  let preparedPool: pg.Pool | null = null;
  const prepared = () => {
    if (!preparedPool) {
      preparedPool = new pg.Pool({
        connectionString: url,
        max: 2,
        options: '-c plan_cache_mode=force_generic_plan',
        ...(replica ? { connectionTimeoutMillis: 2000 } : {}),
      });
      preparedPool.on('error', () => {});
    }
    return preparedPool;
  };
  const wrap = (client: pg.Pool | pg.PoolClient, inTx: boolean): Db => ({
    kind: 'postgres',
    replica,
    async query<T>(text: string, params?: unknown[], opts?: QueryOptions) {
      if (!opts?.name) {
        const r = await client.query(text, params as unknown[]);
        return r.rows as T[];
      }
      const named = { name: opts.name, text, values: params as unknown[] };
      if (inTx) {
        // In the caller's transaction: the setting is put back for what follows.
        await client.query(GENERIC_PLAN);
        const r = await client.query(named);
        await client.query(DEFAULT_PLAN);
        return r.rows as T[];
      }
      const r = await prepared().query(named);
      return r.rows as T[];
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTx) return fn(wrap(client, true)); // nested: join the outer transaction
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(wrap(c, true));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    async exec(text: string) {
      await client.query(text);
    },
    async copyFrom(table: string, columns: string[], csv: string) {
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT csv)`));
        await pipeline(Readable.from([csv]), stream);
      };
      if (inTx) return run(client as pg.PoolClient);
      const c = await pool.connect();
      try {
        await run(c);
      } finally {
        c.release();
      }
    },
    async close() {
      if (inTx) return;
      await pool.end();
      await preparedPool?.end();
    },
  });
  return wrap(pool, false);
}

async function openPglite(opts: OpenOptions): Promise<Db> {
  let release = () => {};
  let dataDir: string | undefined;
  if (!opts.memory) {
    dataDir = path.resolve(opts.dataDir ?? './.data');
    fs.mkdirSync(dataDir, { recursive: true });
    if (opts.lock !== false) release = acquireLock(dataDir);
  }
  const parsers = {
    [DATE_OID]: (v: string) => v,
    [INT8_OID]: (v: string) => Number(v),
    [NUMERIC_OID]: (v: string) => v,
  };
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, parsers, loadDataDir: opts.loadDataDir });
  } catch (e) {
    release();
    throw e;
  }
  const wal = walGuard(client);
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }, inTx: boolean): Db => ({
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const r = await q.query<T>(text, params as unknown[]);
      if (!inTx) await wal.afterStatement();
      return r.rows;
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTx) return fn(wrap(q, true));
      const out = await client.transaction((tx) => fn(wrap(tx as unknown as PGlite, true)));
      await wal.afterStatement();
      return out;
    },
    async exec(text: string) {
      await q.exec(text);
    },
    async copyFrom(table: string, columns: string[], csv: string) {
      await q.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
      if (!inTx) await wal.afterStatement();
    },
    async close() {
      if (inTx) return;
      await client.close();
      release();
    },
  });
  const db = wrap(client, false);
  (db as Db & { pglite: PGlite }).pglite = client;
  return db;
}

/**
 * One process per PGlite data directory: a second one would corrupt it. The lock file names the
 * holder's pid; a stale lock (dead pid) is taken over.
 */
function acquireLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'jineng.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `内嵌数据库 ${dataDir} 正被进程 ${holder} 使用（可能是正在运行的服务器）。请先停止它，或设置 DATABASE_URL 使用 PostgreSQL。\n` +
            `The embedded database ${dataDir} is held by process ${holder} (probably a running server). ` +
            'Stop it first, or set DATABASE_URL to use PostgreSQL.',
        );
      }
      fs.unlinkSync(lockFile); // stale
    }
  }
  throw new DatabaseLockedError(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Statements or transactions between two looks at the WAL, and the WAL kept before a checkpoint. */
const WAL_LOOK_EVERY = 200;
const WAL_CHECKPOINT_BYTES = 256 * 1024 * 1024;

/**
 * PGlite runs PostgreSQL as one backend with no checkpointer, and it never checkpoints on its own:
 * the WAL only grows — 11 GB of 22 GB on disk after a province import, and in memory (tests, the
 * demo) it is held in the process (bench/RESULTS.md, session 15). So every WAL_LOOK_EVERY top-level
 * statements or transactions this looks at the WAL written since the last checkpoint's redo point
 * and checkpoints past WAL_CHECKPOINT_BYTES, which lets PostgreSQL recycle the old segments.
 */
function walGuard(client: PGlite) {
  let writes = 0;
  let busy = false;
  return {
    async afterStatement() {
      if (++writes % WAL_LOOK_EVERY !== 0 || busy) return;
      busy = true;
      try {
        const [r] = (
          await client.query<{ bytes: number }>(
            'SELECT (pg_current_wal_insert_lsn() - (pg_control_checkpoint()).redo_lsn)::float8 AS bytes',
          )
        ).rows;
        if (r && r.bytes > WAL_CHECKPOINT_BYTES) await client.exec('CHECKPOINT');
      } finally {
        busy = false;
      }
    },
  };
}
