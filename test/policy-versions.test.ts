import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

describe('policy versions and what-if', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, user: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens[user]}` } });
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    app = await buildApp(ctx);
    for (const u of ['province', 'nanjing']) tokens[u] = await bearerToken(app, u);
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('a what-if reports the difference by city and changes nothing', async () => {
    const before = await ctx.db.query('SELECT application_id, decision, amount_fen FROM decisions ORDER BY 1');
    const res = await call('POST', '/api/policies/what-if', 'province', {
      from: '2025-01-01',
      to: '2026-12-31',
      cityFactors: { '320100': '1.20' },
    });
    expect(res.statusCode).toBe(200);
    const rows = res.json() as {
      cityCode: string;
      actualApproved: number;
      draftApproved: number;
      actualFen: number;
      draftFen: number;
      changedDecisions: number;
    }[];
    const nj = rows.find((r) => r.cityCode === '320100')!;
    expect(nj.draftApproved).toBe(nj.actualApproved);
    expect(nj.draftFen).toBe(Math.round(nj.actualFen * 1.2));
    expect(nj.changedDecisions).toBe(nj.actualApproved + 1); // + A0000023, under review: its computed amount changes too
    for (const r of rows.filter((x) => x.cityCode !== '320100'))
      expect([r.draftApproved, r.draftFen, r.changedDecisions]).toEqual([r.actualApproved, r.actualFen, 0]);
    expect(await ctx.db.query('SELECT application_id, decision, amount_fen FROM decisions ORDER BY 1')).toEqual(before);
  });

  it('a city proposes its factor within [0.70, 1.30]; the province approves; settlement records the version', async () => {
    expect(
      (
        await call('POST', '/api/policies/city-factor', 'nanjing', {
          cityCode: '320100',
          factor: '1.40',
          effectiveFrom: '2025-01-01',
        })
      ).json().code,
    ).toBe('FACTOR_OUT_OF_BOUNDS');
    expect(
      (
        await call('POST', '/api/policies/city-factor', 'nanjing', {
          cityCode: '320200',
          factor: '1.10',
          effectiveFrom: '2025-01-01',
        })
      ).statusCode,
    ).toBe(403);
    const proposed = (
      await call('POST', '/api/policies/city-factor', 'nanjing', {
        cityCode: '320100',
        factor: '1.10',
        effectiveFrom: '2025-01-01',
      })
    ).json();
    expect(proposed).toEqual({ code: 'JS-2025/320100/1', status: 'proposed' });
    expect(
      (await call('POST', `/api/policies/${encodeURIComponent(proposed.code)}/approve`, 'nanjing')).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/policies/${encodeURIComponent(proposed.code)}/approve`, 'province')).json(),
    ).toEqual({ code: proposed.code, status: 'active' });
    // A new application in Nanjing, without a project: the residence city's factor applies.
    const [p] = await ctx.db.query<{ person_key: string }>(
      `SELECT person_key FROM persons WHERE city_code = '320100' AND insured_months >= 12 ORDER BY person_key LIMIT 1`,
    );
    await ctx.db.query(
      `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code)
      SELECT 'Y999', $1, 'JS-0004', 'skill_level', 'L4', '2026-10-01', credit_code FROM institutions WHERE 'evaluation' = ANY(roles) AND listed_from IS NOT NULL AND blacklisted_from IS NULL LIMIT 1`,
      [p.person_key],
    );
    await ctx.db.query(
      `INSERT INTO applications (application_id, person_key, type, certificate_no, applied_on) VALUES ('AX1', $1, 'skill_upgrade', 'Y999', '2026-10-05')`,
      [p.person_key],
    );
    const { settleApplications } = await import('../src/modules/subsidy/index.ts');
    await settleApplications(ctx.db, { asOf: '2026-12-31', actor: 'test' });
    const [d] = await ctx.db.query(
      'SELECT decision, amount_fen, policy_version FROM decisions WHERE application_id = $1',
      ['AX1'],
    );
    expect(d).toEqual({ decision: 'approved', amount_fen: 165000, policy_version: 'JS-2025+JS-2025/320100/1' });
  });
});
