import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { openContext, type AppContext } from '../../src/composition/context.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { withDb } from './global-setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate?: string;
    pgliteTemplate?: string;
  }
}

/**
 * A fresh, migrated database for one test file: a copy of the run's template, on PostgreSQL when
 * DATABASE_URL is set, else in-memory PGlite. `env`: configuration beyond the defaults (JINENG_MEDIA_S3_*).
 */
export async function testContext(
  env: NodeJS.ProcessEnv = {},
): Promise<AppContext & { dbUrl?: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const template = inject('pgTemplate');
  if (url && template) {
    const name = `jineng_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const dbUrl = withDb(url, name);
    const ctx = await openContext(loadConfig({ ...process.env, ...env, DATABASE_URL: dbUrl, NODE_ENV: 'test' }));
    return {
      ...ctx,
      dbUrl,
      drop: async () => {
        await ctx.db.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const file = inject('pgliteTemplate')!;
  const db = await openDb({ memory: true, loadDataDir: new Blob([fs.readFileSync(file)]) });
  const ctx = await openContext(loadConfig({ ...env, NODE_ENV: 'test' }), { db });
  return { ...ctx, drop: () => ctx.db.close() };
}
