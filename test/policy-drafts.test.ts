import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { approvePolicy } from '../src/modules/subsidy/index.ts';
import { draftPolicy } from '../src/modules/subsidy/policy-drafts.ts';
import { SYSTEM_PROVINCE, type Actor } from '../src/kernel/auth.ts';
import { runSettlement } from '../src/workflows/settle.ts';
import { testContext } from './support/context.ts';
import { bearerToken, demoApp, type DemoApp } from './support/demo-app.ts';

const SECOND_PASSWORD = 'Second-Official#2026';
const L3A = 'trainingBaseFen.levelled.L3.A';

/** A decision's amount as policy.md § Amount computes it (city factor 1.00 everywhere in the example). */
const amountOf = (baseFen: number, shortage: boolean) => Math.round((baseFen * (shortage ? 13000 : 10000)) / 10000);

describe('province policy drafts over the API', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
    await createUser(d.ctx.db, 'test', {
      username: 'province2',
      displayName: '省级复核人',
      role: 'province_admin',
      password: SECOND_PASSWORD,
    });
    d.tokens.province2 = await bearerToken(d.app, 'province2', SECOND_PASSWORD);
  });
  afterAll(() => d.close());

  it('refuses a draft with a number out of range, an unknown number or no change, naming each', async () => {
    const bad = await d.call('province', 'POST', '/api/policies/drafts', {
      effectiveFrom: '2027-01-01',
      numbers: { [L3A]: -1, shortageFactorBp: 99999, 'no.such': 1, attendanceMinPercent: 80.5 },
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.code).toBe('POLICY_INVALID');
    expect(body.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(
      ['attendanceMinPercent', 'no.such', 'shortageFactorBp', L3A].sort(),
    );
    expect(body.message).toContain('培训补贴基础金额 · 高级工 · A类');
    expect(body.message_en).toContain('must be between ¥0.00 and ¥100,000.00');
    const bounds = await d.call('province', 'POST', '/api/policies/drafts', {
      effectiveFrom: '2027-01-01',
      numbers: { 'cityFactorBoundsBp.0': 12000, 'cityFactorBoundsBp.1': 11000 },
    });
    expect(bounds.json().code).toBe('POLICY_INVALID');
    const same = await d.call('province', 'POST', '/api/policies/drafts', {
      effectiveFrom: '2027-01-01',
      numbers: { [L3A]: 200000 },
    });
    expect([same.statusCode, same.json().code]).toEqual([400, 'POLICY_UNCHANGED']);
    const date = await d.call('province', 'POST', '/api/policies/drafts', { effectiveFrom: '2027-02-30', numbers: {} });
    expect(date.statusCode).toBe(400);
  });

  it('a city cannot draft a province version, weigh it, approve it or read its diff', async () => {
    const draft = await d.call('nanjing', 'POST', '/api/policies/drafts', {
      effectiveFrom: '2027-01-01',
      numbers: { [L3A]: 250000 },
    });
    expect(draft.statusCode).toBe(403);
    const mine = (
      await d.call('province', 'POST', '/api/policies/drafts', {
        effectiveFrom: '2027-01-01',
        numbers: { [L3A]: 250000 },
      })
    ).json();
    const code = encodeURIComponent(mine.code);
    expect(
      (await d.call('nanjing', 'POST', `/api/policies/${code}/what-if`, { from: '2025-01-01', to: '2026-12-31' }))
        .statusCode,
    ).toBe(403);
    expect((await d.call('nanjing', 'POST', `/api/policies/${code}/approve`)).statusCode).toBe(403);
    expect((await d.call('nanjing', 'GET', `/api/policies/${code}/diff`)).statusCode).toBe(404);
    // Drafts are not published; the province sees them with who drafted them.
    expect((await d.call('', 'GET', '/api/policies')).json().map((v: { code: string }) => v.code)).not.toContain(
      mine.code,
    );
    const listed = (await d.call('province', 'GET', '/api/policies'))
      .json()
      .find((v: { code: string }) => v.code === mine.code);
    expect(listed.created_by).toBe('province_admin:province');
    expect((await d.call('province', 'POST', `/api/policies/${code}/withdraw`)).json().status).toBe('withdrawn');
  });

  it('a city’s own what-if counts its city only', async () => {
    const rows = (
      await d.call('nanjing', 'POST', '/api/policies/what-if', {
        from: '2025-01-01',
        to: '2026-12-31',
        shortageFactor: '1.50',
      })
    ).json() as { cityCode: string }[];
    expect(rows.map((r) => r.cityCode)).toEqual(['320100']);
  });

  it('drafts one raised base amount: diff, what-if equal to the amounts re-computed, four-eyes approval', async () => {
    const created = await d.call('province', 'POST', '/api/policies/drafts', {
      effectiveFrom: '2027-01-01',
      numbers: { [L3A]: 250000 },
    });
    expect(created.statusCode).toBe(200);
    const { code } = created.json();
    expect(code).toMatch(/^JS-2025\.\d+$/);
    const enc = encodeURIComponent(code);
    const diff = (await d.call('province', 'GET', `/api/policies/${enc}/diff`)).json();
    expect(diff.against).toBe('JS-2025');
    expect(diff.changes).toEqual([
      {
        path: L3A,
        zh: '培训补贴基础金额 · 高级工 · A类',
        en: 'Training base · Senior worker · category A',
        unit: 'fen',
        before: 200000,
        after: 250000,
      },
    ]);

    const report = (
      await d.call('province', 'POST', `/api/policies/${enc}/what-if`, { from: '2025-01-01', to: '2026-12-31' })
    ).json();
    // The expected difference, computed from the stored decisions: each approved L3 training
    // decision of a category-A occupation gains 500 yuan × its shortage factor.
    const affected = await d.ctx.db.query<{ city_code: string; shortage: boolean }>(
      `SELECT d.city_code, d.shortage FROM decisions d JOIN occupations o ON o.code = d.occupation_code
       WHERE d.decision = 'approved' AND d.type = 'training' AND d.level = 'L3' AND o.category = 'A'
         AND d.applied_on BETWEEN '2025-01-01' AND '2026-12-31'`,
    );
    expect(affected.length).toBeGreaterThan(0);
    for (const row of report.byCity) {
      const gain = affected
        .filter((a) => a.city_code === row.key)
        .reduce((n, a) => n + amountOf(250000, a.shortage) - amountOf(200000, a.shortage), 0);
      expect(row.draftFen - row.actualFen, row.key).toBe(gain);
      expect(row.draftApproved).toBe(row.actualApproved);
    }
    const l3 = report.byLevel.find((r: { key: string }) => r.key === 'L3');
    expect(l3.draftFen - l3.actualFen).toBe(affected.reduce((n, a) => n + amountOf(50000, a.shortage), 0));
    expect(report.byType.map((r: { key: string }) => r.key)).toEqual(['skill_upgrade', 'training']);

    const own = await d.call('province', 'POST', `/api/policies/${enc}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('FOUR_EYES');
    expect(own.json().message).toContain('起草人不能批准');
    const second = await d.call('province2', 'POST', `/api/policies/${enc}/approve`);
    expect(second.json()).toEqual({ code, status: 'active' });
    const audit = await d.ctx.db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
      [code],
    );
    expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual([
      'policy.draft province_admin:province',
      'policy.approve province_admin:province2',
    ]);
  });
});

describe('which version a decision uses', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  const drafter: Actor = { ...SYSTEM_PROVINCE, username: 'drafter' };
  const approver: Actor = { ...SYSTEM_PROVINCE, username: 'approver' };
  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, path.resolve(import.meta.dirname, '../demo/small/bundle'), {
      actor: 'test',
      vault: ctx.vault,
    });
  });
  afterAll(() => ctx.drop());

  it('decides by the version in force on applied_on; a new version never re-decides the past', async () => {
    await runSettlement(ctx, { asOf: '2025-12-31', actor: 'test' });
    const before = await ctx.db.query(
      'SELECT application_id, decision, amount_fen, policy_version FROM decisions ORDER BY 1',
    );
    expect(before.length).toBeGreaterThan(0);
    const { code } = await draftPolicy(ctx.db, drafter, {
      effectiveFrom: '2026-01-01',
      numbers: { [L3A]: 250000, 'trainingBaseFen.levelled.L4.A': 180000 },
    });
    await approvePolicy(ctx.db, approver, code);
    await runSettlement(ctx, { asOf: '2026-12-31', actor: 'test' });
    const after = await ctx.db.query(
      `SELECT application_id, decision, amount_fen, policy_version FROM decisions WHERE applied_on <= '2025-12-31' ORDER BY 1`,
    );
    expect(after).toEqual(before);
    expect(await ctx.db.query(`SELECT DISTINCT policy_version FROM decisions WHERE applied_on < '2026-01-01'`)).toEqual(
      [{ policy_version: 'JS-2025' }],
    );
    expect(
      await ctx.db.query(`SELECT DISTINCT policy_version FROM decisions WHERE applied_on >= '2026-01-01'`),
    ).toEqual([{ policy_version: code }]);
    const raised = await ctx.db.query<{ level: string; shortage: boolean; amount_fen: number }>(
      `SELECT d.level, d.shortage, d.amount_fen::int AS amount_fen FROM decisions d JOIN occupations o ON o.code = d.occupation_code
       WHERE d.decision = 'approved' AND d.type = 'training' AND d.level IN ('L3', 'L4') AND o.category = 'A' AND d.applied_on >= '2026-01-01'`,
    );
    expect(raised.length).toBeGreaterThan(0);
    for (const r of raised) expect(r.amount_fen).toBe(amountOf(r.level === 'L3' ? 250000 : 180000, r.shortage));
  });
});
