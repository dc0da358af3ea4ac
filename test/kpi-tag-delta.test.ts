import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/composition/demo.ts';
import type { Db } from '../src/db/client.ts';
import { refreshKpiRollup } from '../src/modules/reporting/index.ts';
import { testContext } from './support/context.ts';

/**
 * A retag refreshes the rollup by tag by a delta (migration 0064, docs/reporting.md § Retags): the
 * tag tables' triggers queue (project, tag, key, ±1) and the refresh adds or takes away the
 * retagged projects' facts on the days it does not recount. Whatever the sequence of tags, untags,
 * retags and fact changes, after each refresh `kpi_tag_daily` and `kpi_tag_monthly` are exactly what
 * a full rebuild from the records makes.
 */
describe('the rollup by tag after retags (delta refresh)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  /** The demo's projects with the most facts: a retag of each moves numbers. */
  let projects: string[];
  let programmes: string[];
  let carriers: string[];
  let decisions: string[];
  let certificates: string[];

  const DAILY = `SELECT indicator, to_char(day, 'YYYY-MM-DD') AS day, city, tag, key, n FROM kpi_tag_daily
    ORDER BY indicator, day, city NULLS FIRST, tag, key`;
  const MONTHLY = `SELECT indicator, to_char(month, 'YYYY-MM-DD') AS month, city, tag, key, n FROM kpi_tag_monthly
    ORDER BY indicator, month, city NULLS FIRST, tag, key`;
  const rollup = async (db: Db) => ({ daily: await db.query(DAILY), monthly: await db.query(MONTHLY) });

  /** The rollup by tag as a full rebuild from the records makes it, in a transaction rolled back. */
  async function rebuilt(): Promise<Awaited<ReturnType<typeof rollup>>> {
    let got: Awaited<ReturnType<typeof rollup>> | undefined;
    await ctx.db
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO kpi_dirty (source, day) VALUES ('*', NULL)`);
        expect(await refreshKpiRollup(tx)).toBeNull();
        got = await rollup(tx);
        throw new Error('rolled back');
      })
      .catch((e: Error) => {
        if (e.message !== 'rolled back') throw e;
      });
    return got!;
  }

  const pending = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kpi_tag_delta'))[0]!.n;

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    projects = (
      await ctx.db.query<{ project_code: string }>(
        `SELECT p.project_code FROM projects p
         ORDER BY (SELECT count(*) FROM decisions d WHERE d.project_code = p.project_code)
                + (SELECT count(*) FROM certificates c WHERE c.project_code = p.project_code) DESC, p.project_code LIMIT 6`,
      )
    ).map((r) => r.project_code);
    programmes = (await ctx.db.query<{ code: string }>('SELECT code FROM programmes ORDER BY code LIMIT 3')).map(
      (r) => r.code,
    );
    carriers = (
      await ctx.db.query<{ id: string }>(
        `INSERT INTO carriers (id, kind, name, city_code, owner, created_by)
         SELECT gen_random_uuid(), 'master_studio', name || '工作室', code, 'test', 'test' FROM cities ORDER BY code LIMIT 2
         RETURNING id::text AS id`,
      )
    ).map((r) => r.id);
    decisions = (
      await ctx.db.query<{ id: string }>(
        `SELECT application_id AS id FROM decisions WHERE project_code = ANY($1) ORDER BY application_id LIMIT 40`,
        [projects],
      )
    ).map((r) => r.id);
    certificates = (
      await ctx.db.query<{ id: string }>(
        `SELECT certificate_no AS id FROM certificates WHERE project_code = ANY($1) AND kind IN ('skill_level', 'qualification')
         ORDER BY certificate_no LIMIT 40`,
        [projects],
      )
    ).map((r) => r.id);
    // Half of them tagged to start with, so untags and retags find numbers to take away.
    await ctx.db.query(
      `INSERT INTO project_programmes (project_code, programme_code, tagged_by) SELECT p, $2, 'test' FROM unnest($1::text[]) p`,
      [projects.slice(0, 3), programmes[0]],
    );
    await refreshKpiRollup(ctx.db);
  }, 120_000);
  afterAll(async () => {
    await ctx.drop();
  });

  it('a tag queues one delta, an update that keeps the key none; a rollup the queue does not fit is rebuilt', async () => {
    expect(decisions.length + certificates.length).toBeGreaterThan(10);
    const before = await rollup(ctx.db);
    await ctx.db.query(`INSERT INTO project_carriers (project_code, carrier_id, tagged_by) VALUES ($1, $2, 'test')`, [
      projects[0],
      carriers[0],
    ]);
    expect(await ctx.db.query('SELECT project_code, tag, key, sign FROM kpi_tag_delta')).toEqual([
      { project_code: projects[0], tag: 'carrier', key: carriers[0], sign: 1 },
    ]);
    expect(await ctx.db.query('SELECT count(*)::int AS n FROM kpi_dirty')).toEqual([{ n: 0 }]);
    await ctx.db.query('DELETE FROM kpi_tag_delta');
    await ctx.db.query('UPDATE project_programmes SET tagged_by = tagged_by');
    await ctx.db.query('UPDATE project_carriers SET tagged_by = tagged_by');
    expect(await pending()).toBe(0);
    // The key moved: the old one out, the new one in.
    await ctx.db.query('UPDATE project_carriers SET carrier_id = $2 WHERE project_code = $1', [
      projects[0],
      carriers[1],
    ]);
    expect(await ctx.db.query('SELECT project_code, tag, key, sign FROM kpi_tag_delta ORDER BY sign')).toEqual([
      { project_code: projects[0], tag: 'carrier', key: carriers[0], sign: -1 },
      { project_code: projects[0], tag: 'carrier', key: carriers[1], sign: 1 },
    ]);
    // The queue was cut by hand above: its −1 takes away numbers never added. A count would go below
    // zero, so the refresh rebuilds everything instead (and the rollup is right again).
    expect(await refreshKpiRollup(ctx.db)).toBeNull();
    expect(await pending()).toBe(0);
    expect(await ctx.db.query('SELECT count(*)::int AS n FROM kpi_tag_daily WHERE n <= 0')).toEqual([{ n: 0 }]);
    expect(await rollup(ctx.db)).toEqual(await rebuilt());
    await ctx.db.query('DELETE FROM project_carriers WHERE project_code = $1', [projects[0]]);
    expect(await refreshKpiRollup(ctx.db)).toBeGreaterThan(0);
    expect(await pending()).toBe(0);
    expect(await rollup(ctx.db)).toEqual(before);
    expect(await rollup(ctx.db)).toEqual(await rebuilt());
  });

  it('a tag and its untag before one refresh net to nothing: no row of either table is written', async () => {
    await refreshKpiRollup(ctx.db);
    const versions = async () => ({
      daily: await ctx.db.query(`SELECT xmin::text AS v, count(*)::int AS n FROM kpi_tag_daily GROUP BY 1 ORDER BY 1`),
      monthly: await ctx.db.query(
        `SELECT xmin::text AS v, count(*)::int AS n FROM kpi_tag_monthly GROUP BY 1 ORDER BY 1`,
      ),
    });
    const before = await versions();
    expect(before.daily.length).toBeGreaterThan(0);
    await ctx.db.query(
      `INSERT INTO project_programmes (project_code, programme_code, tagged_by) VALUES ($1, $2, 'test')`,
      [projects[4], programmes[1]],
    );
    await ctx.db.query('DELETE FROM project_programmes WHERE project_code = $1 AND programme_code = $2', [
      projects[4],
      programmes[1],
    ]);
    expect(await pending()).toBe(2);
    expect(await refreshKpiRollup(ctx.db)).toBe(0);
    expect(await pending()).toBe(0);
    expect(await versions()).toEqual(before);
  });

  it('equals a full rebuild after any sequence of tags, untags, retags, fact changes and refreshes', async () => {
    const pick = fc.nat({ max: 1000 });
    const change = fc.oneof(
      fc.record({ kind: fc.constant('tag' as const), project: pick, programme: pick }),
      fc.record({ kind: fc.constant('untag' as const), project: pick, programme: pick }),
      fc.record({
        kind: fc.constant('retag' as const),
        project: pick,
        programmes: fc.subarray([0, 1, 2]),
        carriers: fc.option(fc.subarray([0, 1]), { nil: null }),
      }),
      fc.record({ kind: fc.constant('rekey' as const), project: pick, programme: pick }),
      fc.record({ kind: fc.constant('touch' as const) }),
      fc.record({ kind: fc.constant('decide' as const), pick, approved: fc.boolean() }),
      fc.record({ kind: fc.constant('revoke' as const), pick, revoked: fc.boolean() }),
      fc.record({ kind: fc.constant('refresh' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 10 }), async (changes) => {
        for (const c of changes) {
          const project = 'project' in c ? projects[c.project % projects.length] : '';
          const programme = 'programme' in c ? programmes[c.programme % programmes.length] : '';
          if (c.kind === 'tag')
            await ctx.db.query(
              `INSERT INTO project_programmes (project_code, programme_code, tagged_by) VALUES ($1, $2, 'test') ON CONFLICT DO NOTHING`,
              [project, programme],
            );
          else if (c.kind === 'untag')
            await ctx.db.query('DELETE FROM project_programmes WHERE project_code = $1 AND programme_code = $2', [
              project,
              programme,
            ]);
          else if (c.kind === 'retag')
            // As the project page and the import write them: the set replaced, in one transaction.
            await ctx.db.transaction(async (tx) => {
              const want = c.programmes.map((i) => programmes[i]);
              await tx.query(
                'DELETE FROM project_programmes WHERE project_code = $1 AND NOT (programme_code = ANY($2::text[]))',
                [project, want],
              );
              await tx.query(
                `INSERT INTO project_programmes (project_code, programme_code, tagged_by) SELECT $1, p, 'test' FROM unnest($2::text[]) p ON CONFLICT DO NOTHING`,
                [project, want],
              );
              if (c.carriers) {
                const ids = c.carriers.map((i) => carriers[i]);
                await tx.query(
                  'DELETE FROM project_carriers WHERE project_code = $1 AND NOT (carrier_id = ANY($2::uuid[]))',
                  [project, ids],
                );
                await tx.query(
                  `INSERT INTO project_carriers (project_code, carrier_id, tagged_by) SELECT $1, c, 'test' FROM unnest($2::uuid[]) c ON CONFLICT DO NOTHING`,
                  [project, ids],
                );
              }
            });
          else if (c.kind === 'rekey')
            // A tag row corrected in place to another programme (an UPDATE of the key).
            await ctx.db.query(
              `UPDATE project_programmes SET programme_code = $2 WHERE project_code = $1 AND programme_code <> $2
                 AND NOT EXISTS (SELECT 1 FROM project_programmes t WHERE t.project_code = $1 AND t.programme_code = $2)
                 AND programme_code = (SELECT min(programme_code) FROM project_programmes WHERE project_code = $1)`,
              [project, programme],
            );
          else if (c.kind === 'touch') await ctx.db.query('UPDATE project_programmes SET tagged_by = tagged_by');
          else if (c.kind === 'decide')
            await ctx.db.query('UPDATE decisions SET decision = $2 WHERE application_id = $1', [
              decisions[c.pick % decisions.length],
              c.approved ? 'approved' : 'rejected',
            ]);
          else if (c.kind === 'revoke')
            await ctx.db.query(
              `UPDATE certificates SET revoked_on = $2, revoke_reason = CASE WHEN $2::date IS NULL THEN NULL ELSE 'test' END
               WHERE certificate_no = $1`,
              [certificates[c.pick % certificates.length], c.revoked ? '2026-11-01' : null],
            );
          else {
            await refreshKpiRollup(ctx.db);
            expect(await rollup(ctx.db)).toEqual(await rebuilt());
          }
        }
        await refreshKpiRollup(ctx.db);
        expect(await pending()).toBe(0);
        expect(await rollup(ctx.db)).toEqual(await rebuilt());
      }),
      { numRuns: 30 },
    );
  }, 600_000);
});
