import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { ledgerBalances, ledgerReport } from '../src/modules/subsidy/index.ts';

/** Finding 4 of issue 15: budgets set in parallel, audited, province only, codes checked. */
describe('setting budgets', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
  }, 120_000);
  afterAll(() => d.close());
  const put = (user: string, body: object) =>
    d.app.inject({
      method: 'PUT',
      url: '/api/budgets',
      payload: body,
      headers: { authorization: `Bearer ${d.tokens[user]}` },
    });

  it('20 parallel first settings of a new city/year leave one budget, the same appropriation, a balanced ledger and no 500', async () => {
    const scope = { cityCode: '320500', year: 2031, fund: 'employment_fund' as const };
    const res = await Promise.all(
      Array.from({ length: 20 }, () => put('province', { ...scope, amountFen: 1_000_000 })),
    );
    expect(res.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const [budget] = await d.ctx.db.query<{ amount_fen: number }>(
      'SELECT amount_fen FROM budgets WHERE city_code = $1 AND year = $2 AND fund = $3',
      [scope.cityCode, scope.year, scope.fund],
    );
    expect(budget.amount_fen).toBe(1_000_000);
    const [line] = await ledgerReport(d.ctx.db, { cityCode: scope.cityCode, year: scope.year });
    expect(line).toMatchObject({ budgetFen: 1_000_000, availableFen: 1_000_000 });
    expect((await ledgerBalances(d.ctx.db)).ok).toBe(true);
    // Exactly one setting found no budget; the other 19 found the first one's.
    expect(res.filter((r) => r.json().beforeFen === null)).toHaveLength(1);
  });

  it('parallel changes to different amounts end with the ledger’s budget equal to the stored one', async () => {
    const scope = { cityCode: '320600', year: 2031, fund: 'unemployment_insurance' as const };
    const res = await Promise.all(
      Array.from({ length: 20 }, (_, i) => put('province', { ...scope, amountFen: (i + 1) * 10_000 })),
    );
    expect(res.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const [budget] = await d.ctx.db.query<{ amount_fen: number }>(
      'SELECT amount_fen FROM budgets WHERE city_code = $1 AND year = $2 AND fund = $3',
      [scope.cityCode, scope.year, scope.fund],
    );
    const [line] = await ledgerReport(d.ctx.db, { cityCode: scope.cityCode, year: scope.year });
    expect(line.budgetFen).toBe(budget.amount_fen);
    expect((await ledgerBalances(d.ctx.db)).ok).toBe(true);
  });

  it('every change is audited with the amount before and after', async () => {
    const scope = { cityCode: '320100', year: 2032, fund: 'employment_fund' as const };
    await put('province', { ...scope, amountFen: 500_000 });
    await put('province', { ...scope, amountFen: 300_000 });
    const rows = await d.ctx.db.query<{ actor: string; before: unknown; after: unknown }>(
      `SELECT actor, before, after FROM audit_log WHERE action = 'budget.set' AND entity_id = '320100/2032/employment_fund' ORDER BY seq`,
    );
    expect(rows).toEqual([
      { actor: 'province_admin:province', before: null, after: { amountFen: 500_000 } },
      { actor: 'province_admin:province', before: { amountFen: 500_000 }, after: { amountFen: 300_000 } },
    ]);
  });

  it('an unknown city code is refused in both languages, and nothing is written', async () => {
    const res = await put('province', { cityCode: '329900', year: 2031, fund: 'employment_fund', amountFen: 100 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'UNKNOWN_CITY',
      message: expect.stringContaining('329900'),
      message_en: expect.stringContaining('unknown city'),
    });
    expect(await d.ctx.db.query(`SELECT 1 FROM budgets WHERE city_code = '329900'`)).toEqual([]);
    expect(await d.ctx.db.query(`SELECT 1 FROM ledger_entries WHERE city_code = '329900'`)).toEqual([]);
  });

  it('an unknown fund is refused', async () => {
    const res = await put('province', { cityCode: '320100', year: 2031, fund: 'lottery', amountFen: 100 });
    expect(res.statusCode).toBe(400);
  });

  it('a city officer cannot set a budget, not even their own city’s', async () => {
    const res = await put('nanjing', { cityCode: '320100', year: 2031, fund: 'employment_fund', amountFen: 100 });
    expect(res.statusCode).toBe(403);
    expect(await d.ctx.db.query(`SELECT 1 FROM budgets WHERE city_code = '320100' AND year = 2031`)).toEqual([]);
  });
});
