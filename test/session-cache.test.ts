import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { SessionCache } from '../src/modules/training/index.ts';
import { testContext } from './support/context.ts';

/**
 * Settlement keeps projects' sessions for the run (training/session-cache.ts): what it hands back
 * must be exactly what the table holds — the same instants to the millisecond, every session, an
 * empty list for a project without any — whether read now, kept from an earlier batch, or read
 * again after the cache started afresh at its bound.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');

describe('the session cache of a settlement run', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let projects: string[];
  const fromTable = async (codes: string[]) => {
    const rows = await ctx.db.query<{ project_code: string; session_no: number; starts_at: Date; ends_at: Date }>(
      'SELECT project_code, session_no, starts_at, ends_at FROM training.sessions WHERE project_code = ANY($1::text[]) ORDER BY 1, 2',
      [codes],
    );
    return rows.map((r) => [
      r.project_code,
      r.session_no,
      new Date(r.starts_at).getTime(),
      new Date(r.ends_at).getTime(),
    ]);
  };
  const flat = (m: Awaited<ReturnType<SessionCache['of']>>) =>
    [...m.values()]
      .flat()
      .map((s) => [s.projectCode, s.sessionNo, s.startsAt.getTime(), s.endsAt.getTime()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));

  beforeAll(async () => {
    ctx = await testContext();
    await importBundle(ctx.db, EXAMPLE, { actor: 'test', vault: ctx.vault });
    // Sub-second instants: the epoch-millisecond read must keep them as the driver's Date would.
    await ctx.db.query(
      "UPDATE training.sessions SET starts_at = starts_at + interval '0.123456 second' WHERE session_no = 1",
    );
    projects = (
      await ctx.db.query<{ code: string }>('SELECT project_code AS code FROM training.projects ORDER BY 1')
    ).map((r) => r.code);
  });
  afterAll(() => ctx.drop());

  it('gives every session of the projects asked, kept or read, and none for a project without sessions', async () => {
    expect(projects.length).toBeGreaterThan(1);
    const cache = new SessionCache();
    const first = await cache.of(ctx.db, projects.slice(0, 1));
    expect(flat(first)).toEqual(await fromTable(projects.slice(0, 1)));
    const all = await cache.of(ctx.db, [...projects, 'NO-SUCH-PROJECT']);
    expect(flat(all)).toEqual(await fromTable(projects));
    expect(all.get('NO-SUCH-PROJECT')).toEqual([]);
    // Kept: a session changed after it was read is judged as the run first saw it.
    await ctx.db.query("UPDATE training.sessions SET ends_at = ends_at + interval '1 hour' WHERE project_code = $1", [
      projects[0],
    ]);
    expect(flat(await cache.of(ctx.db, projects.slice(0, 1)))).toEqual(flat(first));
  });

  it('past its bound it starts afresh and still answers every project', async () => {
    const cache = new SessionCache(1);
    for (const p of projects) expect(flat(await cache.of(ctx.db, [p]))).toEqual(await fromTable([p]));
    expect(flat(await cache.of(ctx.db, projects))).toEqual(await fromTable(projects));
  });
});
