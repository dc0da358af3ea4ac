import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_COLUMNS } from '../src/modules/interchange/export-cases.ts';
import { demoApp, jobOutcome, type DemoApp } from './support/demo-app.ts';

/** `cases.csv` (issue 19): one row per integrity case for auditors, with full ID numbers, audited. */
describe('cases export', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
    const queued = await d.call('province', 'POST', '/api/integrity/detect');
    expect(queued.statusCode).toBe(202);
    expect((await jobOutcome(d, 'province', queued.json().jobId)).status).toBe('done');
  }, 180_000);
  afterAll(() => d.close());

  it('gives the province one row per case, persons by their full ID number, and audits the export', async () => {
    const res = await d.call('province', 'GET', '/api/exports/cases.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    const [{ n }] = await d.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM integrity_cases');
    expect(n).toBeGreaterThan(0);
    expect(rows).toHaveLength(n);
    expect(Object.keys(rows[0]!)).toEqual([...CASE_COLUMNS]);
    const persons = rows.filter((r) => r.subject_kind === 'person');
    expect(persons.length).toBeGreaterThan(0);
    for (const p of persons) expect(p.subject_id).toMatch(/^\d{17}[\dX]$/);
    for (const r of rows) {
      expect(r.opened_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['open', 'confirmed', 'dismissed']).toContain(r.status);
    }
    const audit = await d.ctx.db.query<{ actor: string; after: { rows: number } }>(
      `SELECT actor, after FROM audit_log WHERE action = 'export.cases' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit[0]).toMatchObject({ actor: 'province_admin:province', after: { rows: n } });
  });

  it('is for the province only', async () => {
    expect((await d.call('nanjing', 'GET', '/api/exports/cases.csv')).statusCode).toBe(403);
  });

  it('filters by the day a case was opened, and refuses a date that is not one', async () => {
    expect(
      parse((await d.call('province', 'GET', '/api/exports/cases.csv?to=2000-01-01')).body, {
        columns: true,
        bom: true,
      }),
    ).toEqual([]);
    const bad = await d.call('province', 'GET', '/api/exports/cases.csv?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
  });
});
