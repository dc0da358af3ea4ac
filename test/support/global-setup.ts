import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/db/client.ts';
import { openContext } from '../../src/composition/context.ts';
import { loadConfig } from '../../src/kernel/config.ts';

/** Per checkout when several run side by side (JINENG_TEST_DB_PREFIX), else the one name CI uses. */
export const TEMPLATE_DB = `${process.env.JINENG_TEST_DB_PREFIX ?? 'jineng'}_test_template`;

/**
 * Migrates one template database per run; every test file then starts from a copy of it
 * (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: a dump of the migrated data directory).
 */
export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const ctx = await openContext(
      loadConfig({ ...process.env, DATABASE_URL: await freshDatabase(url, TEMPLATE_DB), NODE_ENV: 'test' }),
    );
    await ctx.db.close();
    provide('pgTemplate', TEMPLATE_DB);
  } else {
    const db = await openDb({ memory: true });
    const ctx = await openContext(loadConfig({ NODE_ENV: 'test' }), { db });
    const dump = await (db as unknown as { pglite: { dumpDataDir: (c?: string) => Promise<Blob> } }).pglite.dumpDataDir(
      'none',
    );
    const file = path.join(os.tmpdir(), `jineng-template-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await ctx.db.close();
    provide('pgliteTemplate', file);
  }
}

/** Drops and creates an empty database beside `baseUrl`'s; returns its URL. */
export async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return withDb(baseUrl, name);
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
