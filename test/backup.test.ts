import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDb } from '../src/db/client.ts';
import { openContext, type AppContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { verifyAuditChain } from '../src/modules/audit/index.ts';
import { ledgerBalances } from '../src/modules/subsidy/index.ts';
import { freshDatabase } from './support/global-setup.ts';
import { testContext } from './support/context.ts';

const COUNTS = `SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM decisions)::int AS decisions,
  (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM ledger_entries)::int AS ledger`;

async function checks(ctx: AppContext) {
  return {
    chain: (await verifyAuditChain(ctx.db)).ok,
    ledger: (await ledgerBalances(ctx.db)).ok,
    counts: (await ctx.db.query(COUNTS))[0],
  };
}

describe('backup and restore (docs/operations.md)', () => {
  it('a dump restores to a database whose audit chain is intact, ledger balances and records match', async () => {
    const ctx = await testContext();
    await loadDemo(ctx);
    const before = await checks(ctx);
    expect(before).toMatchObject({ chain: true, ledger: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-backup-'));
    let restored: AppContext;
    let restoredName: string | null = null;
    if (ctx.dbUrl) {
      // PostgreSQL: pg_dump (custom format) and pg_restore into a new database.
      const file = path.join(dir, 'jineng.dump');
      execFileSync('pg_dump', ['--format=custom', `--file=${file}`, ctx.dbUrl]);
      restoredName = `jineng_restore_${process.pid}`;
      const target = await freshDatabase(process.env.DATABASE_URL!, restoredName);
      execFileSync('pg_restore', ['--no-owner', `--dbname=${target}`, file]);
      restored = await openContext(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: target }));
    } else {
      // Embedded: the data directory's dump, loaded into a new instance.
      const dump = await (
        ctx.db as unknown as { pglite: { dumpDataDir: (c?: string) => Promise<Blob> } }
      ).pglite.dumpDataDir('none');
      fs.writeFileSync(path.join(dir, 'jineng.tar'), Buffer.from(await dump.arrayBuffer()));
      const db = await openDb({ memory: true, loadDataDir: new Blob([fs.readFileSync(path.join(dir, 'jineng.tar'))]) });
      restored = await openContext(loadConfig({ NODE_ENV: 'test' }), { db });
    }
    expect(await checks(restored)).toEqual(before);
    await restored.db.close();
    if (restoredName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
      await admin.end();
    }
    await ctx.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
