import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';
import { preparePartitions } from './partitions.ts';
import { chinaDate } from '../kernel/clock.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies drizzle-kit's generated migrations through the app's own client (drizzle-kit cannot
 * open PGlite). Reads drizzle's journal, records each applied file with its checksum, refuses a
 * file that changed after it was applied. A second run applies nothing. On PostgreSQL an advisory
 * lock lets several processes start at once. Then it prepares the coming months' partitions.
 */
export async function migrate(db: Db): Promise<{ applied: string[] }> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727100)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      tag text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await tx.query<{ tag: string; checksum: string }>('SELECT tag, checksum FROM schema_migrations')).map((r) => [
        r.tag,
        r.checksum,
      ]),
    );
    const applied: string[] = [];
    for (const { tag } of journal.entries) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, `${tag}.sql`), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const seen = done.get(tag);
      if (seen) {
        if (seen !== checksum)
          throw new Error(`migration ${tag} was changed after it was applied; add a new migration instead`);
        continue;
      }
      for (const statement of sql.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.exec(statement);
      }
      await tx.query('INSERT INTO schema_migrations (tag, checksum) VALUES ($1, $2)', [tag, checksum]);
      applied.push(tag);
    }
    // Under the same lock: this month's and the next three months' partitions exist before any write.
    await preparePartitions(tx, chinaDate(new Date()));
    return { applied };
  });
}
