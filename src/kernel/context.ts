import type { Db } from '../db/client.ts';
import type { Config } from './config.ts';
import type { PiiVault } from './pii.ts';
import type { SmsSender } from './sms.ts';
import type { JobQueue } from './queue.ts';

/** What every entry point (server, CLI, tests) works with; opened by `composition/context.ts`. */
export interface AppContext {
  config: Config;
  db: Db;
  vault: PiiVault;
  /** The SMS channel (file outbox unless a provider is configured). */
  sms: SmsSender;
  /** Where the API queues work for workers (imports, detection, monthly reports). */
  queue: JobQueue;
}
