import type { Db } from '../db/client.ts';
import type { ReadRouter } from '../db/read-routing.ts';
import type { Config } from './config.ts';
import type { PiiVault } from './pii.ts';
import type { SmsSender } from './sms.ts';
import type { JobQueue } from './queue.ts';

/** What every entry point (server, CLI, tests) works with; opened by `composition/context.ts`. */
export interface AppContext {
  config: Config;
  db: Db;
  /**
   * Where routes that declare `reads: 'standby'` read: the hot standby when it has what the caller
   * wrote, else `db`. Without DATABASE_READ_URL always `db`.
   */
  readDb: ReadRouter;
  vault: PiiVault;
  /** The SMS channel (file outbox unless a provider is configured). */
  sms: SmsSender;
  /** Where the API queues work for workers (imports, detection, monthly reports). */
  queue: JobQueue;
}
