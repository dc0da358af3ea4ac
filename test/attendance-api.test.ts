import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/app/demo.ts';
import { testContext } from './support/context.ts';
import { idCheckChar } from '../src/modules/registry/index.ts';
import { bearerToken } from './support/demo-app.ts';

describe('attendance ingestion from devices (云眸)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  let staff = '';
  let phone = { id: '', secret: '' };
  const send = (events: object[], auth = `Device ${phone.id}:${phone.secret}`) => app.inject({ method: 'POST', url: '/api/attendance/events', payload: { events }, headers: { authorization: auth } });
  // A trainee of P000001 (institution 12320100914177769G), session 1: 14:00–16:15, site 32.103338, 118.818079.
  const event = (over: object = {}) => ({
    project_code: 'P000001', session_no: 1, id_number: '320211198811034548', check_in_at: '2025-10-07T13:58:00+08:00', check_out_at: '2025-10-07T16:20:00+08:00',
    method: 'mobile_app', face_score: 0.93, lat: 32.1035, lon: 118.8182, ...over,
  });

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    await ctx.db.exec(`DELETE FROM attendance WHERE project_code = 'P000001' AND session_no = 1`);
    app = await buildApp(ctx);
    staff = await bearerToken(app, 'jigou');
    const reg = await app.inject({ method: 'POST', url: '/api/devices', payload: { deviceId: 'APP-320211-01', kind: 'mobile_app' }, headers: { authorization: `Bearer ${staff}` } });
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
    const [{ n }] = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM attendance WHERE project_code = 'P000001' AND session_no = 1`);
    expect(n).toBe(1);
    // Stored exactly as sent: the instants, the score, the place, the reporting device.
    const [row] = await ctx.db.query<Record<string, unknown>>(
      `SELECT extract(epoch FROM check_in_at)::int AS i, extract(epoch FROM check_out_at)::int AS o, face_score, lat, lon, device_id FROM attendance WHERE project_code = 'P000001' AND session_no = 1`);
    // The batch that stored something is in the audit chain, once; the all-duplicate batch is not.
    const audit = await ctx.db.query<{ after: { accepted: number } }>(`SELECT after FROM audit_log WHERE action = 'attendance.ingest' AND entity_id = 'APP-320211-01'`);
    expect(audit.map((a) => a.after.accepted)).toEqual([1]);
    expect(row).toEqual({ i: Date.parse('2025-10-07T13:58:00+08:00') / 1000, o: Date.parse('2025-10-07T16:20:00+08:00') / 1000, face_score: 0.93, lat: 32.1035, lon: 118.8182, device_id: 'APP-320211-01' });
  });

  it('rejects bad events one by one with a reason, keeping the good ones', async () => {
    const res = (await send([
      event({ id_number: '320211198811034549' }),
      event({ method: 'face_terminal' }),
      event({ project_code: 'P000002' }),
      event({ check_in_at: '2025-10-07 13:58' }),
      event({ id_number: `11010519491231002${idCheckChar('11010519491231002')}` }),
      event({ id_number: '320311199409187319', face_score: 0.5 }),
    ])).json();
    expect(res.accepted).toBe(1);
    const byIndex = res.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason]).sort((a: number[], b: number[]) => a[0] - b[0]);
    expect(byIndex).toEqual([[0, 'ID_CHECK_DIGIT'], [1, 'METHOD_NOT_DEVICE_KIND'], [2, 'NOT_DEVICE_INSTITUTION'], [3, 'BAD_TIMESTAMP'], [4, 'UNKNOWN_PERSON']]);
    for (const r of res.rejected) expect(r.message_zh && r.message_en).toBeTruthy();
  });

  it('stores the matched face template a device reports, and refuses a malformed one', async () => {
    const res = (await send([event({ session_no: 2, face_template: 'FT:0012ab==' }), event({ session_no: 3, face_template: 'bad template!' })])).json();
    expect(res.accepted).toBe(1);
    expect(res.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([[1, 'BAD_FACE_TEMPLATE']]);
    const [row] = await ctx.db.query<{ face_template: string }>(`SELECT face_template FROM attendance WHERE project_code = 'P000001' AND session_no = 2 AND device_id = 'APP-320211-01'`);
    expect(row.face_template).toBe('FT:0012ab==');
  });

  it('shows officials the live class: who is in, and why a record does not count', async () => {
    const officer = await bearerToken(app, 'nanjing');
    const live = (await app.inject({ method: 'GET', url: '/api/projects/P000001/sessions/1/live', headers: { authorization: `Bearer ${officer}` } })).json();
    const present = live.find((t: { idMasked: string }) => t.idMasked === '3202**********4548');
    expect(present.present).toBe(true);
    const low = live.find((t: { idMasked: string }) => t.idMasked === '3203**********7319');
    expect(low.present).toBe(false);
    expect(low.records[0].reason).toMatchObject({ code: 'LOW_FACE_SCORE', zh: expect.stringContaining('0.60') });
    const wuxi = await bearerToken(app, 'wuxi');
    expect((await app.inject({ method: 'GET', url: '/api/projects/P000001/sessions/1/live', headers: { authorization: `Bearer ${wuxi}` } })).statusCode).toBe(403);
  });
});
