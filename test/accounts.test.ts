import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { DEMO_PASSWORD } from '../src/composition/demo.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

describe('sign-in lock-out', () => {
  let d: DemoApp;
  let n = 0;
  /** A sign-in from its own client address unless one is given (a distributed guesser). */
  const signIn = (username: string, password: string, address = `10.1.${(n >> 8) & 255}.${n++ & 255}`) =>
    d.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });
  const codes = (rs: LightMyRequestResponse[]) => rs.map((r) => r.json().code as string);

  beforeAll(async () => {
    d = await demoApp([]);
  });
  afterAll(() => d.close());

  it('holds under 50 parallel wrong passwords: at most the limit are checked, then even the right password is refused', async () => {
    const limit = d.ctx.config.lockoutAttempts;
    const guesses = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn('nanjing', `wrong-guess-${i}`)));
    expect(guesses.every((r) => r.statusCode === 401)).toBe(true);
    const checked = codes(guesses).filter((c) => c === 'BAD_CREDENTIALS').length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(limit);
    expect(
      codes(guesses)
        .filter((c) => c !== 'BAD_CREDENTIALS')
        .every((c) => c === 'ACCOUNT_LOCKED'),
    ).toBe(true);
    const right = await signIn('nanjing', DEMO_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json()).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      message: expect.any(String),
      message_en: expect.any(String),
    });
  });

  it('answers an unknown username exactly as a wrong password, lock-out included', async () => {
    const limit = d.ctx.config.lockoutAttempts;
    const known: LightMyRequestResponse[] = [];
    const unknown: LightMyRequestResponse[] = [];
    for (let i = 0; i <= limit; i++) {
      known.push(await signIn('wuxi', 'wrong-password'));
      unknown.push(await signIn('no-such-user', 'wrong-password'));
    }
    expect(unknown.map((r) => [r.statusCode, r.json()])).toEqual(known.map((r) => [r.statusCode, r.json()]));
    expect(codes(unknown)).toEqual([...Array(limit).fill('BAD_CREDENTIALS'), 'ACCOUNT_LOCKED']);
  });

  it('costs an unknown username the same password check as a known one (no timing oracle)', async () => {
    const time = async (username: string) => {
      const t0 = performance.now();
      await signIn(username, 'wrong-password');
      return performance.now() - t0;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(`jigou`));
      unknown.push(await time(`ghost-${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
    expect(median(unknown)).toBeLessThan(median(known) * 3);
  });

  it('throttles one client address across usernames, while other addresses still sign in', async () => {
    const saved = d.ctx.config.lockoutAddressAttempts;
    d.ctx.config.lockoutAddressAttempts = 8;
    try {
      const spray = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signIn(`sprayed-${i}`, 'wrong-password', '192.0.2.7')),
      );
      expect(codes(spray).filter((c) => c === 'BAD_CREDENTIALS').length).toBeLessThanOrEqual(8);
      const after = await signIn('qiye', DEMO_PASSWORD, '192.0.2.7');
      expect(after.statusCode).toBe(429);
      expect(after.json()).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        message_en: expect.any(String),
      });
      expect((await signIn('qiye', DEMO_PASSWORD, '192.0.2.8')).statusCode).toBe(200);
    } finally {
      d.ctx.config.lockoutAddressAttempts = saved;
    }
  });

  it('behind a trusted proxy, the limit is per client (X-Forwarded-For), not per proxy; untrusted senders cannot pick their address', async () => {
    const saved = { limit: d.ctx.config.lockoutAddressAttempts, trust: d.ctx.config.trustProxy };
    d.ctx.config.lockoutAddressAttempts = 3;
    d.ctx.config.trustProxy = ['10.9.9.9'];
    const proxied = await buildApp(d.ctx);
    try {
      const via = (remoteAddress: string, client: string, username: string, password = 'wrong-password') =>
        proxied.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password },
          remoteAddress,
          headers: { 'x-forwarded-for': client },
        });
      for (let i = 0; i < 4; i++) await via('10.9.9.9', '198.51.100.1', `proxy-spray-${i}`);
      expect((await via('10.9.9.9', '198.51.100.1', 'qiye', DEMO_PASSWORD)).statusCode).toBe(429);
      // Another client behind the same proxy is not locked out by the first one's guesses.
      expect((await via('10.9.9.9', '198.51.100.2', 'qiye', DEMO_PASSWORD)).statusCode).toBe(200);
      // A sender that is not the proxy cannot dodge the limit by writing its own X-Forwarded-For.
      for (let i = 0; i < 4; i++) await via('203.0.113.5', `198.51.100.${10 + i}`, `direct-spray-${i}`);
      expect((await via('203.0.113.5', '198.51.100.99', 'qiye', DEMO_PASSWORD)).statusCode).toBe(429);
    } finally {
      await proxied.close();
      d.ctx.config.lockoutAddressAttempts = saved.limit;
      d.ctx.config.trustProxy = saved.trust;
    }
  });

  it('a correct password resets the account’s count', async () => {
    for (let i = 0; i < d.ctx.config.lockoutAttempts - 1; i++) await signIn('pingjia', 'wrong-password');
    expect((await signIn('pingjia', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await signIn('pingjia', 'wrong-password')).json().code).toBe('BAD_CREDENTIALS');
    expect((await signIn('pingjia', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('sessions, cross-site writes and account creation', () => {
  let d: DemoApp;
  const admin = (method: 'GET' | 'POST', url: string, payload?: object) => d.call('province', method, url, payload);
  const account = (extra: object) => ({
    username: `u${Math.random().toString(36).slice(2, 9)}`,
    displayName: '测试',
    password: 'S3cure-pass!x',
    role: 'province_admin',
    ...extra,
  });
  const cookieOf = (res: LightMyRequestResponse) => String(res.headers['set-cookie']).split(';')[0];

  beforeAll(async () => {
    d = await demoApp(['province']);
  });
  afterAll(() => d.close());

  it('keeps the session token out of the login answer unless an API client asks for it', async () => {
    const web = await d.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'jigou', password: DEMO_PASSWORD },
    });
    expect(web.statusCode).toBe(200);
    expect(web.json().token).toBeUndefined();
    expect(web.body).not.toContain(cookieOf(web).split('=')[1]);
    expect(
      (await d.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieOf(web) } })).json().username,
    ).toBe('jigou');
    const api = await d.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'jigou', password: DEMO_PASSWORD, bearer: true },
    });
    expect(
      (await d.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${api.json().token}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite, and Secure in production', async () => {
    const login = () =>
      d.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jigou', password: DEMO_PASSWORD } });
    const dev = String((await login()).headers['set-cookie']);
    expect(dev).toMatch(/HttpOnly/);
    expect(dev).toMatch(/SameSite=(Strict|Lax)/);
    const env = d.ctx.config.env;
    d.ctx.config.env = 'production';
    try {
      expect(String((await login()).headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      d.ctx.config.env = env;
    }
  });

  it('refuses a cookie-authenticated write from another site, bilingually; own pages, bearer clients and reads pass', async () => {
    const web = await d.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'province', password: DEMO_PASSWORD },
    });
    const cookie = cookieOf(web);
    const write = (headers: Record<string, string>) =>
      d.app.inject({
        method: 'POST',
        url: '/api/users',
        payload: account({}),
        headers: { host: 'jineng.example.cn', cookie, ...headers },
      });
    const evil = await write({ origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toMatchObject({
      code: 'BAD_ORIGIN',
      message: expect.any(String),
      message_en: expect.any(String),
    });
    expect((await write({ referer: 'https://evil.example/page' })).json().code).toBe('BAD_ORIGIN');
    expect((await write({ origin: 'null' })).json().code).toBe('BAD_ORIGIN');
    expect((await write({ origin: 'https://jineng.example.cn' })).statusCode).toBe(201);
    expect((await write({})).statusCode).toBe(201); // no Origin, no Referer: not a browser's cross-site form
    const bearer = await d.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: account({}),
      headers: {
        authorization: `Bearer ${(await d.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'province', password: DEMO_PASSWORD, bearer: true } })).json().token}`,
        origin: 'https://evil.example',
      },
    });
    expect(bearer.statusCode).toBe(201);
    expect(
      (await d.app.inject({ method: 'GET', url: '/api/me', headers: { cookie, origin: 'https://evil.example' } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses weak and common passwords when an account is created, bilingually', async () => {
    for (const [password, code] of [
      ['Short1!', 'WEAK_PASSWORD'],
      ['abcdefgh12', 'WEAK_PASSWORD'],
      ['P@ssw0rd123', 'COMMON_PASSWORD'],
    ]) {
      const res = await admin('POST', '/api/users', account({ password }));
      expect(res.statusCode, password).toBe(400);
      expect(res.json()).toMatchObject({ code, message: expect.any(String), message_en: expect.any(String) });
    }
  });

  it('refuses unknown city, institution and enterprise codes', async () => {
    for (const [extra, code] of [
      [{ role: 'city_officer', cityCode: '329900' }, 'UNKNOWN_CITY'],
      [{ role: 'institution_staff', institutionCode: '12320100000000000X' }, 'UNKNOWN_INSTITUTION'],
      [{ role: 'enterprise_staff', enterpriseCode: '91320100000000000X' }, 'UNKNOWN_ENTERPRISE'],
    ] as const) {
      const res = await admin('POST', '/api/users', account(extra));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(code);
    }
    expect((await admin('POST', '/api/users', account({ role: 'city_officer', cityCode: '320200' }))).statusCode).toBe(
      201,
    );
  });

  it('creates a worker account linked by ID number, never echoing it, and audits the creation', async () => {
    const id = '320211198811034548';
    const created = await admin('POST', '/api/users', account({ username: 'liumintao', role: 'worker', idNumber: id }));
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(id);
    const me = await d.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'liumintao', password: 'S3cure-pass!x', bearer: true },
    });
    const person = await d.app.inject({
      method: 'GET',
      url: `/api/persons/${me.json().actor.personKey}`,
      headers: { authorization: `Bearer ${me.json().token}` },
    });
    expect(person.json().name).toBe('刘敏涛');
    const [audit] = await d.ctx.db.query<{ actor: string; after: unknown }>(
      `SELECT actor, after FROM audit_log WHERE action = 'user.create' AND entity_id = $1`,
      [created.json().id],
    );
    expect(audit.actor).toBe('province_admin:province');
    expect(JSON.stringify(audit.after)).not.toContain(id);
    const again = await admin('POST', '/api/users', account({ role: 'worker', idNumber: id }));
    expect(again.json().code).toBe('PERSON_HAS_ACCOUNT');
    const unknown = await admin('POST', '/api/users', account({ role: 'worker', idNumber: '110101199003074477' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('UNKNOWN_PERSON');
    expect(unknown.body).not.toContain('110101199003074477');
  });

  it('20 parallel requests for one username create one account and refuse the rest with 409, never 500', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => admin('POST', '/api/users', account({ username: 'same-name' }))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused.map((r) => r.statusCode)).toEqual(Array(19).fill(409));
    for (const r of refused)
      expect(r.json()).toMatchObject({
        code: 'USERNAME_TAKEN',
        message: expect.any(String),
        message_en: expect.any(String),
      });
  });
  it('GET /api/audit/verify answers ok, and a cut tail with where the head and the log end', async () => {
    expect((await admin('GET', '/api/audit/verify')).json()).toMatchObject({ ok: true });
    const [{ last }] = await d.ctx.db.query<{ last: number }>('SELECT max(seq)::int AS last FROM audit_log');
    await d.ctx.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await d.ctx.db.query('DELETE FROM audit_log WHERE seq = $1', [last]);
    await d.ctx.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    // Reading the report is audited nowhere, so the cut stays the last thing in the log.
    const r = (await admin('GET', '/api/audit/verify')).json();
    expect(r).toMatchObject({
      ok: false,
      finding: { kind: 'tail_cut', message_en: `tail cut: head says seq ${last}, log ends at ${last - 1}` },
    });
  });
});
