import { actorName, type Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import type { AppContext } from '../kernel/context.ts';
import { Conflict, Invalid } from '../kernel/errors.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { jobRunning, recordJobRun } from '../modules/operations/index.ts';
import { runSettlement } from './settle.ts';

/** The settlement this process is running on demand, if any (one at a time per server). */
let running: Promise<unknown> | null = null;

/**
 * 立即结算: the province starts a settlement now rather than waiting for the nightly job — every
 * application filed up to `asOf` (default today, China time), by the same rules and code as the
 * night's run. It runs in the background and is recorded like a scheduled job (`settle-now` in
 * job_runs, on the operations page). It is refused while a settlement job runs in any process; and
 * even beside a CLI run it is safe: each decision is written once, and only the run that wrote it
 * commits money (settle-applications.ts).
 */
export async function startSettlementNow(
  ctx: AppContext,
  actor: Actor,
  input: { asOf?: string },
  clock: Clock = systemClock,
): Promise<{ asOf: string; started: true }> {
  const today = chinaDate(clock.now());
  const asOf = input.asOf ?? today;
  if (asOf > today)
    throw new Invalid('AS_OF_IN_FUTURE', '结算日期不能晚于今天', 'the settlement date cannot be after today', {
      field: 'asOf',
    });
  // One at a time: in this process, and across processes (the nightly job, a worker, another server).
  if (running || (await jobRunning(ctx.db, ['settle-now', 'settle-daily'])))
    throw new Conflict('SETTLEMENT_RUNNING', '已有一次结算正在进行，请稍后再试', 'a settlement is already running');
  await recordAudit(ctx.db, [
    { actor: actorName(actor), action: 'settlement.start', entity: 'settlement', entityId: asOf, after: { asOf } },
  ]);
  running = recordJobRun(ctx.db, 'settle-now', () => runSettlement(ctx, { asOf, actor: actorName(actor) }))
    .catch(() => {}) // recorded as failed in job_runs; the operations page shows it
    .finally(() => {
      running = null;
    });
  return { asOf, started: true };
}
