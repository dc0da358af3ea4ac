import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../src/kernel/dates.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { createPaymentBatches } from '../src/modules/subsidy/index.ts';
import { drawSample, runDetectors } from '../src/modules/integrity/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** Issue 8: trainee confirmation before payment, complaints, and project quality evaluation. */
describe('trainee confirmation, complaints and quality evaluation', () => {
  let ctx: DemoApp['ctx'];
  let call: DemoApp['call'];
  let close: DemoApp['close'];
  let employerDenied = '';

  beforeAll(async () => {
    ({ ctx, call, close } = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'xielei', 'qiye']));
  });
  afterAll(() => close());

  it('the employer of a post-training trainee confirms or denies; a denial withholds payment and opens a case', async () => {
    const [d] = await ctx.db.query<{ application_id: string; person_key: string; start_date: string }>(
      `SELECT d.application_id, d.person_key, pr.start_date FROM decisions d JOIN projects pr ON pr.project_code = d.project_code
       WHERE pr.kind = 'post_skills' AND d.decision = 'approved' ORDER BY d.application_id LIMIT 1`,
    );
    expect((await call('qiye', 'GET', '/api/employer/confirmations')).json()).toEqual([]);
    await ctx.db.query(
      `INSERT INTO employment (person_key, employer_code, start_date, contract_months) VALUES ($1, '913201001736662571', '2024-01-01', 36)`,
      [d.person_key],
    );
    const list = (await call('qiye', 'GET', '/api/employer/confirmations')).json();
    expect(list.map((x: { application_id: string }) => x.application_id)).toContain(d.application_id);
    expect(
      (await call('qiye', 'POST', `/api/employer/confirmations/${d.application_id}`, { answer: 'denied' })).json().code,
    ).toBe('NOTE_REQUIRED');
    expect(
      (await call('qiye', 'POST', `/api/employer/confirmations/A0000001`, { answer: 'confirmed' })).statusCode,
    ).toBe(404);
    expect(
      (
        await call('qiye', 'POST', `/api/employer/confirmations/${d.application_id}`, {
          answer: 'denied',
          note: '该职工培训期间在岗上班',
        })
      ).json().answer,
    ).toBe('denied');
    const [c] = await ctx.db.query(
      `SELECT 1 FROM integrity_cases WHERE detector = 'EMPLOYER_DENIED' AND subject_key = $1`,
      [d.person_key],
    );
    expect(c).toBeTruthy();
    employerDenied = d.application_id;
  });

  it('the trainee sees the training to confirm; a denial needs words, withholds payment and opens a case', async () => {
    const mine = (await call('xielei', 'GET', '/api/me/confirmations')).json();
    expect(mine).toContainEqual(
      expect.objectContaining({ application_id: 'A0000001', project_code: 'P000001', answer: null }),
    );
    expect((await call('xielei', 'POST', '/api/me/confirmations/A0000001', { answer: 'denied' })).json().code).toBe(
      'NOTE_REQUIRED',
    );
    expect((await call('xielei', 'POST', '/api/me/confirmations/A0000002', { answer: 'confirmed' })).statusCode).toBe(
      404,
    ); // someone else's application is answered as unknown
    expect(
      (
        await call('xielei', 'POST', '/api/me/confirmations/A0000001', { answer: 'denied', note: '我从未参加过这个班' })
      ).json(),
    ).toEqual({ applicationId: 'A0000001', answer: 'denied' });
    expect((await call('xielei', 'POST', '/api/me/confirmations/A0000001', { answer: 'confirmed' })).json().code).toBe(
      'ALREADY_ANSWERED',
    );
    const [c] = await ctx.db.query<{ detector: string; project_code: string }>(
      `SELECT detector, project_code FROM integrity_cases WHERE detector = 'TRAINEE_DENIED'`,
    );
    expect(c).toEqual({ detector: 'TRAINEE_DENIED', project_code: 'P000001' });
  });

  it('after the notice period every approved decision is paid — except those the trainee or the employer denied', async () => {
    await createPaymentBatches(ctx.db, { asOf: addWorkingDays(chinaDate(new Date()), 10), actor: 'test' });
    const lines = (await ctx.db.query<{ application_id: string }>('SELECT application_id FROM payment_lines')).map(
      (l) => l.application_id,
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain('A0000001');
    expect(lines).not.toContain(employerDenied);
  });

  it('a satisfaction outside 1–5 is refused', async () => {
    const [{ application_id: other, key }] = await ctx.db.query<{ application_id: string; key: string }>(
      `SELECT application_id, person_key AS key FROM decisions WHERE type = 'training' AND project_code IS NOT NULL AND decision = 'approved' AND application_id <> 'A0000001' LIMIT 1`,
    );
    expect(key).toBeTruthy();
    const { answerConfirmation } = await import('../src/modules/integrity/index.ts');
    const worker = {
      userId: 'u',
      username: 'w',
      displayName: 'w',
      role: 'worker' as const,
      cityCode: null,
      institutionCode: null,
      enterpriseCode: null,
      personKey: key,
      sectors: [],
      keyTasks: [],
    };
    await expect(
      answerConfirmation(ctx.db, worker, other, { answer: 'confirmed', satisfaction: 6 }),
    ).rejects.toMatchObject({ code: 'BAD_SATISFACTION' });
    await expect(
      answerConfirmation(ctx.db, worker, other, { answer: 'confirmed', satisfaction: 5 }),
    ).resolves.toMatchObject({ answer: 'confirmed' });
  });

  it('silence past the notice period is found by the NOT_CONFIRMED detector', async () => {
    await ctx.db.exec(`UPDATE public_notices SET notice_until = '2026-01-01'`);
    await runDetectors(ctx.db);
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM integrity_cases WHERE detector = 'NOT_CONFIRMED'`,
    );
    const [{ expected }] = await ctx.db.query<{ expected: number }>(
      `SELECT count(*)::int AS expected FROM decisions d WHERE type = 'training' AND project_code IS NOT NULL AND decision = 'approved'
       AND NOT EXISTS (SELECT 1 FROM trainee_confirmations c WHERE c.application_id = d.application_id)`,
    );
    expect(n).toBe(expected);
    expect(n).toBeGreaterThan(0);
  });

  it('complaints: only about one’s own class; an upheld complaint lowers the institution’s credit', async () => {
    expect(
      (await call('xielei', 'POST', '/api/complaints', { projectCode: 'P000002', text: '收费不透明' })).json().code,
    ).toBe('NOT_ENROLLED');
    const filed = await call('xielei', 'POST', '/api/complaints', { projectCode: 'P000001', text: '实操课时被压缩' });
    expect(filed.statusCode).toBe(201);
    expect(
      (await call('wuxi', 'POST', `/api/complaints/${filed.json().id}`, { status: 'upheld', finding: '核实' }))
        .statusCode,
    ).toBe(403);
    const rating = async () =>
      (await call('province', 'GET', '/api/institutions-ratings'))
        .json()
        .find((r: { creditCode: string }) => r.creditCode === '12320100914177769G');
    const before = (await rating()).credit;
    expect(
      (
        await call('nanjing', 'POST', `/api/complaints/${filed.json().id}`, {
          status: 'upheld',
          finding: '经核实，实操课时不足',
        })
      ).json().status,
    ).toBe('upheld');
    expect(await rating()).toMatchObject({ credit: before - 3, complaintsUpheld: 1 });
    expect((await call('jigou', 'GET', '/api/complaints')).json()).toMatchObject({ total: 1, items: [{}] });
  });

  it('spot checks draw a sample reproducible from the seed, per city', async () => {
    const projects = Array.from({ length: 40 }, (_, i) => ({
      project_code: `P${i}`,
      city_code: i % 2 ? '320100' : '320200',
    }));
    const a = drawSample(projects, 'seed-2026-11', 10);
    expect(a).toEqual(drawSample([...projects].reverse(), 'seed-2026-11', 10));
    expect(a.filter((p) => p.city_code === '320100')).toHaveLength(2);
    expect(drawSample(projects, 'another-seed', 10)).not.toEqual(a);
    const drawn = (
      await call('nanjing', 'POST', '/api/quality/spot-checks', { seed: '2026-11 南京', sharePercent: 100 })
    ).json();
    expect(drawn.drawn.every((d: { city_code: string }) => d.city_code === '320100')).toBe(true);
    expect(drawn.drawn.map((d: { project_code: string }) => d.project_code)).toContain('P000001');
  });

  it('evaluations: self by the institution, third party and spot check by officials; a failed spot check costs credit', async () => {
    expect(
      (
        await call('jigou', 'POST', '/api/projects/P000001/evaluations', {
          source: 'spot_check',
          score: 90,
          findings: '自己抽查自己',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('jigou', 'POST', '/api/projects/P000001/evaluations', {
          source: 'self',
          score: 101,
          findings: '很好',
        })
      ).json().code,
    ).toBe('BAD_SCORE');
    expect(
      (
        await call('jigou', 'POST', '/api/projects/P000001/evaluations', {
          source: 'self',
          score: 95,
          findings: '按计划完成教学',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call('nanjing', 'POST', '/api/projects/P000001/evaluations', {
          source: 'third_party',
          score: 80,
          findings: '教学基本规范',
        })
      ).json().code,
    ).toBe('EVALUATOR_REQUIRED');
    expect(
      (
        await call('nanjing', 'POST', '/api/projects/P000001/evaluations', {
          source: 'third_party',
          score: 80,
          findings: '教学基本规范',
          evaluator: '江苏某评估公司',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call('wuxi', 'POST', '/api/projects/P000002/evaluations', {
          source: 'spot_check',
          score: 70,
          findings: '未抽中',
        })
      ).json().code,
    ).toBe('NOT_DRAWN');
    const credit = async () =>
      (await call('province', 'GET', '/api/institutions-ratings'))
        .json()
        .find((r: { creditCode: string }) => r.creditCode === '12320100914177769G');
    const before = await credit();
    expect(
      (
        await call('nanjing', 'POST', '/api/projects/P000001/evaluations', {
          source: 'spot_check',
          score: 50,
          findings: '现场学员人数与名册不符',
        })
      ).statusCode,
    ).toBe(201);
    const after = await credit();
    expect(after).toMatchObject({ credit: before.credit - 10, failedSpotChecks: 1 });
    expect(after.components.satisfaction).toBeNull();
    const report = (await call('nanjing', 'GET', '/api/quality')).json();
    const p = report.projects.find((x: { project_code: string }) => x.project_code === 'P000001');
    expect(p.evaluationScore).toBe(Math.round(((95 * 0.2 + 80 * 0.4 + 50 * 0.4) / 1.0) * 10) / 10);
    expect(report.institutions).toContainEqual(
      expect.objectContaining({ institutionCode: '12320100914177769G', projects: 1 }),
    );
    expect(
      (await call('jigou', 'GET', '/api/quality'))
        .json()
        .projects.every((x: { institution_code: string }) => x.institution_code === '12320100914177769G'),
    ).toBe(true);
  });
});
