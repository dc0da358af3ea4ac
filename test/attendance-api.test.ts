import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/composition/demo.ts';
import { testContext } from './support/context.ts';
import { idCheckChar } from '../src/modules/registry/index.ts';
import { bearerToken } from './support/demo-app.ts';

describe('attendance ingestion from devices (云眸)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  let staff = '';
  let officer = '';
  let phone = { id: '', secret: '' };
  const send = (events: object[], auth = `Device ${phone.id}:${phone.secret}`) =>
    app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      payload: { events },
      headers: { authorization: auth },
    });
  const login = async (username: string) =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD, bearer: true },
      })
    ).json().token as string;
  const register = (token: string, over: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        deviceId: 'APP-320211-01',
        kind: 'mobile_app',
        institutionCode: '12320100914177769G',
        siteName: '南京市第1职业技术学院 实训楼',
        siteLat: 32.103338,
        siteLon: 118.818079,
        ...over,
      },
    });
  // Sessions 1–3 of P000001 (institution 12320100914177769G, site 32.103338, 118.818079) are moved to
  // today: from 3 hours ago to 45 minutes ago. Devices report a session while it runs or soon after.
  const minute = 60_000;
  const start = new Date(Math.floor(Date.now() / minute) * minute - 180 * minute);
  const end = new Date(start.getTime() + 135 * minute);
  const iso = (t: number) => new Date(t).toISOString();
  const event = (over: object = {}) => ({
    project_code: 'P000001',
    session_no: 1,
    id_number: '320211198811034548',
    check_in_at: iso(start.getTime() - 2 * minute),
    check_out_at: iso(end.getTime() + 5 * minute),
    method: 'mobile_app',
    face_score: 0.93,
    lat: 32.1035,
    lon: 118.8182,
    ...over,
  });

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    await ctx.db.exec(`DELETE FROM attendance WHERE project_code = 'P000001' AND session_no = 1`);
    await ctx.db.query(
      `UPDATE sessions SET starts_at = $1, ends_at = $2 WHERE project_code = 'P000001' AND session_no IN (1, 2, 3)`,
      [start, end],
    );
    app = await buildApp(ctx);
    staff = await login('jigou');
    officer = await login('nanjing');
    const reg = await register(officer);
    expect(reg.statusCode).toBe(201);
    phone = { id: reg.json().deviceId, secret: reg.json().secret };
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('refuses an unauthenticated or wrongly authenticated device', async () => {
    expect((await send([event()], '')).json().code).toBe('DEVICE_UNAUTHENTICATED');
    expect((await send([event()], `Device ${phone.id}:wrong-secret`)).statusCode).toBe(401);
    expect((await send([event()], `Bearer ${staff}`)).statusCode).toBe(401);
  });

  it('accepts a batch and counts the same event twice once', async () => {
    const first = (await send([event(), event()])).json();
    expect(first).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await send([event()])).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attendance WHERE project_code = 'P000001' AND session_no = 1`,
    );
    expect(n).toBe(1);
    // Stored exactly as sent: the instants, the score, the place, the reporting device.
    const [row] = await ctx.db.query<Record<string, unknown>>(
      `SELECT extract(epoch FROM check_in_at)::int AS i, extract(epoch FROM check_out_at)::int AS o, face_score, lat, lon, device_id FROM attendance WHERE project_code = 'P000001' AND session_no = 1`,
    );
    // The batch that stored something is in the audit chain, once; the all-duplicate batch is not.
    const audit = await ctx.db.query<{ after: { accepted: number } }>(
      `SELECT after FROM audit_log WHERE action = 'attendance.ingest' AND entity_id = 'APP-320211-01'`,
    );
    expect(audit.map((a) => a.after.accepted)).toEqual([1]);
    expect(row).toEqual({
      i: (start.getTime() - 2 * minute) / 1000,
      o: (end.getTime() + 5 * minute) / 1000,
      face_score: 0.93,
      lat: 32.1035,
      lon: 118.8182,
      device_id: 'APP-320211-01',
    });
  });

  it('rejects bad events one by one with a reason, keeping the good ones', async () => {
    const res = (
      await send([
        event({ id_number: '320211198811034549' }),
        event({ method: 'face_terminal' }),
        event({ project_code: 'P000002' }),
        event({ check_in_at: '2025-10-07 13:58' }),
        event({ id_number: `11010519491231002${idCheckChar('11010519491231002')}` }),
        event({ id_number: '320311199409187319', face_score: 0.5 }),
      ])
    ).json();
    expect(res.accepted).toBe(1);
    const byIndex = res.rejected
      .map((r: { index: number; reason: string }) => [r.index, r.reason])
      .sort((a: number[], b: number[]) => a[0] - b[0]);
    expect(byIndex).toEqual([
      [0, 'ID_CHECK_DIGIT'],
      [1, 'METHOD_NOT_DEVICE_KIND'],
      [2, 'NOT_DEVICE_INSTITUTION'],
      [3, 'BAD_TIMESTAMP'],
      [4, 'UNKNOWN_PERSON'],
    ]);
    for (const r of res.rejected) expect(r.message_zh && r.message_en).toBeTruthy();
  });

  it('registers devices by the city officer of the institution’s city or the province, never the institution, bound to a site', async () => {
    const own = await register(staff, { deviceId: 'FACE-SELF-01', kind: 'face_terminal' });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({
      code: 'DEVICE_REGISTRAR',
      message: expect.stringContaining('培训机构不能自行登记'),
      message_en: expect.stringContaining('not by the institution'),
    });
    const wuxi = await register(await login('wuxi'), { deviceId: 'FACE-WX-01', kind: 'face_terminal' });
    expect(wuxi.statusCode).toBe(403);
    expect(wuxi.json()).toMatchObject({
      code: 'OUT_OF_SCOPE',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
    expect((await register(officer, { siteName: '' })).json().code).toBe('BAD_SITE_NAME');
    const again = await register(officer);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'DEVICE_EXISTS',
      message: expect.stringContaining('设备'),
      message_en: expect.stringContaining('device'),
    });
    const province = await register(await login('province'), { deviceId: 'CARD-JN-02', kind: 'card' });
    expect(province.statusCode).toBe(201);
    expect(province.json()).toMatchObject({
      institutionCode: '12320100914177769G',
      siteName: '南京市第1职业技术学院 实训楼',
    });
  });

  it('twenty registrations of the same device at once: one device, the others 409, never a 500', async () => {
    const all = await Promise.all(
      Array.from({ length: 20 }, () => register(officer, { deviceId: 'FACE-RACE-01', kind: 'face_terminal' })),
    );
    expect(all.map((r) => r.statusCode).sort()).toEqual([201, ...Array(19).fill(409)]);
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM devices WHERE device_id = 'FACE-RACE-01'`,
    );
    expect(n).toBe(1);
  });

  it('refuses, event by event, what lies outside the session window, in the future, too late, for a person not enrolled; stores the rest', async () => {
    const [outsider] = await ctx.db.query<{ id_enc: string }>(
      `SELECT id_enc FROM persons WHERE person_key NOT IN (SELECT person_key FROM enrolments WHERE project_code = 'P000001') ORDER BY person_key LIMIT 1`,
    );
    const [old] = await ctx.db.query<{ session_no: number; starts_at: Date; ends_at: Date }>(
      `SELECT session_no, starts_at, ends_at FROM sessions WHERE project_code = 'P000001' AND session_no = 4`,
    );
    const now = Date.now();
    const res = (
      await send([
        event({ check_in_at: iso(start.getTime() - 40 * minute) }),
        event({ check_out_at: iso(now + 10 * minute) }),
        event({ id_number: ctx.vault.decrypt(outsider.id_enc) }),
        event({
          session_no: old.session_no,
          check_in_at: iso(new Date(old.starts_at).getTime()),
          check_out_at: iso(new Date(old.ends_at).getTime()),
        }),
        event({ check_out_at: iso(end.getTime() + 40 * minute) }),
        event({ session_no: 3, check_in_at: iso(start.getTime() + minute) }),
      ])
    ).json();
    expect(res.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [0, 'OUTSIDE_SESSION'],
      [1, 'FUTURE_EVENT'],
      [2, 'NOT_ENROLLED'],
      [3, 'LATE_EVENT'],
      [4, 'OUTSIDE_SESSION'],
    ]);
    for (const r of res.rejected) expect(r.message_zh).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.rejected.find((r: { reason: string }) => r.reason === 'OUTSIDE_SESSION').message_en).toContain(
      '30 minutes',
    );
    expect(res.accepted).toBe(1);
  });

  it('refuses the same person, session and check-in minute from another device as a near-duplicate', async () => {
    const other = (await register(officer, { deviceId: 'APP-320211-02' })).json();
    const stored = event({ session_no: 3, check_in_at: iso(start.getTime() + minute) });
    const res = (
      await send(
        [
          stored,
          { ...stored, check_in_at: iso(start.getTime() + minute + 20_000) },
          { ...stored, check_in_at: iso(start.getTime() + 2 * minute) },
        ],
        `Device ${other.deviceId}:${other.secret}`,
      )
    ).json();
    expect(res.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [0, 'NEAR_DUPLICATE'],
      [1, 'NEAR_DUPLICATE'],
    ]);
    expect(res.accepted).toBe(1);
    // The device that sent it first sending it again is an exact duplicate, counted once.
    expect((await send([stored])).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  it('a fixed device reports only for sessions held at its site', async () => {
    const far = (
      await register(officer, {
        deviceId: 'FACE-FAR-01',
        kind: 'face_terminal',
        siteName: '江阴分校',
        siteLat: 31.91,
        siteLon: 120.28,
      })
    ).json();
    const res = (
      await send(
        [event({ method: 'face_terminal', lat: null, lon: null, session_no: 2 })],
        `Device ${far.deviceId}:${far.secret}`,
      )
    ).json();
    expect(res.rejected.map((r: { reason: string }) => r.reason)).toEqual(['NOT_DEVICE_SITE']);
  });

  it('stores the matched face template a device reports, and refuses a malformed one', async () => {
    const res = (
      await send([
        event({ session_no: 2, face_template: 'FT:0012ab==' }),
        event({ session_no: 3, face_template: 'bad template!' }),
      ])
    ).json();
    expect(res.accepted).toBe(1);
    expect(res.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, 'BAD_FACE_TEMPLATE'],
    ]);
    const [row] = await ctx.db.query<{ face_template: string }>(
      `SELECT face_template FROM attendance WHERE project_code = 'P000001' AND session_no = 2 AND device_id = 'APP-320211-01'`,
    );
    expect(row.face_template).toBe('FT:0012ab==');
  });

  it('shows officials the live class: who is in, and why a record does not count', async () => {
    const officer = await bearerToken(app, 'nanjing');
    const live = (
      await app.inject({
        method: 'GET',
        url: '/api/projects/P000001/sessions/1/live',
        headers: { authorization: `Bearer ${officer}` },
      })
    ).json();
    const present = live.find((t: { idMasked: string }) => t.idMasked === '3202**********4548');
    expect(present.present).toBe(true);
    const low = live.find((t: { idMasked: string }) => t.idMasked === '3203**********7319');
    expect(low.present).toBe(false);
    expect(low.records[0].reason).toMatchObject({ code: 'LOW_FACE_SCORE', zh: expect.stringContaining('0.60') });
    const wuxi = await bearerToken(app, 'wuxi');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/projects/P000001/sessions/1/live',
          headers: { authorization: `Bearer ${wuxi}` },
        })
      ).statusCode,
    ).toBe(403);
  });
});
