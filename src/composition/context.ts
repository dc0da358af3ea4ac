import type { Db } from '../db/client.ts';
import { openDb } from '../db/client.ts';
import { primaryOnly, readRouter } from '../db/read-routing.ts';
import { migrate } from '../db/migrate.ts';
import { loadConfig, type Config } from '../kernel/config.ts';
import { PiiVault } from '../kernel/pii.ts';
import type { AppContext } from '../kernel/context.ts';
import { useAuditKey } from '../modules/audit/index.ts';
import { seedCatalogs } from '../modules/catalog/index.ts';
import { seedPolicy } from '../modules/subsidy/index.ts';
import { seedTargets } from '../modules/reporting/index.ts';
import { seedProgrammes } from '../modules/programmes/index.ts';
import { seedCredentialMappings } from '../modules/evaluation/index.ts';
import { smsSender } from '../modules/notify/index.ts';
import { jobQueue } from '../workflows/queue.ts';

export type { AppContext };

/**
 * Opens the configured database, applies migrations and seeds the reference catalogs and the
 * default policy. Safe to repeat: a second start changes nothing.
 */
export async function openContext(
  config: Config = loadConfig(),
  opts: { memory?: boolean; db?: Db } = {},
): Promise<AppContext> {
  useAuditKey(config.auditKey);
  const db =
    opts.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: opts.memory }));
  try {
    await migrate(db);
    await seedCatalogs(db);
    await seedPolicy(db);
    await seedTargets(db);
    await seedProgrammes(db);
    await seedCredentialMappings(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  // The standby is never migrated nor seeded: it replays what the primary did.
  const readDb = config.databaseReadUrl
    ? readRouter(db, await openDb({ databaseUrl: config.databaseReadUrl, replica: true }), {
        maxLagBytes: config.readMaxLagBytes,
      })
    : primaryOnly(db);
  return {
    config,
    db,
    readDb,
    vault: new PiiVault(config.piiKey),
    sms: smsSender(config.sms, config.smsOutbox),
    // Connects to pg-boss only when first used (tests that queue nothing pay nothing).
    queue: jobQueue(db, config.databaseUrl),
  };
}
