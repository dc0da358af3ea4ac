import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { chinaDate } from '../src/kernel/clock.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { applyBankReturn, createPaymentBatches, exportBankFile, ledgerBalances } from '../src/modules/subsidy/index.ts';
import { idCheckChar } from '../src/modules/registry/index.ts';
import { bearerToken } from './support/demo-app.ts';

/** The 点单 → 派单 → 接单 → 订单 loop through the HTTP API, each step by the role that owns it. */
describe('training lifecycle', () => {
  let ctx: DemoApp['ctx'];
  let app: FastifyInstance;
  let call: DemoApp['call'];
  let close: DemoApp['close'];
  const now = Date.now();
  const day = (offset: number) => chinaDate(new Date(now + offset * 86_400_000));
  const at = (hoursFromNow: number) => new Date(now + hoursFromNow * 3_600_000).toISOString();
  const XIELEI = '320311199409187319';
  const QIANYAN = '340102199905189627';
  const SITE = { siteName: '南京市第1职业技术学院 实训楼A201', siteLat: 32.05, siteLon: 118.78 };
  const project = (over: object = {}) => ({
    title: '焊工（订单式）培训班',
    occupationCode: '6-18-02-04',
    level: 'L5',
    kind: 'project_based',
    keyTask: 1,
    startDate: day(-2),
    endDate: day(30),
    plannedHours: 80,
    plannedTrainees: 2,
    modules: ['安全规范', '手工电弧焊', '气体保护焊'],
    price: '1800.00',
    institutionCode: '12320100914177769G',
    ...over,
  });
  let orderId = '';
  let requestId = '';
  let projectCode = '';

  beforeAll(async () => {
    ({ ctx, app, call, close } = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'qiye', 'xielei', 'gongxin']));
  });
  afterAll(() => close());

  it('订单: an enterprise posts a job order; officials see it as demand', async () => {
    const bad = await call('qiye', 'POST', '/api/job-orders', {
      occupationCode: '6-18-02-04',
      headcount: 2,
      payMin: '9000',
      payMax: '6000',
      deadline: day(60),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PAY_RANGE' });
    const res = await call('qiye', 'POST', '/api/job-orders', {
      occupationCode: '6-18-02-04',
      level: 'L5',
      headcount: 2,
      payMin: '6000',
      payMax: '8000.50',
      deadline: day(60),
    });
    expect(res.statusCode).toBe(201);
    orderId = res.json().orderId;
    expect((await call('xielei', 'POST', '/api/job-orders', {})).statusCode).toBe(403);
  });

  it('点单: a worker asks for training; a second open request for the same occupation is refused', async () => {
    const res = await call('xielei', 'POST', '/api/training-requests', {
      occupationCode: '6-18-02-04',
      level: 'L5',
      note: '想学焊接',
    });
    expect(res.statusCode).toBe(201);
    requestId = res.json().requestId;
    expect(res.json().cityCode).toBe('320100');
    expect((await call('xielei', 'POST', '/api/training-requests', { occupationCode: '6-18-02-04' })).json().code).toBe(
      'DUPLICATE_REQUEST',
    );
    // A city officer asks on behalf of a resident of their city only.
    expect(
      (await call('wuxi', 'POST', '/api/training-requests', { idNumber: QIANYAN, occupationCode: '6-18-02-04' })).json()
        .code,
    ).toBe('OUT_OF_SCOPE');
    const demand = (await call('nanjing', 'GET', '/api/demand')).json();
    expect(demand).toContainEqual(
      expect.objectContaining({ occupation_code: '6-18-02-04', city_code: '320100', positions: 2, requests: 1 }),
    );
    expect(
      (await call('wuxi', 'GET', '/api/demand')).json().some((d: { city_code: string }) => d.city_code === '320100'),
    ).toBe(false);
  });

  it('派单: refuses an unlisted institution, demand of another occupation, and a city officer dispatching outside their city scope', async () => {
    await ctx.db.exec(
      `INSERT INTO institutions (credit_code, name, roles, type, city_code, listed_from) VALUES ('12320100000000000X', '未入目录的培训学校', '{training}', 'private_school', '320100', NULL)`,
    );
    expect(
      (await call('nanjing', 'POST', '/api/projects', project({ institutionCode: '12320100000000000X' }))).json().code,
    ).toBe('INSTITUTION_NOT_LISTED');
    expect(
      (
        await call('nanjing', 'POST', '/api/projects', project({ occupationCode: '6-31-07-01', jobOrders: [orderId] }))
      ).json().code,
    ).toBe('DEMAND_OCCUPATION');
    expect((await call('wuxi', 'POST', '/api/projects', project({ jobOrders: [orderId] }))).json().code).toBe(
      'UNKNOWN_DEMAND',
    );
    expect((await call('jigou', 'POST', '/api/projects', project())).statusCode).toBe(403);
  });

  it('派单 → 接单: the city officer dispatches from demand; the institution accepts', async () => {
    const res = await call(
      'nanjing',
      'POST',
      '/api/projects',
      project({ jobOrders: [orderId], requests: [requestId] }),
    );
    expect(res.statusCode).toBe(201);
    projectCode = res.json().projectCode;
    expect(projectCode).toMatch(/^JN320100\d{4}$/);
    const mine = (await call('xielei', 'GET', '/api/training-requests')).json().items;
    expect(mine[0]).toMatchObject({ request_id: requestId, status: 'served', project_code: projectCode });
    // Enrolment before acceptance is refused: the institution has not accepted yet.
    expect(
      (await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: XIELEI })).json().code,
    ).toBe('PROJECT_STATE');
    expect((await call('jigou', 'POST', `/api/projects/${projectCode}/accept`)).json().status).toBe('accepted');
    expect((await call('jigou', 'POST', `/api/projects/${projectCode}/accept`)).json().code).toBe('PROJECT_STATE');
  });

  it('接单 is refused to a blacklisted institution', async () => {
    const res = await call(
      'nanjing',
      'POST',
      '/api/projects',
      project({ title: '第二个班', startDate: day(60), endDate: day(90) }),
    );
    const code = res.json().projectCode;
    await ctx.db.exec(
      `UPDATE institutions SET blacklisted_from = '${day(0)}' WHERE credit_code = '12320100914177769G'`,
    );
    try {
      const refused = await call('jigou', 'POST', `/api/projects/${code}/accept`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        code: 'INSTITUTION_BLACKLISTED',
        message: expect.stringContaining('黑名单'),
        message_en: expect.stringContaining('blacklisted'),
      });
    } finally {
      await ctx.db.exec(`UPDATE institutions SET blacklisted_from = NULL WHERE credit_code = '12320100914177769G'`);
    }
    // Declined with a reason, then dispatched again elsewhere.
    expect((await call('jigou', 'POST', `/api/projects/${code}/decline`, { reason: '' })).json().code).toBe(
      'REASON_REQUIRED',
    );
    expect((await call('jigou', 'POST', `/api/projects/${code}/decline`, { reason: '师资不足' })).json().status).toBe(
      'declined',
    );
    expect(
      (
        await call('nanjing', 'POST', `/api/projects/${code}/redispatch`, { institutionCode: '523201001953640571' })
      ).json().status,
    ).toBe('dispatched');
  });

  it('schedules sessions inside the project dates without overlap', async () => {
    const s1 = await call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
      startsAt: at(-27),
      endsAt: at(-25),
      teacher: '王师傅',
      mode: 'theory',
      ...SITE,
    });
    expect(s1.statusCode).toBe(201);
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
          startsAt: at(-26),
          endsAt: at(-24),
          teacher: '王师傅',
          mode: 'practice',
          ...SITE,
        })
      ).json().code,
    ).toBe('SESSION_OVERLAP');
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
          startsAt: at(24 * 40),
          endsAt: at(24 * 40 + 2),
          teacher: '王师傅',
          mode: 'practice',
          ...SITE,
        })
      ).json().code,
    ).toBe('OUTSIDE_PROJECT_DATES');
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
          startsAt: 'tomorrow',
          endsAt: at(-2),
          teacher: '王师傅',
          mode: 'practice',
          ...SITE,
        })
      ).json(),
    ).toMatchObject({ code: 'BAD_TIMESTAMP', details: { field: 'startsAt' } });
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
          startsAt: at(-4),
          endsAt: at(-2),
          teacher: '李老师',
          mode: 'practice',
          ...SITE,
        })
      ).statusCode,
    ).toBe(201);
  });

  it('enrols with eligibility checked: real-name, target group, no overlapping project, room in the class', async () => {
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: '320311199409187318' })
      ).json().code,
    ).toBe('ID_CHECK_DIGIT');
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, {
          idNumber: `11010519491231002${idCheckChar('11010519491231002')}`,
        })
      ).json().code,
    ).toBe('UNKNOWN_PERSON');
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: '320602197801262054' })
      ).json().code,
    ).toBe('NOT_TARGET_GROUP');
    const ok = await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: XIELEI });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().idMasked).toBe('3203**********7319');
    expect(JSON.stringify(ok.json())).not.toContain(XIELEI);
    expect(
      (await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: XIELEI })).json().code,
    ).toBe('ALREADY_ENROLLED');
    // 钱艳 joins an overlapping project of another institution first; this class then refuses her.
    const other = (
      await call(
        'nanjing',
        'POST',
        '/api/projects',
        project({ title: '同期另一个班', institutionCode: '523201001953640571', startDate: day(10), endDate: day(20) }),
      )
    ).json().projectCode;
    const pingjia = await bearerToken(app, 'pingjia');
    const asPingjia = (url: string, payload?: object) =>
      app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${pingjia}` } });
    expect((await asPingjia(`/api/projects/${other}/accept`)).statusCode).toBe(200);
    expect((await asPingjia(`/api/projects/${other}/enrolments`, { idNumber: QIANYAN })).statusCode).toBe(201);
    const overlap = await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: QIANYAN });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'OVERLAPPING_ENROLMENT', message: expect.stringContaining(other) });
    // Another institution cannot enrol into this class.
    expect((await asPingjia(`/api/projects/${projectCode}/enrolments`, { idNumber: QIANYAN })).statusCode).toBe(403);
    expect(
      (await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: '320211198811034548' }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { idNumber: '340102198711180427' })
      ).json().code,
    ).toBe('CLASS_FULL');
  });

  it('opens the class; attendance from a device counts toward the ratio the trainee sees', async () => {
    expect((await call('jigou', 'POST', `/api/projects/${projectCode}/open`)).json().status).toBe('running');
    // The city registers the classroom terminal at the institution's site; the institution cannot.
    expect(
      (
        await call('jigou', 'POST', '/api/devices', {
          deviceId: 'FACE-JN-A201',
          kind: 'face_terminal',
          institutionCode: '12320100914177769G',
          ...SITE,
        })
      ).statusCode,
    ).toBe(403);
    const reg = (
      await call('nanjing', 'POST', '/api/devices', {
        deviceId: 'FACE-JN-A201',
        kind: 'face_terminal',
        institutionCode: '12320100914177769G',
        ...SITE,
      })
    ).json();
    const events = [1, 2].map((n) => ({
      project_code: projectCode,
      session_no: n,
      id_number: XIELEI,
      method: 'face_terminal',
      face_score: 0.91,
      check_in_at: at(n === 1 ? -27.1 : -4.1),
      check_out_at: at(n === 1 ? -24.9 : -1.9),
    }));
    // 刘敏涛 attends the first session only: 50% — not a completer.
    events.push({ ...events[0], id_number: '320211198811034548' });
    const sent = await app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      payload: { events },
      headers: { authorization: `Device ${reg.deviceId}:${reg.secret}` },
    });
    expect(sent.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const mine = (await call('xielei', 'GET', '/api/me/training')).json();
    expect(mine.find((c: { project_code: string }) => c.project_code === projectCode)).toMatchObject({
      ratioPercent: 100,
      status: 'running',
    });
    const roster = (await call('nanjing', 'GET', `/api/projects/${projectCode}/roster`)).json();
    expect(roster.map((r: { name: string; ratioPercent: number }) => [r.name, r.ratioPercent]).sort()).toEqual([
      ['刘敏涛', 50],
      ['谢磊', 100],
    ]);
    expect((await call('wuxi', 'GET', `/api/projects/${projectCode}/roster`)).statusCode).toBe(403);
  });

  it('closes the class: completion by the policy’s attendance threshold', async () => {
    const closed = (await call('jigou', 'POST', `/api/projects/${projectCode}/close`)).json();
    expect(closed).toMatchObject({ status: 'closed', trainees: 2, completers: 1 });
  });

  it('订单 matching: the enterprise sees ranked candidates with reasons and records a hire', async () => {
    const candidates = (await call('qiye', 'GET', `/api/job-orders/${orderId}/candidates`)).json();
    const top = candidates[0];
    expect(top).toMatchObject({ name: '谢磊', idMasked: '3203**********7319', score: 100 });
    expect(top.reasons.map((r: { factor: string }) => r.factor)).toEqual(['occupation', 'level', 'city', 'pay']);
    expect(candidates.some((c: { name: string }) => c.name === '刘敏涛')).toBe(false);
    const jobs = (await call('xielei', 'GET', '/api/me/jobs')).json();
    const ours = jobs.find((j: { order_id: string }) => j.order_id === orderId);
    expect(ours.reasons.map((r: { factor: string; points: number }) => [r.factor, r.points]).slice(0, 3)).toEqual([
      ['occupation', 50],
      ['level', 20],
      ['city', 20],
    ]);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i - 1].score).toBeGreaterThanOrEqual(jobs[i].score);
    const hire = await call('qiye', 'POST', `/api/job-orders/${orderId}/hires`, {
      personKey: top.personKey,
      startDate: day(0),
      contractMonths: 24,
    });
    expect(hire.statusCode).toBe(201);
    expect(
      (
        await call('qiye', 'POST', `/api/job-orders/${orderId}/hires`, {
          personKey: top.personKey,
          startDate: day(0),
          contractMonths: 24,
        })
      ).json().code,
    ).toBe('ALREADY_HIRED');
    const rates = (await call('nanjing', 'GET', `/api/projects/${projectCode}/employment`)).json();
    expect(rates).toMatchObject({ completers: 1, employed3: 1, employed6: 1, stable6: 1, final3: false });
  });

  it('项目制: the institution claims per completer at the project price; the bonus waits for its window', async () => {
    const claim = await call('jigou', 'POST', `/api/projects/${projectCode}/claims`, { kind: 'completion' });
    expect(claim.statusCode).toBe(201);
    expect(claim.json()).toMatchObject({
      decision: 'approved',
      amountFen: 180000,
      completers: 1,
      policyVersion: 'JS-2025',
    });
    expect(
      (await call('jigou', 'POST', `/api/projects/${projectCode}/claims`, { kind: 'completion' })).json().code,
    ).toBe('ALREADY_CLAIMED');
    expect(
      (await call('jigou', 'POST', `/api/projects/${projectCode}/claims`, { kind: 'employment_bonus' })).json().code,
    ).toBe('BONUS_WINDOW_OPEN');
    const [n] = await ctx.db.query<{ notice_until: string }>(
      'SELECT notice_until FROM public_notices WHERE application_id = $1',
      [claim.json().claimId],
    );
    expect(n).toBeTruthy();
    const [{ committed }] = await ctx.db.query<{ committed: number }>(
      `SELECT sum(debit_fen - credit_fen)::bigint AS committed FROM ledger_entries WHERE application_id = $1 AND account = 'committed'`,
      [claim.json().claimId],
    );
    expect(Number(committed)).toBe(180000);
    expect((await call('nanjing', 'GET', '/api/project-claims')).json()).toHaveLength(1);
    expect((await call('wuxi', 'GET', '/api/project-claims')).json()).toHaveLength(0);
  });

  it('项目制: after the notice period the institution is paid to its own account, through the same batches and ledger', async () => {
    const batches = await createPaymentBatches(ctx.db, { asOf: day(30), actor: 'test' });
    const batch = batches.find((b) => b.cityCode === '320100' && b.fund === 'employment_fund')!;
    const file = path.join(os.tmpdir(), `jn-bank-${process.pid}.csv`);
    await exportBankFile(ctx.db, ctx.vault, batch.id, file, 'test');
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('PC-'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      ',institution,12320100914177769G,南京市第1职业技术学院,institution_basic_account,1800.00,CNY,项目制培训补贴',
    );
    const key = lines[0].split(',')[0];
    fs.writeFileSync(file, `idempotency_key,status,bank_ref,amount,reason\n${key},paid,B-1,1800.00,\n`);
    expect(await applyBankReturn(ctx.db, file, 'test')).toMatchObject({ paid: 1, errors: [] });
    fs.rmSync(file);
    expect((await ledgerBalances(ctx.db)).ok).toBe(true);
    const claims = (await call('jigou', 'GET', '/api/project-claims')).json();
    expect(claims[0]).toMatchObject({ payment_status: 'paid' });
  });

  it('a department officer reads projects of its own sectors only', async () => {
    expect((await call('gongxin', 'GET', `/api/projects/${projectCode}`)).statusCode).toBe(200);
    expect((await call('gongxin', 'GET', '/api/projects/P000002')).statusCode).toBe(403);
    expect((await call('gongxin', 'GET', `/api/projects/${projectCode}/employment`)).json()).toMatchObject({
      completers: 1,
    });
  });

  it('audits every step of the loop', async () => {
    const actions = (
      await ctx.db.query<{ action: string }>(`SELECT DISTINCT action FROM audit_log WHERE entity_id IN ($1, $2, $3)`, [
        projectCode,
        orderId,
        requestId,
      ])
    ).map((r) => r.action);
    for (const a of [
      'project.dispatch',
      'project.accept',
      'session.schedule',
      'enrolment.create',
      'project.open',
      'project.close',
      'job_order.create',
      'employment.hire',
      'training_request.create',
    ])
      expect(actions).toContain(a);
  });
});
