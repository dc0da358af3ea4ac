import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { addDays } from '../src/kernel/dates.ts';
import { idCheckChar } from '../src/modules/registry/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** Finding 3: an enterprise may not claim as its employee someone it merely knows the ID number of. */
describe('hires and employer confirmation are limited to what the enterprise really has', () => {
  let d: DemoApp;
  const today = chinaDate(new Date());
  const XIELEI = '320311199409187319';
  const UNKNOWN = `11010519491231002${idCheckChar('11010519491231002')}`;
  let orderId = '';
  /** A 岗位技能提升 trainee with an approved subsidy, and the class's start. */
  let trainee: { application_id: string; person_key: string; start_date: string; id: string };

  beforeAll(async () => {
    d = await demoApp(['qiye', 'xielei', 'nanjing']);
    // An order in life services (中式烹调师): the welding completer 谢磊 is not among its candidates.
    const order = await d.call('qiye', 'POST', '/api/job-orders', {
      occupationCode: 'JS-0020',
      headcount: 3,
      payMin: '5000',
      payMax: '7000',
      deadline: addDays(today, 60),
    });
    expect(order.statusCode).toBe(201);
    orderId = order.json().orderId;
    const [t] = await d.ctx.db.query<{
      application_id: string;
      person_key: string;
      start_date: string;
      id_enc: string;
    }>(
      `SELECT d.application_id, d.person_key, pr.start_date, p.id_enc FROM decisions d JOIN projects pr ON pr.project_code = d.project_code
       JOIN persons p ON p.person_key = d.person_key
       WHERE d.type = 'training' AND pr.kind = 'post_skills' AND d.decision IN ('approved', 'review') ORDER BY d.application_id LIMIT 1`,
    );
    trainee = { ...t, id: d.ctx.vault.decrypt(t.id_enc) };
  }, 120_000);
  afterAll(() => d.close());

  const hire = (over: object) =>
    d.call('qiye', 'POST', `/api/job-orders/${orderId}/hires`, { startDate: today, contractMonths: 12, ...over });

  it('answers a hire of a non-candidate the same way whether the ID is registered or not, without a name', async () => {
    const known = await hire({ idNumber: trainee.id });
    const unknown = await hire({ idNumber: UNKNOWN });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(known.json()).sort()).toEqual(Object.keys(unknown.json()).sort());
    expect({ ...known.json() }).toEqual({ ...unknown.json() });
    expect(known.json()).toMatchObject({
      status: 'pending_worker',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
    expect(known.json().name).toBeUndefined();
    // Asking again gives the same answer (no "already pending" to tell the two apart).
    expect((await hire({ idNumber: trainee.id })).json()).toEqual(unknown.json());
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM employment WHERE job_order_id = $1',
      [orderId],
    );
    expect(n).toBe(0);
  });

  it('refuses a start date before the order was posted or more than 31 days ahead', async () => {
    const early = await hire({ idNumber: XIELEI, startDate: '2025-01-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({
      code: 'START_BEFORE_ORDER',
      message: expect.stringContaining('订单发布'),
      message_en: expect.stringContaining('posted'),
    });
    expect((await hire({ idNumber: XIELEI, startDate: addDays(today, 32) })).json().code).toBe('START_TOO_FAR_AHEAD');
  });

  it('a non-candidate becomes employed only when the worker confirms the hire', async () => {
    expect((await hire({ idNumber: XIELEI })).statusCode).toBe(202);
    const mine = (await d.call('xielei', 'GET', '/api/me/hires')).json();
    expect(mine).toEqual([
      expect.objectContaining({
        job_order_id: orderId,
        enterprise_name: '南京物流1有限公司',
        status: 'pending',
        contract_months: 12,
      }),
    ]);
    expect((await d.call('nanjing', 'GET', '/api/me/hires')).statusCode).toBe(403);
    const before = await d.ctx.db.query('SELECT 1 FROM employment WHERE job_order_id = $1', [orderId]);
    expect(before).toHaveLength(0);
    expect((await d.call('xielei', 'POST', `/api/me/hires/${mine[0].id}`, { answer: 'confirmed' })).json()).toEqual({
      id: mine[0].id,
      status: 'confirmed',
    });
    const after = await d.ctx.db.query<{ start_date: string }>(
      'SELECT start_date FROM employment WHERE job_order_id = $1',
      [orderId],
    );
    expect(after).toEqual([{ start_date: today }]);
    expect((await d.call('xielei', 'POST', `/api/me/hires/${mine[0].id}`, { answer: 'declined' })).json().code).toBe(
      'ALREADY_ANSWERED',
    );
    expect((await hire({ idNumber: XIELEI })).json().code).toBe('ALREADY_HIRED');
  });

  it('another person’s pending hire cannot be answered: not found', async () => {
    const [h] = await d.ctx.db.query<{ id: string }>('SELECT id FROM pending_hires WHERE person_key = $1', [
      trainee.person_key,
    ]);
    const res = await d.call('xielei', 'POST', `/api/me/hires/${h.id}`, { answer: 'confirmed' });
    expect(res.statusCode).toBe(404);
  });

  it('employer confirmation: only employment the enterprise recorded as starting before the class', async () => {
    const answer = () =>
      d.call('qiye', 'POST', `/api/employer/confirmations/${trainee.application_id}`, {
        answer: 'denied',
        note: '非本企业职工',
      });
    const listed = async () =>
      (await d.call('qiye', 'GET', '/api/employer/confirmations'))
        .json()
        .map((r: { application_id: string }) => r.application_id);
    // Employed from the day after the class began: not its employee before the class.
    await d.ctx.db.query(
      `INSERT INTO employment (person_key, employer_code, start_date, contract_months) VALUES ($1, '913201001736662571', $2, 12)`,
      [trainee.person_key, addDays(trainee.start_date, 1)],
    );
    expect(await listed()).not.toContain(trainee.application_id);
    const refused = await answer();
    expect(refused.statusCode).toBe(404);
    expect(JSON.stringify(refused.json())).not.toContain(trainee.id);
    expect(await d.ctx.db.query(`SELECT 1 FROM integrity_cases WHERE detector = 'EMPLOYER_DENIED'`)).toHaveLength(0);
    // Employed since before the class: it may answer.
    await d.ctx.db.query(
      `INSERT INTO employment (person_key, employer_code, start_date, contract_months) VALUES ($1, '913201001736662571', $2, 24)`,
      [trainee.person_key, addDays(trainee.start_date, -30)],
    );
    expect(await listed()).toContain(trainee.application_id);
    expect((await answer()).json()).toEqual({ applicationId: trainee.application_id, answer: 'denied' });
  });
});
