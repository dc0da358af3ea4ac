import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo, DEMO_PASSWORD } from '../src/composition/demo.ts';
import { verifyAuditChain } from '../src/modules/audit/index.ts';
import { openDb } from '../src/db/client.ts';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

describe('access control, audit and PII protection', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const routes: { method: string | string[]; url: string; access: unknown }[] = [];
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, user?: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      payload: payload as object,
      headers: user ? { authorization: `Bearer ${tokens[user]}` } : {},
    });

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    app = await buildApp(ctx, { onRoute: (r) => routes.push(r) });
    for (const u of ['province', 'nanjing', 'wuxi', 'jigou', 'xielei', 'qiye']) {
      const res = await call('POST', '/api/auth/login', undefined, {
        username: u,
        password: DEMO_PASSWORD,
        bearer: true,
      });
      expect(res.statusCode).toBe(200);
      tokens[u] = res.json().token;
    }
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('every API route declares who may call it', () => {
    const api = routes.filter((r) => r.url.startsWith('/api'));
    expect(api.length).toBeGreaterThan(10);
    for (const r of api) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
  });

  it('a route without a permission fails the build', async () => {
    const bare = await buildApp(ctx);
    expect(() => bare.get('/api/forgotten', async () => 'x')).toThrow(/declares no access/);
    await bare.close();
  });

  it('anonymous calls to protected routes get 401, wrong roles 403, with bilingual messages', async () => {
    const anon = await call('GET', '/api/users');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.any(String),
      message_en: expect.any(String),
    });
    expect((await call('GET', '/api/users', 'nanjing')).statusCode).toBe(403);
    expect((await call('GET', '/api/users', 'province')).statusCode).toBe(200);
    expect((await call('GET', '/api/catalogs/cities')).statusCode).toBe(200);
  });

  it('a city officer sees their own city only and cannot read another city’s records', async () => {
    const persons = (await call('GET', '/api/persons?limit=500', 'nanjing')).json();
    expect(persons.total).toBeGreaterThan(0);
    expect(new Set(persons.items.map((p: { city_code: string }) => p.city_code))).toEqual(new Set(['320100']));
    const wuxiPerson = (await call('GET', '/api/persons?limit=1', 'wuxi')).json().items[0];
    const res = await call('GET', `/api/persons/${wuxiPerson.person_key}`, 'nanjing');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('OUT_OF_SCOPE');
    expect((await call('GET', '/api/institutions/52320200083778351R', 'nanjing')).statusCode).toBe(403);
    const projects = (await call('GET', '/api/projects?limit=1000', 'nanjing')).json().items;
    expect(projects.every((p: { city_code: string }) => p.city_code === '320100')).toBe(true);
    const decisions = (await call('GET', '/api/decisions?limit=1000', 'nanjing')).json().items;
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.every((d: { city_code: string }) => d.city_code === '320100')).toBe(true);
    const kpi = (await call('GET', '/api/kpi', 'nanjing')).json();
    expect(kpi.filter((k: { dimension: string }) => k.dimension === 'city').map((k: { key: string }) => k.key)).toEqual(
      expect.arrayContaining(['320100']),
    );
    expect(kpi.filter((k: { dimension: string; key: string }) => k.dimension === 'city' && k.key !== '320100')).toEqual(
      [],
    );
  });

  it('an institution sees its own projects only; a worker sees only their own decisions', async () => {
    const projects = (await call('GET', '/api/projects', 'jigou')).json().items;
    expect(projects.map((p: { institution_code: string }) => p.institution_code)).toEqual(['12320100914177769G']);
    const mine = (await call('GET', '/api/decisions', 'xielei')).json().items;
    expect(mine.map((d: { application_id: string }) => d.application_id)).toEqual(['A0000001']);
    expect((await call('GET', '/api/persons', 'qiye')).statusCode).toBe(403);
  });

  it('ID numbers are masked to others and shown in full to their owner only', async () => {
    const me = (await call('GET', '/api/me', 'xielei')).json();
    const own = (await call('GET', `/api/persons/${me.personKey}`, 'xielei')).json();
    expect(own.id_number).toBe('320311199409187319');
    const byOfficer = await call('GET', `/api/persons/${me.personKey}`, 'nanjing');
    expect(byOfficer.body).not.toContain('320311199409187319');
    expect(byOfficer.json().id_number).toBe('3203**********7319');
  });

  it('no plaintext ID number appears in the database or in API responses to other roles', async () => {
    const ids = fs
      .readFileSync(path.resolve(import.meta.dirname, '../demo/small/bundle/persons.csv'), 'utf8')
      .split('\n')
      .slice(1, 40)
      .map((l) => l.split(',')[0])
      .filter(Boolean);
    // Every text column of every table, as the database stores it.
    const tables = await ctx.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      const dump = JSON.stringify(await ctx.db.query(`SELECT * FROM ${table_name}`));
      for (const id of ids) expect(dump.includes(id), `${id} in ${table_name}`).toBe(false);
    }
    for (const url of ['/api/persons?limit=500', '/api/decisions?limit=1000', '/api/audit?limit=500']) {
      const body = (await call('GET', url, 'province')).body;
      for (const id of ids) expect(body.includes(id), `${id} in ${url}`).toBe(false);
    }
  });

  it('locks an account after repeated failed sign-ins', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await call('POST', '/api/auth/login', undefined, { username: 'wuxi', password: 'wrong-password' })).statusCode,
      ).toBe(401);
    const locked = await call('POST', '/api/auth/login', undefined, { username: 'wuxi', password: DEMO_PASSWORD });
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
  });

  it('logout ends the session', async () => {
    const t = await bearerToken(app, 'jigou');
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${t}` } });
    expect(
      (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${t}` } })).statusCode,
    ).toBe(401);
  });

  it('audits every change in a hash chain that detects an edited row', async () => {
    await call('PATCH', '/api/catalogs/occupations/6-18-02-04', 'province', { name: '焊工（修订）' });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    const [row] = await ctx.db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'occupation.update'`);
    await expect(ctx.db.query(`UPDATE audit_log SET actor = 'x' WHERE seq = $1`, [row.seq])).rejects.toThrow(
      /append-only/,
    );
    // A tamperer with table-owner rights disables the guard and edits history: the chain shows where.
    await ctx.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await ctx.db.query(`UPDATE audit_log SET after = '{"name":"伪造"}' WHERE seq = $1`, [row.seq]);
    await ctx.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, brokenAt: { seq: row.seq } });
  });

  it('an error never leaks a stack or SQL', async () => {
    const res = await call('GET', '/api/catalogs/nope');
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at |SELECT|stack/);
  });
});

describe('logs', () => {
  it('never carry a plaintext ID number, whatever the request', async () => {
    const ctx = await testContext();
    await loadDemo(ctx);
    let logs = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const app = await buildApp(ctx, { logger: true, logStream: stream });
    const token = await bearerToken(app, 'province');
    const id = '320311199409187319';
    await app.inject({ method: 'GET', url: `/api/persons?q=${id}`, headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'GET', url: `/api/persons/${id}`, headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'GET', url: `/api/persons?limit=${id}`, headers: { authorization: `Bearer ${token}` } }); // a validation error
    await app.close();
    await ctx.drop();
    expect(logs.length).toBeGreaterThan(100);
    expect(logs).toContain('3203**********7319');
    expect(logs).not.toContain(id);
  });
});

describe('the embedded database lock', () => {
  it('refuses a second process on a data directory held by another', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-lock-'));
    fs.writeFileSync(path.join(dir, 'jineng.lock'), String(process.ppid)); // a live process holds it
    await expect(openDb({ dataDir: dir })).rejects.toThrow(/held by process/);
    fs.writeFileSync(path.join(dir, 'jineng.lock'), '999999999'); // stale: taken over
    const ctx = await openContext(loadConfig({ NODE_ENV: 'test', JINENG_DATA_DIR: dir }));
    expect(fs.readFileSync(path.join(dir, 'jineng.lock'), 'utf8')).toBe(String(process.pid));
    await ctx.db.close();
    expect(fs.existsSync(path.join(dir, 'jineng.lock'))).toBe(false);
  });
});
