import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian puts the PostgreSQL binaries of the newest installed major version (null: none). */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions.at(-1)!, 'bin') : null;
}

/**
 * Why a real standby cannot be started here (null: it can): it needs PostgreSQL (DATABASE_URL), its
 * binaries, and root to run them as the `postgres` user.
 */
export function standbyUnavailable(): string | null {
  if (!process.env.DATABASE_URL) return 'no DATABASE_URL (PGlite run)';
  if (!pgBinDir()) return 'no PostgreSQL binaries under /usr/lib/postgresql';
  if (process.getuid?.() !== 0) return 'not root (the standby runs as the postgres user)';
  return null;
}

export interface Standby {
  port: number;
  dataDir: string;
  /** `databaseUrl` with the standby's port (same user and database). */
  urlFor(databaseUrl: string): string;
  /** Waits until the standby has replayed the primary's WAL up to now. */
  catchUp(primaryUrl: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A hot standby of the primary at `primaryUrl`, on this machine: `pg_basebackup -R` into a temporary
 * directory owned by postgres, its own small postgresql.conf and pg_hba.conf (Debian keeps the
 * primary's in /etc), started with pg_ctl on a free port. Needs a `replication` line in the
 * primary's pg_hba.conf for 127.0.0.1 (.ci/run adds it).
 */
export async function startStandby(primaryUrl: string): Promise<Standby> {
  const bin = pgBinDir()!;
  const primary = new URL(primaryUrl);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-standby-'));
  const dataDir = path.join(root, 'data');
  fs.chmodSync(root, 0o700);
  await run('chown', ['postgres:postgres', root]);
  const asPostgres = (cmd: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]);
  let started = false;
  const stop = async () => {
    if (started) await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    started = false;
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await asPostgres('pg_basebackup', [
      ...['-h', primary.hostname, '-p', primary.port || '5432', '-U', 'postgres'],
      ...['-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'], // a throw-away copy: no fsync
    ]);
    const port = await freePort(5433);
    // A hot standby must allow at least as many connections, workers and locks as its primary.
    const mustMatch = await primarySettings(primaryUrl, [
      'max_connections',
      'max_worker_processes',
      'max_wal_senders',
      'max_prepared_transactions',
      'max_locks_per_transaction',
    ]);
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${root}'`,
      'hot_standby = on',
      'hot_standby_feedback = on',
      'shared_buffers = 32MB',
      'fsync = off', // a throw-away test cluster
      ...Object.entries(mustMatch).map(([k, v]) => `${k} = ${v}`),
    ];
    fs.writeFileSync(path.join(dataDir, 'postgresql.conf'), `${conf.join('\n')}\n`);
    fs.writeFileSync(
      path.join(dataDir, 'pg_hba.conf'),
      'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
    );
    fs.writeFileSync(path.join(dataDir, 'pg_ident.conf'), '');
    await run('chown', ['-R', 'postgres:postgres', root]);
    await asPostgres('pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-t', '120', 'start']);
    started = true;
    const urlFor = (databaseUrl: string) => {
      const u = new URL(databaseUrl);
      u.port = String(port);
      return u.toString();
    };
    return {
      port,
      dataDir,
      urlFor,
      stop,
      async catchUp(url: string, timeoutMs = 30_000) {
        const [{ lsn }] = await sql<{ lsn: string }>(url, 'SELECT pg_current_wal_lsn()::text AS lsn');
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [{ done }] = await sql<{ done: boolean }>(
            urlFor(url),
            'SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true) AS done',
            [lsn],
          ).catch(() => [{ done: false }]);
          if (done) return;
          if (Date.now() > deadline) throw new Error(`standby on port ${port} did not replay up to ${lsn}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    };
  } catch (e) {
    const log = path.join(root, 'server.log');
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`could not start a standby: ${(e as Error).message}\n${tail}`);
  }
}

/** One statement on a short-lived connection. */
export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function primarySettings(url: string, names: string[]): Promise<Record<string, string>> {
  const rows = await sql<{ name: string; setting: string }>(
    url,
    'SELECT name, setting FROM pg_settings WHERE name = ANY($1)',
    [names],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/** The first port from `from` nobody listens on (several checkouts may run standbys side by side). */
async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}
