import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/global-setup.ts';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { login } from '../src/modules/accounts/index.ts';
import { verifyAuditChain } from '../src/modules/audit/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs the real `jineng` CLI as a separate process, with `input` on its stdin (not a terminal). */
function jineng(args: string[], env: NodeJS.ProcessEnv, input: string) {
  const r = spawnSync(process.execPath, ['bin/jineng.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('jineng users add', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-users-'));
  // A fresh production install: real keys, no demo data.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    JINENG_DATA_DIR: path.join(work, 'data'),
    USER: 'ops',
    JINENG_PII_KEY: randomBytes(32).toString('base64'),
    JINENG_AUDIT_KEY: randomBytes(32).toString('base64'),
    JINENG_SESSION_SECRET: randomBytes(32).toString('hex'),
    JINENG_SIGNING_SEED: randomBytes(32).toString('base64'),
  };
  const add = ['users', 'add', '--role', 'province_admin', '--username', 'admin1', '--name', '省管理员'];
  beforeAll(async () => {
    if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, 'jineng_users_cli');
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('refuses a weak or published password with a bilingual message and creates nothing', () => {
    for (const password of ['short', 'Jineng@2025']) {
      const r = jineng(add, env, `${password}\n`);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toMatch(/密码.*\/ .*password/);
    }
  }, 300_000);

  it('creates the first administrator of a production install from a password on stdin, audited as the OS user', async () => {
    const r = jineng(add, env, 'S3cure-pass!x\n');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('account created: admin1');
    expect(r.out).not.toContain('S3cure-pass!x');
    expect(jineng(add, env, 'S3cure-pass!x\n').out).toMatch(/USERNAME_TAKEN/);
    const verified = jineng(['audit', 'verify'], env, '');
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/chain intact/);
    const ctx = await openContext(loadConfig({ ...env }));
    try {
      const s = await login(ctx.db, 'admin1', 'S3cure-pass!x', ctx.config);
      expect(s.actor.role).toBe('province_admin');
      const [audit] = await ctx.db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'user.create'`);
      expect(audit.actor).toBe('cli:ops');
      expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
    } finally {
      await ctx.db.close();
    }
  }, 300_000);
});
