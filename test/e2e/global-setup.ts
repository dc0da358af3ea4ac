import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from '../support/global-setup.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
let server: ChildProcess | undefined;

/**
 * A port nobody listens on, from the system: a fixed range (3900–3989) collided with demo servers
 * started by hand, and the health check then answered from someone else's server.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Builds the web app and starts one real server (demo province loaded) for every browser test. */
export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `浏览器测试需要 Debian 的 Chromium：请运行 apt-get install chromium fonts-noto-cjk\nBrowser tests need Debian's Chromium at ${CHROMIUM}: run apt-get install chromium fonts-noto-cjk`,
    );
  }
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-e2e-'));
  // The SMS outbox the server appends to: tests read one-time codes from it (test/e2e/registration.test.ts).
  const smsOutbox = path.join(dataDir, 'sms-outbox.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    JINENG_LOG_LEVEL: 'warn',
    JINENG_DEMO_SCALE: 'example', // the browser tests read the worked example's records
    JINENG_DATA_DIR: dataDir,
    JINENG_SMS_OUTBOX: smsOutbox,
  };
  if (process.env.DATABASE_URL)
    env.DATABASE_URL = await freshDatabase(
      process.env.DATABASE_URL,
      `${process.env.JINENG_TEST_DB_PREFIX ?? 'jineng'}_e2e`,
    );
  server = spawn(process.execPath, ['bin/jineng.js', 'serve', '--demo'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  // Up to five minutes: on a loaded shared machine loading the demo alone took over two.
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  provide('baseUrl', base);
  provide('smsOutbox', smsOutbox);
  return async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  };
}
