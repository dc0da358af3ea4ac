import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE } from '../src/composition/demo.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { testContext } from './support/context.ts';

// Deadlocks need two connections: PostgreSQL only (embedded PGlite has one).
describe.skipIf(!process.env.DATABASE_URL)('an import and another writer deadlocking on the same events', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, DEMO_BUNDLE, { actor: 'test', vault: ctx.vault });
  });
  afterAll(async () => {
    await ctx.drop();
  });

  it('the import batch chosen as the deadlock victim runs again and stores nothing twice', async () => {
    const lines = fs.readFileSync(path.join(DEMO_BUNDLE, 'attendance.csv'), 'utf8').trim().split(/\r?\n/);
    // Two new events: demo rows with check-out 11 s later.
    const [e1, e2] = lines
      .slice(1, 3)
      .map((l) => l.split(',').map((v, j) => (j === 4 ? v.replace(':00+08:00', ':11+08:00') : v)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadlock-'));
    fs.writeFileSync(path.join(dir, 'attendance.csv'), [lines[0], e1.join(','), e2.join(',')].join('\n') + '\n');
    const insert = `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
    const params = (e: string[]) => [
      e[0],
      Number(e[1]),
      ctx.vault.blindIndex(e[2]),
      e[3],
      e[4],
      e[5],
      e[6] || null,
      e[7] || null,
      e[8] || null,
      e[9] || null,
    ];

    // The other writer (a device's batch, say) holds e2 and will want e1; it waits longest before
    // checking for a deadlock, so the import's transaction is the one PostgreSQL rolls back.
    const other = new pg.Client({ connectionString: ctx.dbUrl });
    await other.connect();
    await other.query(`BEGIN; SET LOCAL deadlock_timeout = '10s'`);
    await other.query(insert, params(e2));
    const importing = importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    const watcher = new pg.Client({ connectionString: ctx.dbUrl });
    await watcher.connect();
    for (let i = 0; ; i++) {
      // until the import waits for e2
      const [{ n }] = (
        await watcher.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows;
      if (n > 0) break;
      if (i > 200) throw new Error('the import never waited for the other writer');
      await new Promise((r) => setTimeout(r, 25));
    }
    await other.query(insert, params(e1)); // waits for the import until PostgreSQL breaks the cycle
    await other.query('COMMIT');
    await watcher.end();
    await other.end();

    const r = await importing; // without a retry, the deadlock error ends the import
    expect(r.files[0]).toMatchObject({ rows: 2, inserted: 0, unchanged: 2, errors: 0 });
    for (const e of [e1, e2]) {
      const [{ n }] = await ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM attendance WHERE person_key = $1 AND check_out_at = $2::timestamptz',
        [ctx.vault.blindIndex(e[2]), e[4]],
      );
      expect(n).toBe(1);
    }
  }, 30_000);
});
