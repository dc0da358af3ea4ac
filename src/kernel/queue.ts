/**
 * The work queue as the API sees it: routes enqueue and report progress, workers run the jobs
 * (src/workflows/queue.ts: pg-boss on PostgreSQL, in-process on PGlite, the same interface).
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  /**
   * Queues a job of `kind` for the audit name `actor`. With a `key`, a job of the same kind and key
   * that is still queued or running is returned instead of a new one (it must not run twice).
   */
  enqueue(kind: string, data: unknown, opts: { actor: string; key?: string }): Promise<Enqueued>;
  /** This process works the queue with these handlers (a worker, or `serve` unless JINENG_JOBS=off). */
  handle(handlers: JobHandler[]): void;
  /** Starts working now (otherwise at the first enqueue of this process); no-op without handlers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How a worker runs one kind of job. `run` must be safe to repeat: a crashed attempt is retried. */
export interface JobHandler {
  kind: string;
  /** Retries after the first attempt fails (or its worker dies and the attempt expires). */
  retryLimit: number;
  /** An attempt running longer than this is taken for dead and retried. */
  expireInSeconds: number;
  /** How many jobs a worker takes at once (cheap jobs: more; heavy jobs: 1, so workers share them). */
  batchSize?: number;
  run(data: unknown, job: RunningJob): Promise<unknown>;
}

export interface RunningJob {
  id: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** No retry follows if this attempt fails (clean up what only a retry would need). */
  last: boolean;
  /** Reports progress (written at most twice a second). */
  progress(p: JobProgress): void;
}

export interface Enqueued {
  jobId: string;
  /** true: an equal job was already queued or running; this is its id. */
  existing: boolean;
}

/** What a running job reports (shown as a progress bar). */
export interface JobProgress {
  done: number;
  total: number;
  /** What is counted, e.g. 'bytes', 'rows', 'detectors'. */
  unit: string;
  /** The step under way, for people (e.g. the file being read). */
  step?: string;
}
