import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FRACTION, loadDemo } from '../src/composition/demo.ts';
import { dashboard, PLAN } from '../src/modules/reporting/index.ts';
import { ledgerBalances, ledgerReport } from '../src/modules/subsidy/index.ts';
import { listCourses } from '../src/workflows/courses.ts';
import { testContext } from './support/context.ts';

/** What `serve --demo` loads: the worked example plus the generated 1/1000 Jiangsu, targets scaled to match. */
describe('the demo province (scale province)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  const log: string[] = [];
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx, (s) => log.push(s), { scale: 'province' });
  }, 240_000);
  afterAll(() => ctx.drop());

  it('says what it is doing, step by step, in Chinese and English', () => {
    expect(log.join('\n')).toMatch(/生成演示省份.*generating the demo province/);
    expect(log.join('\n')).toMatch(/导入演示省份.*importing/);
    expect(log.at(-1)).toMatch(/演示省份就绪/);
  });

  it('scales every target by the documented fraction, and the cities still sum to the province', async () => {
    const rows = await ctx.db.query<{ indicator: string; dimension: string; value: number }>(
      'SELECT indicator, dimension, value FROM targets',
    );
    for (const [indicator, full] of Object.entries(PLAN.totals)) {
      const total = rows.find((r) => r.indicator === indicator && r.dimension === 'total')!.value;
      expect(total).toBe(Math.round(full * DEMO_FRACTION));
      const cities = rows.filter((r) => r.indicator === indicator && r.dimension === 'city');
      expect(cities).toHaveLength(13);
      expect(cities.reduce((s, r) => s + r.value, 0)).toBe(total);
    }
  });

  it('puts some cities ahead of pace, some on it and some behind on subsidized trainings', async () => {
    const board = await dashboard(ctx.db, '2026-11-30', null);
    const progress = board.cities.filter((c) => c.indicator === 'subsidized_trainings').map((c) => c.progress ?? 0);
    expect(progress.some((p) => p >= 1.2)).toBe(true);
    expect(progress.some((p) => p >= 0.9 && p < 1.1)).toBe(true);
    expect(progress.some((p) => p < 0.7)).toBe(true);
  });

  it('opens with integrity cases to work (the generated province plants fraud) and class titles in words', async () => {
    const [{ cases }] = await ctx.db.query<{ cases: number }>(
      "SELECT count(*)::int AS cases FROM integrity_cases WHERE status = 'open'",
    );
    expect(cases).toBeGreaterThan(5);
    const titles = await ctx.db.query<{ title: string }>(
      "SELECT title FROM projects WHERE project_code ~ '^P[0-9]{7}$'",
    );
    expect(titles.length).toBeGreaterThan(50);
    for (const { title } of titles) expect(title).toMatch(/^[\u4e00-\u9fa5（）·、]+培训班（第\d+期）$/);
  });

  it('offers upcoming classes in 找培训 across the cities, with the subsidy to expect', async () => {
    const { items, total } = await listCourses(ctx.db, {});
    expect(total).toBeGreaterThanOrEqual(10);
    expect(new Set(items.map((c) => c.cityName)).size).toBeGreaterThanOrEqual(10);
    expect(items.some((c) => c.subsidy && c.subsidy.amountFen > 0)).toBe(true);
  });

  it('keeps the worked example and its accounts: the demo worker’s own decision is there', async () => {
    const [d] = await ctx.db.query("SELECT decision FROM decisions WHERE application_id = 'A0000001'");
    expect(d).toEqual({ decision: 'approved' });
    const [{ n }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(n).toBeGreaterThanOrEqual(8);
    const [{ projects }] = await ctx.db.query<{ projects: number }>('SELECT count(*)::int AS projects FROM projects');
    expect(projects).toBeGreaterThan(100);
  });

  it('gives every city a budget in whole 万元 above its approvals but one, and the ledger still balances', async () => {
    const lines = (await ledgerReport(ctx.db)).filter((l) => l.committedFen + l.paidFen + l.receivableFen > 0);
    expect(new Set(lines.map((l) => l.cityCode)).size).toBe(13);
    for (const l of lines) {
      expect(l.budgetFen % 1_000_000).toBe(0);
      expect(l.budgetFen).toBe(l.availableFen + l.committedFen + l.paidFen + l.receivableFen);
    }
    const short = lines.filter((l) => l.availableFen < 0).map((l) => l.cityCode);
    expect(new Set(short)).toEqual(new Set(['321300']));
    expect(await ledgerBalances(ctx.db)).toMatchObject({ ok: true, unbalancedTx: 0 });
  });

  it('puts 技能活动 on the calendar ahead of today and tags a third of the projects with a named programme', async () => {
    const [{ upcoming }] = await ctx.db.query<{ upcoming: number }>(
      'SELECT count(*)::int AS upcoming FROM field_activities WHERE starts_at > now()',
    );
    expect(upcoming).toBeGreaterThanOrEqual(4);
    const tagged = await ctx.db.query<{ programme: string; n: number }>(
      'SELECT programme_code AS programme, count(*)::int AS n FROM project_programmes GROUP BY 1',
    );
    expect(tagged.length).toBeGreaterThanOrEqual(3);
    expect(tagged.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(20);
  });
});
