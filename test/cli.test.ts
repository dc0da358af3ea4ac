import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/global-setup.ts';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { addWorkingDays } from '../src/kernel/dates.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLE = path.join(ROOT, 'demo/small');

/** Runs the real `jineng` CLI as a separate process, as a clerk or another system would. */
function jineng(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const r = spawnSync(process.execPath, ['bin/jineng.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    input,
  });
  return { code: r.status, signal: r.signal, out: r.stdout + r.stderr };
}

function compare(expected: string, actual: string) {
  return spawnSync('python3', [path.join(ROOT, 'scripts/compare-csv.py'), expected, actual], { encoding: 'utf8' });
}

// Each test spawns CLI processes (about 2 s each to start, several times that on a loaded 2-core machine).
describe('the jineng command line', { timeout: 180_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-cli-'));
  const env: NodeJS.ProcessEnv = { JINENG_DATA_DIR: path.join(work, 'data') };
  beforeAll(async () => {
    if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, 'jineng_cli');
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('every command has --help', () => {
    for (const c of [
      [],
      ['import'],
      ['settle'],
      ['export'],
      ['serve'],
      ['audit', 'verify'],
      ['demo', 'load'],
      ['demo', 'generate'],
      ['migrate'],
      ['pay', 'batches'],
      ['pay', 'bank-file'],
      ['pay', 'return'],
      ['ledger'],
      ['detect'],
    ]) {
      const r = jineng([...c, '--help'], env);
      expect(r.code, c.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: jineng/);
    }
  });

  it('import writes the row-error report and exits 0 despite row errors', () => {
    const r = jineng(['import', path.join(EXAMPLE, 'bundle'), '--report', path.join(work, 'errors.csv')], env);
    expect(r.code, r.out).toBe(0);
    const lines = fs.readFileSync(path.join(work, 'errors.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,column,value,reason,message_zh,message_en');
    expect(lines).toHaveLength(12);
    expect(fs.readFileSync(path.join(work, 'errors.csv'), 'utf8')).not.toContain('320602199404218270'); // refused IDs are masked too
  });

  it("import --as an account applies that account's scope: a city officer's catalog file is refused whole", () => {
    const add = jineng(
      ['users', 'add', '--role', 'city_officer', '--username', 'cli_nanjing', '--name', '南京经办', '--city', '320100'],
      env,
      'Nanjing-Clerk-2027!\n',
    );
    expect(add.code, add.out).toBe(0);
    const dir = path.join(work, 'catalog');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'occupations.csv'),
      'code,name,sector,category,has_levels\n6-18-02-04,焊工（被改）,manufacturing,C,true\n',
    );
    const r = jineng(['import', dir, '--as', 'cli_nanjing', '--report', path.join(work, 'scope.csv')], env);
    expect(r.code, r.out).toBe(0);
    expect(fs.readFileSync(path.join(work, 'scope.csv'), 'utf8')).toContain('OUT_OF_SCOPE');
    const unknown = jineng(['import', dir, '--as', 'nobody'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.out).toContain('no such active account');
  });

  it('import keeps memory bounded on a file of bad rows: past 10,000 errors the report is read back from the database, complete', () => {
    const bad = path.join(work, 'bad-bundle');
    fs.mkdirSync(bad, { recursive: true });
    const rows = Array.from(
      { length: 10_050 },
      (_, i) => `BAD${String(i).padStart(15, '0')},张三,13900000000,320100,G1,0,2026-06-30`,
    );
    fs.writeFileSync(
      path.join(bad, 'persons.csv'),
      ['id_number,name,phone,city_code,groups,insured_months,insured_as_of', ...rows].join('\n') + '\n',
    );
    const r = jineng(['import', bad, '--report', path.join(work, 'bad.csv')], env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('10050 rows refused');
    const lines = fs.readFileSync(path.join(work, 'bad.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10_051);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[1])).size).toBe(10_050); // every line once
  });

  it('a settlement killed mid-run resumes and decides every application exactly once', () => {
    const killed = jineng(['settle', '--as-of', '2026-12-31'], {
      ...env,
      JINENG_SETTLE_BATCH: '40',
      JINENG_FAULT_KILL_AFTER_BATCH: '2',
    });
    expect(killed.signal).toBe('SIGKILL');
    const rerun = jineng(['settle', '--as-of', '2026-12-31'], env);
    expect(rerun.code, rerun.out).toBe(0);
    expect(rerun.out).toMatch(/decided (\d+)/);
    const decidedOnRerun = Number(/decided (\d+)/.exec(rerun.out)![1]);
    expect(decidedOnRerun).toBeGreaterThan(0);
    expect(decidedOnRerun).toBeLessThan(416);
    expect(jineng(['settle', '--as-of', '2026-12-31'], env).out).toMatch(/decided 0/);
    for (const name of ['decisions', 'flags', 'kpi']) {
      const out = path.join(work, `${name}.csv`);
      expect(jineng(['export', name, '--out', out], env).code).toBe(0);
      const cmp = compare(path.join(EXAMPLE, `expected/${name}.csv`), out);
      expect(cmp.status, cmp.stdout).toBe(0);
    }
  });

  it('payment batch creation killed mid-way resumes and puts each approval in exactly one line', async () => {
    const asOf = addWorkingDays(chinaDate(new Date()), 6);
    const killed = jineng(['pay', 'batches', '--as-of', asOf], { ...env, JINENG_FAULT_KILL_AFTER_BATCH: '3' });
    expect(killed.signal).toBe('SIGKILL');
    const rerun = jineng(['pay', 'batches', '--as-of', asOf], env);
    expect(rerun.code, rerun.out).toBe(0);
    expect(jineng(['pay', 'batches', '--as-of', asOf], env).out).toMatch(/0 batches/);
    const ctx = await openContext(loadConfig({ ...process.env, NODE_ENV: 'test', ...env }));
    const [counts] = await ctx.db.query<{ lines: number; apps: number; approved: number }>(
      `SELECT (SELECT count(*)::int FROM payment_lines) AS lines, (SELECT count(DISTINCT application_id)::int FROM payment_lines) AS apps,
              (SELECT count(*)::int FROM decisions WHERE decision = 'approved') AS approved`,
    );
    await ctx.db.close();
    expect(counts).toEqual({ lines: 226, apps: 226, approved: 226 });
    const ledger = jineng(['ledger'], env);
    expect(ledger.code, ledger.out).toBe(0);
    expect(ledger.out).toMatch(/ledger balances/);
  });

  it('audit verify reports an intact chain', () => {
    const r = jineng(['audit', 'verify'], env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/chain intact/);
  });

  it('refuses bad arguments with a clear message and a non-zero exit', () => {
    const r = jineng(['settle', '--as-of', '2026-13-45'], env);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/must be a date/);
    expect(jineng(['export', 'nonsense', '--out', path.join(work, 'x.csv')], env).code).toBe(2);
    expect(jineng(['import', path.join(work, 'no-such-folder')], env).code).toBe(1);
  });
});
