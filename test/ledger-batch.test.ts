import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from './support/context.ts';
import { ledgerBalances, ledgerReport } from '../src/modules/subsidy/index.ts';
import { post, postMany, type PostingOf } from '../src/modules/subsidy/ledger.ts';

/** Settlement commits a batch's approvals with one multi-row INSERT (postMany): the same ledger as one post each. */
describe('posting many ledger transactions at once', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
  }, 120_000);
  afterAll(() => ctx.drop());

  const at = new Date('2027-03-01T02:00:00Z');
  const items = (cityCode: string): PostingOf[] => [
    {
      scope: { cityCode, fund: 'employment_fund', year: 2027 },
      amountFen: 150_000,
      applicationId: `${cityCode}-A`,
      memo: 'approved',
    },
    {
      scope: { cityCode, fund: 'unemployment_insurance', year: 2026 },
      amountFen: 99,
      applicationId: `${cityCode}-B`,
      memo: 'approved',
    },
    {
      scope: { cityCode, fund: 'employment_fund', year: 2027 },
      amountFen: 0,
      applicationId: `${cityCode}-C`,
      memo: 'approved',
    },
    { scope: { cityCode, fund: 'employment_fund', year: 2027 }, amountFen: -2_000, memo: 'cut' },
  ];
  const entries = (cityCode: string) =>
    ctx.db.query<Record<string, unknown>>(
      `SELECT account, fund, year, debit_fen, credit_fen, application_id, memo, at FROM ledger_entries
       WHERE city_code = $1 ORDER BY id`,
      [cityCode],
    );

  it('writes one balanced transaction per non-zero item, the same entries in the same order as posting each', async () => {
    await ctx.db.transaction((tx) => postMany(tx, 'commit', items('990100'), at));
    await ctx.db.transaction(async (tx) => {
      for (const i of items('990200'))
        await post(tx, 'commit', i.scope, i.amountFen, { applicationId: i.applicationId, memo: i.memo, at });
    });
    const many = await entries('990100');
    expect(many).toHaveLength(6); // three transactions of two legs; the zero moves nothing
    expect(many).toEqual(
      (await entries('990200')).map((e) => ({
        ...e,
        application_id: (e.application_id as string | null)?.replace('990200', '990100') ?? null,
      })),
    );
    const txs = await ctx.db.query<{ legs: number; d: number; c: number }>(
      `SELECT count(*)::int AS legs, sum(debit_fen)::bigint AS d, sum(credit_fen)::bigint AS c FROM ledger_entries
       WHERE city_code = '990100' GROUP BY tx_id`,
    );
    expect(txs).toHaveLength(3);
    for (const t of txs) expect([t.legs, t.d]).toEqual([2, t.c]);
    expect(await ledgerBalances(ctx.db, '990100')).toMatchObject({ ok: true, unbalancedTx: 0 });
    const [line] = (await ledgerReport(ctx.db, { cityCode: '990100', year: 2027 })).filter(
      (l) => l.fund === 'employment_fund',
    );
    expect(line).toMatchObject({ committedFen: 148_000, availableFen: -148_000 });
  });

  it('posts nothing for an empty list or only zero amounts', async () => {
    await ctx.db.transaction(async (tx) => {
      await postMany(tx, 'commit', [], at);
      await postMany(
        tx,
        'commit',
        [{ scope: { cityCode: '990300', fund: 'employment_fund', year: 2027 }, amountFen: 0, memo: 'x' }],
        at,
      );
    });
    expect(await entries('990300')).toEqual([]);
  });
});
