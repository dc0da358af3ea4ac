import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from './support/demo-app.ts';

interface Decision {
  application_id: string;
  type: string;
  applied_on: string;
  decision: string;
  amount_fen: number;
  city_code: string | null;
  person_name: string;
  certificate_no: string;
}

/** 补贴决定 as a server-side table: filters, sorts and pages in SQL, the export is the filtered view. */
describe('the decisions list, filtered, sorted and paged by the server', () => {
  let d: DemoApp;
  let all: Decision[];
  const list = async (user: string, query: string) => {
    const res = await d.call(user, 'GET', `/api/decisions?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Decision[]; total: number };
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'xielei']);
    all = (await list('province', 'limit=1000')).items;
    expect(all.length).toBeGreaterThan(40);
  });
  afterAll(() => d.close());

  it('pages partition the list: every row once, in the asked order, total = all matches', async () => {
    const seen: Decision[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await list('province', `sort=amount_fen&order=desc&limit=7&offset=${offset}`);
      expect(page.total).toBe(all.length);
      if (page.items.length === 0) break;
      seen.push(...page.items);
    }
    expect(seen.map((x) => x.application_id).sort()).toEqual(all.map((x) => x.application_id).sort());
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].amount_fen).toBeGreaterThanOrEqual(seen[i].amount_fen);
  });

  it('any combination of filters returns exactly the matching rows (property)', async () => {
    const names = [...new Set(all.map((x) => x.person_name.slice(0, 1)))];
    const dates = [...new Set(all.map((x) => x.applied_on))].sort();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            decision: fc.constantFrom('approved', 'rejected', 'review'),
            type: fc.constantFrom('training', 'skill_upgrade'),
            city: fc.constantFrom('320100', '320200', '320500'),
            q: fc.constantFrom(...names, all[3].application_id, all[5].certificate_no),
            from: fc.constantFrom(...dates),
            to: fc.constantFrom(...dates),
          },
          { requiredKeys: [] },
        ),
        async (filter) => {
          const expected = all.filter(
            (x) =>
              (!filter.decision || x.decision === filter.decision) &&
              (!filter.type || x.type === filter.type) &&
              (!filter.city || x.city_code === filter.city) &&
              (!filter.q ||
                x.person_name.startsWith(filter.q) ||
                x.application_id === filter.q ||
                x.certificate_no === filter.q) &&
              (!filter.from || x.applied_on >= filter.from) &&
              (!filter.to || x.applied_on <= filter.to),
          );
          const got = await list('province', `${new URLSearchParams(filter)}&limit=1000`);
          expect(got.total).toBe(expected.length);
          expect(got.items.map((x) => x.application_id).sort()).toEqual(expected.map((x) => x.application_id).sort());
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a city filter narrows within the caller’s scope, never widens it', async () => {
    const wuxi = await list('nanjing', 'city=320200');
    expect(wuxi).toEqual({ items: [], total: 0 });
    const own = await list('nanjing', 'limit=1000');
    expect(own.items.every((x) => x.city_code === '320100')).toBe(true);
    expect((await list('xielei', 'limit=1000')).items.map((x) => x.application_id)).toEqual(['A0000001']);
  });

  it('only the named sort keys reach SQL; anything else falls back to the default order', async () => {
    const odd = await list('province', `sort=${encodeURIComponent('amount_fen; DROP TABLE decisions')}&order=desc`);
    expect(odd.total).toBe(all.length);
    expect((await d.call('province', 'GET', '/api/decisions?order=sideways')).statusCode).toBe(400);
    expect((await d.call('province', 'GET', '/api/decisions?from=2026-13-01')).statusCode).toBe(400);
  });

  it('exports the filtered view as XLSX, in words, scoped like the list', async () => {
    const res = await d.call('province', 'GET', '/api/decisions.xlsx?decision=rejected');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rejected = all.filter((x) => x.decision === 'rejected');
    expect(ws.rowCount - 1).toBe(rejected.length);
    const decisionColumn = ws.getRow(1).values as string[];
    const col = decisionColumn.indexOf('决定 Decision');
    for (let i = 2; i <= ws.rowCount; i++) expect(ws.getRow(i).getCell(col).value).toBe('不予补贴');
    const mine = await d.call('xielei', 'GET', '/api/decisions.xlsx');
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    expect(own.worksheets[0].rowCount).toBe(2);
  });
});

interface ProjectRow {
  project_code: string;
  title: string;
  institution_code: string;
  institution_name: string | null;
  city_code: string;
  start_date: string;
  status: string;
}

/** 培训项目 as a server-side table (issue 17: every list over 50 rows). */
describe('the projects list, filtered, sorted and paged by the server', () => {
  let d: DemoApp;
  let all: ProjectRow[];
  const list = async (user: string, query: string) => {
    const res = await d.call(user, 'GET', `/api/projects?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: ProjectRow[]; total: number };
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'jigou']);
    all = (await list('province', 'limit=1000')).items;
    expect(all.length).toBeGreaterThan(5);
  });
  afterAll(() => d.close());

  it('pages partition the list in the asked order, and total counts every match', async () => {
    const seen: ProjectRow[] = [];
    for (let offset = 0; ; offset += 3) {
      const page = await list('province', `sort=start_date&order=asc&limit=3&offset=${offset}`);
      expect(page.total).toBe(all.length);
      if (page.items.length === 0) break;
      seen.push(...page.items);
    }
    expect(seen.map((x) => x.project_code).sort()).toEqual(all.map((x) => x.project_code).sort());
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].start_date <= seen[i].start_date).toBe(true);
  });

  it('filters by status, city and text (code, title or institution), within the caller’s scope', async () => {
    const status = all[0].status;
    expect((await list('province', `status=${status}&limit=1000`)).items).toEqual(
      all.filter((p) => p.status === status),
    );
    const byTitle = await list('province', `q=${encodeURIComponent(all[1].title.slice(0, 2))}&limit=1000`);
    expect(byTitle.items.map((p) => p.project_code)).toContain(all[1].project_code);
    expect((await list('province', `q=${all[2].project_code}`)).items.map((p) => p.project_code)).toEqual([
      all[2].project_code,
    ]);
    expect((await list('province', 'q=%25')).total).toBe(0); // a wildcard is matched as the character itself
    expect(await list('nanjing', 'city=320200')).toEqual({ items: [], total: 0 });
    expect((await list('jigou', 'limit=1000')).items.every((p) => p.institution_code === '12320100914177769G')).toBe(
      true,
    );
    expect((await d.call('province', 'GET', '/api/projects?status=ended')).statusCode).toBe(400);
  });

  it('exports the filtered view as XLSX with statuses in words', async () => {
    const res = await d.call('nanjing', 'GET', '/api/projects.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount - 1).toBe((await list('nanjing', 'limit=1000')).total);
    const header = ws.getRow(1).values as string[];
    const status = ws.getRow(2).getCell(header.indexOf('状态 Status')).value as string;
    expect(status).toMatch(/[\u4e00-\u9fa5]/);
  });
});
