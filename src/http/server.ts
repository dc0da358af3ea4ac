import { openContext } from '../app/context.ts';
import { loadDemo } from '../app/demo.ts';
import { loadConfig } from '../kernel/config.ts';
import { buildApp } from './app.ts';

/** Starts the server; on PGlite it holds the data directory's lock until it stops. */
export async function startServer(opts: { port?: number; demo?: boolean }) {
  const config = loadConfig();
  const ctx = await openContext(config);
  if (opts.demo) await loadDemo(ctx, (s) => console.log(s));
  const app = await buildApp(ctx, { logger: true });
  const port = opts.port ?? config.port;
  await app.listen({ port, host: config.host });
  console.log(`技能 Jineng 已启动 / running: http://localhost:${port}  (API 文档 / docs: http://localhost:${port}/docs; 数据库 / database: ${ctx.db.kind})`);
  const stop = async () => {
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
