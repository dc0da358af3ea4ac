import { openContext } from './context.ts';
import { loadDemo } from './demo.ts';
import { assertPublicUrlServable, loadConfig } from '../kernel/config.ts';
import { buildApp } from './app.ts';
import { jobRunner } from '../workflows/jobs.ts';

/** Starts the server; on PGlite it holds the data directory's lock until it stops. */
export async function startServer(opts: { port?: number; demo?: boolean }) {
  const config = loadConfig();
  assertPublicUrlServable(config);
  const ctx = await openContext(config);
  if (opts.demo) await loadDemo(ctx, (s) => console.log(s), { scale: config.demoScale });
  const app = await buildApp(ctx, { logger: true });
  const port = opts.port ?? config.port;
  await app.listen({ port, host: config.host });
  console.log(
    `技能 Jineng 已启动 / running: http://localhost:${port}  (API 文档 / docs: http://localhost:${port}/docs; 数据库 / database: ${ctx.db.kind})`,
  );
  // Scheduled jobs (daily settlement): in this process unless JINENG_JOBS=off (then `jineng worker` runs them).
  const runner = config.runJobs ? jobRunner(ctx, (s) => app.log.info(s)) : null;
  await runner?.start();
  // Queued work (imports, detection, monthly reports) is taken from now on, not only after this process queues some.
  if (config.runJobs) await ctx.queue.start();
  if (runner)
    console.log(`定时任务 / scheduled jobs: ${runner.kind}, settlement cron "${config.settleCron}" (Asia/Shanghai)`);
  const stop = async () => {
    await runner?.stop();
    await app.close();
    await ctx.readDb.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
