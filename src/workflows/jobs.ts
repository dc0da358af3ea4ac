import PgBoss from 'pg-boss';
import cronParser from 'cron-parser';
import type { AppContext } from '../kernel/context.ts';
import { chinaDate } from '../kernel/clock.ts';
import { runSettlement } from './settle.ts';
import { dashboard, generateWeeklyReminders } from '../modules/reporting/index.ts';
import { preparePartitions } from '../db/partitions.ts';
import { recordJobRun } from '../modules/operations/index.ts';
import { deliverQueuedSms, makeTimedNotices } from '../modules/notify/index.ts';
import { loadPolicy, ratioRules } from '../modules/subsidy/index.ts';
import { makeLiveReminders } from '../modules/learning/index.ts';
import { noticeAttendanceBelowPace } from './attendance-pace.ts';
import { createQueueOnce } from './queue.ts';

/** A scheduled piece of batch work. Handlers must be safe to run again (settlement resumes). */
export interface JobDefinition {
  name: string;
  cron: string;
  run: (ctx: AppContext, log: (s: string) => void) => Promise<unknown>;
}

/** The scheduled jobs' names, as the operations page shows them. */
export const JOB_NAMES = {
  'settle-daily': { zh: '每日结算', en: 'Daily settlement' },
  'reminders-weekly': { zh: '每周督促提醒', en: 'Weekly reminders' },
  'partitions-monthly': { zh: '月度分区', en: 'Monthly partitions' },
  'notices-sms': { zh: '短信发送', en: 'SMS delivery' },
  'notices-daily': { zh: '每日提醒消息', en: 'Daily notices' },
  'notices-live': { zh: '直播课提醒', en: 'Live class reminders' },
  'settle-now': { zh: '立即结算', en: 'Settlement on demand' },
};

/**
 * The platform's scheduled jobs. Daily settlement decides everything applied up to yesterday
 * (China time), exactly as `jineng settle --as-of` would; a rerun decides nothing twice. Weekly
 * reminders (督促提醒) go to cities and departments behind pace; a rerun in the week adds nothing.
 */
export function platformJobs(ctx: AppContext): JobDefinition[] {
  return recorded([
    {
      name: 'settle-daily',
      cron: ctx.config.settleCron,
      run: async (c, log) => {
        const asOf = chinaDate(new Date(Date.now() - 86_400_000));
        const r = await runSettlement(c, { asOf, actor: 'system:scheduler' });
        // Pre-count the dashboards the morning will open (the KPI cache keeps them until data changes).
        const today = chinaDate(new Date());
        for (const city of [
          null,
          ...(await c.db.query<{ code: string }>('SELECT code FROM catalog.cities ORDER BY code')).map((x) => x.code),
        ])
          await dashboard(c.db, today, city);
        log(
          `每日结算 / daily settlement as of ${asOf}: ${r.decided} decided (${r.approved} approved, ${r.rejected} rejected, ${r.review} review)`,
        );
        return r;
      },
    },
    {
      name: 'reminders-weekly',
      cron: ctx.config.remindersCron,
      run: async (c, log) => {
        const r = await generateWeeklyReminders(c.db, chinaDate(new Date()));
        log(`督促提醒 / weekly reminders for the week of ${r.weekOf}: ${r.created} new`);
        return r;
      },
    },
    {
      // Queued SMS go out here, never in a request: retried with backoff, held in quiet hours.
      name: 'notices-sms',
      cron: ctx.config.smsCron,
      run: async (c, log) => {
        const r = await deliverQueuedSms(c.db, c.sms);
        if (r.sent + r.retried + r.failed + r.held > 0)
          log(`短信 / SMS: ${r.sent} sent, ${r.retried} to retry, ${r.failed} failed, ${r.held} held for quiet hours`);
        return r;
      },
    },
    {
      // Class opening tomorrow, attendance below pace, confirmations due: a rerun adds nothing (event keys).
      name: 'notices-daily',
      cron: ctx.config.noticesCron,
      run: async (c, log) => {
        const policy = await loadPolicy(c.db, undefined, chinaDate(new Date()));
        const r = await makeTimedNotices(c.db);
        // The same ratio as the subsidy decision (blended with online time), so it is computed in training.
        const attendanceBelowPace = await noticeAttendanceBelowPace(c.db, {
          rules: ratioRules(policy.params),
          minPercent: policy.params.attendanceMinPercent,
        });
        log(
          `每日提醒 / daily notices: ${r.classOpening.notices} class opening, ${attendanceBelowPace.notices} attendance, ${r.confirmationDue.notices} confirmations`,
        );
        return { ...r, attendanceBelowPace };
      },
    },
    {
      // 直播课提醒: due a set time before each class (learning policy); a rerun adds nothing (event keys).
      name: 'notices-live',
      cron: ctx.config.liveRemindersCron,
      run: async (c, log) => {
        const r = await makeLiveReminders(c.db);
        if (r.notices > 0) log(`直播课提醒 / live class reminders: ${r.notices} notices, ${r.sms} SMS`);
        return r;
      },
    },
    {
      // Start-up prepares them too; this keeps a long-running deployment three months ahead.
      name: 'partitions-monthly',
      cron: '0 2 1 * *',
      run: async (c, log) => {
        const made = await preparePartitions(c.db, chinaDate(new Date()));
        log(`月度分区 / monthly partitions: ${made} created`);
        return { created: made };
      },
    },
  ]);
}

/** Every run's outcome goes to `job_runs`, whichever runner runs it (monitoring alerts on failures). */
const recorded = (jobs: JobDefinition[]): JobDefinition[] =>
  jobs.map((j) => ({ ...j, run: (c, log) => recordJobRun(c.db, j.name, () => j.run(c, log)) }));

export interface JobRunner {
  readonly kind: 'pg-boss' | 'in-process';
  start(): Promise<void>;
  /** Runs a job now (enqueued like a scheduled run) and resolves when it has finished. */
  trigger(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * On PostgreSQL, pg-boss: schedules live in the database, any number of worker processes share
 * the queue, and each cron tick runs once across all of them.
 */
export class PgBossRunner implements JobRunner {
  readonly kind = 'pg-boss';
  private boss: PgBoss;
  constructor(
    private ctx: AppContext,
    private jobs: JobDefinition[],
    private log: (s: string) => void = console.log,
  ) {
    this.boss = new PgBoss({ connectionString: ctx.config.databaseUrl!, schema: 'pgboss', max: 3 });
    this.boss.on('error', (e) => log(`任务队列错误 / job queue error: ${e.message}`));
  }
  async start() {
    await this.boss.start();
    for (const j of this.jobs) {
      await createQueueOnce(this.ctx.db, this.boss, j.name, {
        name: j.name,
        policy: 'singleton',
        retryLimit: 2,
        retryDelay: 60,
        expireInSeconds: 4 * 3600,
      });
      await this.boss.schedule(j.name, j.cron, {}, { tz: 'Asia/Shanghai' });
      await this.boss.work(j.name, { pollingIntervalSeconds: 2 }, async () => j.run(this.ctx, this.log));
    }
  }
  async trigger(name: string) {
    const id = await this.boss.send(name, {});
    if (!id) throw new Error(`${name} is already queued`);
    for (;;) {
      const job = await this.boss.getJobById(name, id, { includeArchive: true });
      if (job?.state === 'completed') return job.output;
      if (job?.state === 'failed') throw new Error(`${name} failed: ${JSON.stringify(job.output)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  async stop() {
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

/** On PGlite (one process by design), a timer in the server process runs each job at its cron time. */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process';
  private timer: NodeJS.Timeout | null = null;
  private next = new Map<string, number>();
  private running: Promise<unknown> = Promise.resolve();
  constructor(
    private ctx: AppContext,
    private jobs: JobDefinition[],
    private log: (s: string) => void = console.log,
  ) {}
  private nextRun(cron: string, from: Date) {
    return cronParser.parseExpression(cron, { currentDate: from, tz: 'Asia/Shanghai' }).next().getTime();
  }
  async start() {
    for (const j of this.jobs) this.next.set(j.name, this.nextRun(j.cron, new Date()));
    this.timer = setInterval(() => void this.tick(), 30_000);
    this.timer.unref();
  }
  private async tick() {
    for (const j of this.jobs) {
      if (Date.now() < this.next.get(j.name)!) continue;
      this.next.set(j.name, this.nextRun(j.cron, new Date()));
      await this.trigger(j.name).catch((e) => this.log(`任务失败 / job ${j.name} failed: ${e.message}`));
    }
  }
  /** Jobs run one after another, never two at once. */
  trigger(name: string) {
    const j = this.jobs.find((x) => x.name === name);
    if (!j) return Promise.reject(new Error(`unknown job ${name}`));
    const run = this.running.then(() => j.run(this.ctx, this.log));
    this.running = run.catch(() => undefined);
    return run;
  }
  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

export function jobRunner(ctx: AppContext, log?: (s: string) => void): JobRunner {
  const jobs = platformJobs(ctx);
  return ctx.db.kind === 'postgres' ? new PgBossRunner(ctx, jobs, log) : new InProcessRunner(ctx, jobs, log);
}
