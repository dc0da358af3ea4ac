import os from 'node:os';
import PgBoss from 'pg-boss';
import type { Db } from '../db/client.ts';
import { newId } from '../kernel/ids.ts';
import type { Enqueued, JobHandler, JobProgress, JobQueue } from '../kernel/queue.ts';
import {
  claimQueuedJob,
  failQueuedJob,
  finishQueuedJob,
  insertQueuedJob,
  setQueuedJobProgress,
} from '../modules/operations/index.ts';

/** Progress is written at most this often (ms): a large import reports thousands of times. */
const PROGRESS_EVERY_MS = 500;

/** This process, as `queued_jobs.worker` names it. */
const WORKER_NAME = `${os.hostname()}:${process.pid}`;

/**
 * Runs one delivery of a job: claims its row (a job already done is not run again), runs the
 * handler with a throttled progress reporter, records the output or the failure. Rethrows a
 * failure so that the queue retries it.
 */
async function runOnce(db: Db, h: JobHandler, jobId: string, data: unknown, log: (s: string) => void) {
  const claim = await claimQueuedJob(db, jobId, WORKER_NAME);
  if (!claim) return null;
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  const progress = (p: JobProgress) => {
    if (Date.now() - last < PROGRESS_EVERY_MS) return;
    last = Date.now();
    pending = setQueuedJobProgress(db, jobId, p).catch(() => {});
  };
  try {
    const out = await h.run(data, {
      id: jobId,
      attempt: claim.attempts,
      last: claim.attempts > h.retryLimit,
      progress,
    });
    await pending;
    await finishQueuedJob(db, jobId, out);
    return out;
  } catch (e) {
    await pending;
    const message = e instanceof Error ? e.message : String(e);
    const final = claim.attempts > h.retryLimit;
    log(`后台任务失败 / job ${h.kind} ${jobId} failed (attempt ${claim.attempts}${final ? ', last' : ''}): ${message}`);
    await failQueuedJob(db, jobId, message, final).catch(() => {});
    throw e;
  }
}

/**
 * Creates a pg-boss queue unless it exists, one process at a time: pg-boss 10's `create_queue`
 * deadlocks when two processes create queues at once (two workers starting together). The lock is
 * a transaction-scoped advisory lock held on our own connection while pg-boss works on its own.
 */
export async function createQueueOnce(db: Db, boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(name)) return;
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('jineng:pgboss-create-queue'))`);
    if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
  });
}

/** What travels in the queue: our job's id and the kind's data (the row holds status and output). */
interface Envelope {
  jobId: string;
  data: unknown;
}

/**
 * On PostgreSQL: pg-boss queues (schema `pgboss`), one per kind, `stately` so that a job id sent
 * twice is queued once. Any number of processes work them; pg-boss hands each job to one worker
 * (SKIP LOCKED), retries a failed attempt and, after `expireInSeconds`, one whose worker died.
 */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss';
  private boss: PgBoss;
  private started: Promise<void> | null = null;
  private handlers: JobHandler[] = [];
  private workers = new Map<string, string>();
  constructor(
    private db: Db,
    connectionString: string,
    private log: (s: string) => void = console.log,
  ) {
    // Maintenance finds expired attempts (dead workers) every 2 minutes; JINENG_QUEUE_MAINTENANCE_SECONDS sets it.
    const maintenanceIntervalSeconds = Number(process.env.JINENG_QUEUE_MAINTENANCE_SECONDS) || 120;
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, maintenanceIntervalSeconds });
    this.boss.on('error', (e) => this.log(`任务队列错误 / job queue error: ${e.message}`));
  }

  handle(handlers: JobHandler[]) {
    this.handlers = handlers;
  }

  /** Starts pg-boss (installing its schema the first time) and this process's workers. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      for (const h of this.handlers) {
        await this.ensureQueue(h.kind, h);
        const workerId = await this.boss.work<Envelope>(
          h.kind,
          { batchSize: h.batchSize ?? 1, pollingIntervalSeconds: 1 },
          async (jobs) => {
            const out: unknown[] = [];
            for (const j of jobs) out.push(await runOnce(this.db, h, j.data.jobId, j.data.data, this.log));
            // Work left? Fetch again at once rather than after the polling interval.
            this.boss.notifyWorker(workerId);
            return jobs.length === 1 ? out[0] : undefined;
          },
        );
        this.workers.set(h.kind, workerId);
      }
    })();
    return this.started;
  }

  private known = new Set<string>();
  private async ensureQueue(name: string, h?: JobHandler) {
    if (this.known.has(name)) return;
    await createQueueOnce(this.db, this.boss, name, {
      name,
      policy: 'stately',
      retryLimit: h?.retryLimit ?? 2,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: h?.expireInSeconds ?? 3600,
    });
    this.known.add(name);
  }

  async enqueue(kind: string, data: unknown, opts: { actor: string; key?: string }): Promise<Enqueued> {
    await this.start();
    const h = this.handlers.find((x) => x.kind === kind);
    const { id, existing } = await insertQueuedJob(this.db, { id: newId(), kind, key: opts.key, actor: opts.actor });
    if (existing) return { jobId: id, existing };
    await this.ensureQueue(kind, h);
    // The job's id is its singleton key: sending it again (a retried request) queues nothing more.
    await this.boss.send(kind, { jobId: id, data } satisfies Envelope, {
      singletonKey: id,
      ...(h ? { retryLimit: h.retryLimit, expireInSeconds: h.expireInSeconds } : {}),
    });
    const w = this.workers.get(kind);
    if (w) this.boss.notifyWorker(w);
    return { jobId: id, existing: false };
  }

  async stop() {
    if (this.started) await this.started.catch(() => {});
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

/**
 * On PGlite (one process by design): jobs run in this process, one after another, with the same
 * claim, progress and retry as on PostgreSQL. A job queued before a restart is not resumed by
 * itself (`jineng` on PGlite is for demos and single-clerk use; the import page shows it queued).
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private handlers: JobHandler[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  constructor(
    private db: Db,
    private log: (s: string) => void = console.log,
  ) {}
  handle(handlers: JobHandler[]) {
    this.handlers = handlers;
  }
  async start() {}
  async enqueue(kind: string, data: unknown, opts: { actor: string; key?: string }): Promise<Enqueued> {
    const { id, existing } = await insertQueuedJob(this.db, { id: newId(), kind, key: opts.key, actor: opts.actor });
    const h = this.handlers.find((x) => x.kind === kind);
    if (!existing && h) this.chain = this.chain.then(() => this.attempt(h, id, data));
    return { jobId: id, existing };
  }
  private async attempt(h: JobHandler, id: string, data: unknown): Promise<void> {
    for (let i = 0; i <= h.retryLimit; i++) {
      try {
        await runOnce(this.db, h, id, data, this.log);
        return;
      } catch {
        // recorded by runOnce; try again unless that was the last attempt
      }
    }
  }
  async stop() {
    await this.chain.catch(() => {});
  }
}

/** The queue that fits the database; nothing connects until it is used. */
export function jobQueue(db: Db, databaseUrl: string | undefined, log?: (s: string) => void): JobQueue {
  return db.kind === 'postgres' && databaseUrl ? new PgBossQueue(db, databaseUrl, log) : new InProcessQueue(db, log);
}
