import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/composition/demo.ts';
import {
  computeKpi,
  computeKpiFresh,
  dashboard,
  factsByTag,
  factsByTagFresh,
  refreshKpiRollup,
} from '../src/modules/reporting/index.ts';
import { testContext } from './support/context.ts';

/**
 * The daily KPI rollup (migration 0019) against the records: whatever changes, the pages' numbers
 * (computeKpi, from the rollup) equal the standard's export (computeKpiFresh, from the records).
 */
describe('the daily KPI rollup', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let persons: string[];
  let projects: string[];
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    persons = (await ctx.db.query<{ person_key: string }>('SELECT person_key FROM persons ORDER BY person_key')).map(
      (r) => r.person_key,
    );
    projects = (
      await ctx.db.query<{ project_code: string }>('SELECT project_code FROM projects ORDER BY project_code')
    ).map((r) => r.project_code);
    // Tags for the programmes board's figures (kpi_tag_daily): every third project a programme,
    // every fifth a carrier of its city.
    await ctx.db.exec(`
      INSERT INTO carriers (id, kind, name, city_code, owner, created_by)
        SELECT gen_random_uuid(), 'master_studio', name || '工作室', code, 'test', 'test' FROM cities;
      INSERT INTO project_programmes (project_code, programme_code, tagged_by)
        SELECT p.project_code, (SELECT code FROM programmes ORDER BY code LIMIT 1), 'test' FROM projects p
        WHERE hashtext(p.project_code) % 3 = 0;
      INSERT INTO project_carriers (project_code, carrier_id, tagged_by)
        SELECT p.project_code, c.id, 'test' FROM projects p JOIN carriers c ON c.city_code = p.city_code
        WHERE hashtext(p.project_code) % 5 = 0;`);
  }, 120_000);
  afterAll(async () => {
    await ctx.drop();
  });

  const periods = [{}, { from: '2025-01-01', to: '2026-06-30' }, { from: '2026-01-01', to: '2026-01-31' }];
  const agree = async () => {
    for (const period of periods) {
      for (const city of [null, '320100'])
        expect(await computeKpi(ctx.db, period, city), JSON.stringify({ period, city })).toEqual(
          await computeKpiFresh(ctx.db, period, city),
        );
    }
    // The dashboard's monthly trend (from the rollup) against a count from the records.
    for (const city of [null, '320100']) {
      const fresh = await ctx.db.query(
        `SELECT to_char(applied_on, 'YYYY-MM') AS month, 'subsidized_trainings' AS indicator, count(*)::int AS value FROM decisions
           WHERE decision = 'approved' AND applied_on BETWEEN '2025-01-01' AND '2027-12-31' AND ($1::text IS NULL OR city_code = $1) GROUP BY 1
         UNION ALL
         SELECT to_char(c.issued_on, 'YYYY-MM'), 'new_certificates', count(*)::int FROM certificates c JOIN persons p ON p.person_key = c.person_key
           WHERE c.kind IN ('skill_level', 'qualification') AND c.revoked_on IS NULL AND c.issued_on BETWEEN '2025-01-01' AND '2027-12-31' AND ($1::text IS NULL OR p.city_code = $1) GROUP BY 1
         ORDER BY 1, 2`,
        [city],
      );
      expect((await dashboard(ctx.db, '2027-12-31', city)).trend, `trend ${city}`).toEqual(fresh);
    }
    // The programmes board's figures by programme and carrier (kpi_tag_daily) against the records.
    for (const kind of ['programme', 'carrier'] as const)
      for (const [from, to] of [
        ['2025-01-01', '2027-12-31'],
        ['2026-01-01', '2026-06-30'],
        // Odd days at either end (daily rows) around whole months (kpi_tag_monthly), and none whole.
        ['2025-03-15', '2026-02-10'],
        ['2025-12-31', '2026-02-28'],
        ['2026-03-05', '2026-03-20'],
        ['2026-02-01', '2026-02-27'],
      ])
        for (const city of [null, '320100'])
          expect(await factsByTag(ctx.db, kind, from, to, city), JSON.stringify({ kind, from, to, city })).toEqual(
            await factsByTagFresh(ctx.db, kind, from, to, city),
          );
    // The board's monthly sums (kpi_tag_monthly, migration 0063) equal the daily rollup recounted by
    // month, row for row: nothing missing, nothing extra, nothing stale.
    await refreshKpiRollup(ctx.db);
    const monthly = `SELECT indicator, to_char(month, 'YYYY-MM-DD') AS month, city, tag, key, n FROM kpi_tag_monthly`;
    const recount = `SELECT indicator, to_char(date_trunc('month', day), 'YYYY-MM-DD'), city, tag, key, sum(n)::int
      FROM kpi_tag_daily GROUP BY 1, 2, 3, 4, 5`;
    expect(await ctx.db.query(`(${monthly}) EXCEPT ALL (${recount})`), 'extra or stale monthly rows').toEqual([]);
    expect(await ctx.db.query(`(${recount}) EXCEPT ALL (${monthly})`), 'missing monthly rows').toEqual([]);
  };

  it('equals the count from the records after loading', async () => {
    expect((await computeKpiFresh(ctx.db)).length).toBeGreaterThan(10);
    expect((await factsByTagFresh(ctx.db, 'programme', '2025-01-01', '2027-12-31', null)).length).toBeGreaterThan(0);
    expect((await factsByTagFresh(ctx.db, 'carrier', '2025-01-01', '2027-12-31', '320100')).length).toBeGreaterThan(0);
    await agree();
  });

  it('recounts only the day a new certificate was issued on', async () => {
    await computeKpi(ctx.db);
    await ctx.db.query(
      `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code)
                        SELECT 'ROLLUP-T-1', $1, '6-18-02-04', 'skill_level', 'L3', '2026-02-03', 'E'`,
      [persons[0]],
    );
    expect(await refreshKpiRollup(ctx.db)).toBe(1);
    expect(await refreshKpiRollup(ctx.db)).toBe(0);
    await agree();
  });

  it('a recount writes only the numbers that moved: a correction that moves none rewrites no row', async () => {
    await refreshKpiRollup(ctx.db);
    const rows = () =>
      ctx.db.query<{ key: string; xmin: string }>(
        `SELECT indicator || dimension || key || coalesce(city, '') AS key, xmin::text AS xmin FROM kpi_daily
         WHERE day = '2026-02-03' ORDER BY 1`,
      );
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    // Written again as a correction would, unchanged: its day is marked and recounted, nothing moved.
    await ctx.db.query("UPDATE certificates SET revoke_reason = revoke_reason WHERE certificate_no = 'ROLLUP-T-1'");
    expect(await refreshKpiRollup(ctx.db)).toBe(1);
    expect(await rows()).toEqual(before);
    // Revoked: the numbers it counted in move (rewritten), the others stay as they were.
    await ctx.db.query("UPDATE certificates SET revoked_on = '2026-03-01' WHERE certificate_no = 'ROLLUP-T-1'");
    expect(await refreshKpiRollup(ctx.db)).toBe(1);
    const after = await rows();
    const kept = after.filter((r) => before.some((b) => b.key === r.key && b.xmin === r.xmin));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(before.length);
    await agree();
    await ctx.db.query("UPDATE certificates SET revoked_on = NULL WHERE certificate_no = 'ROLLUP-T-1'");
    await agree();
  });

  it('a retag moves the numbers of the days of that project’s facts, by tag only', async () => {
    await refreshKpiRollup(ctx.db);
    // The days its facts count on (approved decisions, valid skill certificates): a delta moves those (migration 0064).
    const [p] = await ctx.db.query<{ project_code: string; days: number }>(
      `SELECT p.project_code, (SELECT count(*)::int FROM (
         SELECT applied_on FROM decisions d WHERE d.project_code = p.project_code AND d.decision = 'approved'
         UNION SELECT issued_on FROM certificates c WHERE c.project_code = p.project_code
           AND c.kind IN ('skill_level', 'qualification') AND c.revoked_on IS NULL) x) AS days
       FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_carriers t WHERE t.project_code = p.project_code)
       ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    expect(p!.days).toBeGreaterThan(0);
    const before = await ctx.db.query('SELECT * FROM kpi_daily ORDER BY indicator, day, city, dimension, key');
    const carrier = await ctx.db.query<{ id: string }>('SELECT id FROM carriers ORDER BY id LIMIT 1');
    await ctx.db.query(`INSERT INTO project_carriers (project_code, carrier_id, tagged_by) VALUES ($1, $2, 'test')`, [
      p!.project_code,
      carrier[0]!.id,
    ]);
    expect(await refreshKpiRollup(ctx.db)).toBe(p!.days);
    expect(await ctx.db.query('SELECT * FROM kpi_daily ORDER BY indicator, day, city, dimension, key')).toEqual(before);
    await agree();
    await ctx.db.query('DELETE FROM project_carriers WHERE project_code = $1', [p!.project_code]);
    await agree();
  });

  it('stays equal to the records under any sequence of changes', async () => {
    const day = fc
      .integer({ min: 0, max: 900 })
      .map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('certify' as const),
        person: fc.nat(),
        day,
        level: fc.constantFrom('L1', 'L3', 'L5'),
      }),
      fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('uncertify' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('regroup' as const),
        person: fc.nat(),
        groups: fc.subarray(['G1', 'G2', 'G5', 'G9']),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        person: fc.nat(),
        city: fc.constantFrom('320100', '320200', '320500'),
      }),
      fc.record({
        kind: fc.constant('decide' as const),
        pick: fc.nat(),
        decision: fc.constantFrom('approved', 'rejected'),
      }),
      fc.record({ kind: fc.constant('retask' as const), project: fc.nat(), task: fc.integer({ min: 1, max: 15 }) }),
      fc.record({ kind: fc.constant('register' as const), n: fc.nat() }),
      fc.record({ kind: fc.constant('reproject' as const), pick: fc.nat(), project: fc.nat() }),
      fc.record({ kind: fc.constant('retag' as const), project: fc.nat(), tagged: fc.boolean() }),
    );
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
        for (const c of changes) {
          if (c.kind === 'certify') {
            await ctx.db.query(
              `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code) VALUES ($1, $2, '6-18-02-04', 'skill_level', $3, $4, 'E')`,
              [`ROLLUP-${++serial}`, persons[c.person % persons.length], c.level, c.day],
            );
          } else if (c.kind === 'revoke' || c.kind === 'uncertify') {
            const certs = await ctx.db.query<{ certificate_no: string }>(
              `SELECT certificate_no FROM certificates WHERE revoked_on IS NULL ORDER BY certificate_no`,
            );
            const no = certs[c.pick % certs.length].certificate_no;
            if (c.kind === 'revoke')
              await ctx.db.query(
                `UPDATE certificates SET revoked_on = '2026-11-01', revoke_reason = 'test' WHERE certificate_no = $1`,
                [no],
              );
            else if (no.startsWith('ROLLUP-'))
              await ctx.db.query('DELETE FROM certificates WHERE certificate_no = $1', [no]);
          } else if (c.kind === 'regroup') {
            await ctx.db.query('UPDATE persons SET groups = $2 WHERE person_key = $1', [
              persons[c.person % persons.length],
              c.groups,
            ]);
          } else if (c.kind === 'move') {
            await ctx.db.query('UPDATE persons SET city_code = $2 WHERE person_key = $1', [
              persons[c.person % persons.length],
              c.city,
            ]);
          } else if (c.kind === 'decide') {
            const ds = await ctx.db.query<{ application_id: string }>(
              'SELECT application_id FROM decisions ORDER BY application_id',
            );
            await ctx.db.query('UPDATE decisions SET decision = $2 WHERE application_id = $1', [
              ds[c.pick % ds.length].application_id,
              c.decision,
            ]);
          } else if (c.kind === 'retask') {
            await ctx.db.query('UPDATE projects SET key_task = $2 WHERE project_code = $1', [
              projects[c.project % projects.length],
              c.task,
            ]);
          } else if (c.kind === 'reproject') {
            // A decision or certificate corrected to another project: its day is recounted.
            const table = c.pick % 2 ? 'decisions' : 'certificates';
            const key = table === 'decisions' ? 'application_id' : 'certificate_no';
            const [row] = await ctx.db.query<{ id: string }>(
              `SELECT ${key} AS id FROM ${table} ORDER BY ${key} OFFSET $1 LIMIT 1`,
              [c.pick % 200],
            );
            if (row)
              await ctx.db.query(`UPDATE ${table} SET project_code = $2 WHERE ${key} = $1`, [
                row.id,
                projects[c.project % projects.length],
              ]);
          } else if (c.kind === 'retag') {
            // Queued by the tag tables' triggers, applied as a delta by the next refresh (migration 0064).
            const code = projects[c.project % projects.length];
            if (c.tagged)
              await ctx.db.query(
                `INSERT INTO project_programmes (project_code, programme_code, tagged_by)
                 SELECT $1, (SELECT code FROM programmes ORDER BY code LIMIT 1), 'test' ON CONFLICT DO NOTHING`,
                [code],
              );
            else await ctx.db.query('DELETE FROM project_programmes WHERE project_code = $1', [code]);
          } else {
            await ctx.db.query(`UPDATE persons SET phone = $2 WHERE person_key = $1`, [
              persons[c.n % persons.length],
              `139${String(c.n % 1e8).padStart(8, '0')}`,
            ]);
          }
        }
        await agree();
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
