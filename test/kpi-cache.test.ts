import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/composition/demo.ts';
import { computeKpi, computeKpiFresh, dashboard, dataVersion } from '../src/modules/reporting/index.ts';
import { MARKET_SOURCES } from '../src/modules/reporting/kpi-cache.ts';
import { testContext } from './support/context.ts';

/** Pages read the KPI through a version-checked cache; its numbers must always be the export's. */
describe('KPI cache', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
  });
  afterAll(() => ctx.drop());
  const total = (rows: { indicator: string; dimension: string; value: number }[], ind: string) =>
    rows.find((r) => r.indicator === ind && r.dimension === 'total')?.value ?? 0;

  it('gives what the records give, again and again while nothing changes', async () => {
    const v = await dataVersion(ctx.db);
    expect(await computeKpi(ctx.db)).toEqual(await computeKpiFresh(ctx.db));
    expect(await computeKpi(ctx.db)).toEqual(await computeKpiFresh(ctx.db));
    expect(await dataVersion(ctx.db)).toBe(v);
  });

  it('a change to what the KPI reads moves the version and the cached numbers follow at once', async () => {
    const before = await computeKpi(ctx.db);
    const dash = await dashboard(ctx.db, '2026-12-31', null);
    const v = await dataVersion(ctx.db);
    const [{ certificate_no }] = await ctx.db.query<{ certificate_no: string }>(
      `SELECT certificate_no FROM certificates WHERE kind = 'skill_level' AND revoked_on IS NULL LIMIT 1`,
    );
    await ctx.db.query(`UPDATE certificates SET revoked_on = '2026-12-01' WHERE certificate_no = $1`, [certificate_no]);
    expect(await dataVersion(ctx.db)).toBeGreaterThan(v);
    const after = await computeKpi(ctx.db);
    expect(total(after, 'new_certificates')).toBe(total(before, 'new_certificates') - 1);
    expect(after).toEqual(await computeKpiFresh(ctx.db));
    const dash2 = await dashboard(ctx.db, '2026-12-31', null);
    expect(dash2.totals.find((t) => t.indicator === 'new_certificates')!.actual).toBe(
      dash.totals.find((t) => t.indicator === 'new_certificates')!.actual - 1,
    );
  });

  it('a change to a table no page reads leaves the version alone; one the labour market reads moves it', async () => {
    const v = await dataVersion(ctx.db);
    await ctx.db.query(`UPDATE institutions SET name = name WHERE credit_code = '12320100914177769G'`);
    await ctx.db.query(
      `INSERT INTO training_requests (request_id, person_key, occupation_code, city_code, created_by) SELECT 'TRX', person_key, '6-18-02-04', city_code, 't' FROM persons LIMIT 1`,
    );
    expect(await dataVersion(ctx.db)).toBe(v);
    // The labour market reads job orders: a new order moves its version, not the KPI's.
    const market = await dataVersion(ctx.db, MARKET_SOURCES);
    await ctx.db.query(
      `INSERT INTO job_orders (order_id, enterprise_code, occupation_code, headcount, city_code, pay_min_fen, pay_max_fen, deadline, created_by) VALUES ('JOX', '913201001736662571', '6-18-02-04', 1, '320100', 1, 2, '2027-01-01', 't')`,
    );
    expect(await dataVersion(ctx.db, MARKET_SOURCES)).toBeGreaterThan(market);
    expect(await dataVersion(ctx.db)).toBe(v);
  });
});
