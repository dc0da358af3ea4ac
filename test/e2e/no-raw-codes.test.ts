import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import {
  describeFindings,
  offencesOn,
  rawCodeJudge,
  settled,
  signInQuietly,
  tourRole,
  type TextItem,
} from './raw-codes.ts';

/**
 * Issue 17: an official reads names, never codes. Every demo role (and a visitor) opens every page of
 * its menu — each tab, the first record's detail, the first expanded row — a project's detail page
 * and /verify; every visible piece of text is judged (raw-codes.ts): a code of the label dictionary
 * alone (`approved`, `G3`, `320100`, `L4`, `JS-0001`, `manufacturing`), a key task as a bare number,
 * a credit code where a name belongs, English evidence in the Chinese interface, JSON, an
 * unformatted time or number, `Invalid Date` / `NaN` / `undefined` / `null` / `[object Object]`.
 * A code a page shows on purpose, beside its name, is wrapped in `<Code>` and not judged.
 */
const ROLES = ['province', 'nanjing', 'gongxin', 'jigou', 'pingjia', 'qiye', 'xielei', null] as const;
/**
 * Pages every role has, the same for all but a detail or two: each role reads them, but their tabs and
 * details are gone through by the province (who sees the most) and the visitor (who sees the least).
 */
const PUBLIC = ['/catalogs', '/directories', '/institutions', '/craftsmen', '/verify', '/service-points'];

describe('no raw code on any page, for any role', () => {
  let browser: Browser;
  let judge: (i: TextItem) => string | null;
  const base = inject('baseUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    judge = rawCodeJudge(await (await fetch(`${base}/api/labels`)).json());
    // The nightly detectors, run once now, so that 交互比对 has cases whose evidence is read too.
    const admin = await browser.newContext();
    await signInQuietly(await admin.newPage(), base, 'province');
    const detect = await admin.request.post(`${base}/api/integrity/detect`, { data: {} });
    expect(detect.status()).toBe(202);
    // Detection runs on a worker (here the server's own queue): wait for it to finish.
    const { jobId } = await detect.json();
    for (let i = 0; i < 600; i++) {
      const job = await (await admin.request.get(`${base}/api/jobs/${jobId}`)).json();
      if (job.status === 'done' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await admin.close();
  });
  afterAll(() => browser.close());

  it('the judge catches raw codes, English evidence and broken values in a real page, and lets a <Code> be', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/verify`);
    await settled(page);
    // One row per kind of offence, as a page would show it, and a code shown on purpose.
    await page.evaluate(() => {
      const cells = [
        ['群体', 'G3'],
        ['城市', '320100'],
        ['领域', 'manufacturing'],
        ['状态', 'approved'],
        ['等级', 'L4'],
        ['职业', 'JS-0001'],
        ['重点任务', '7'],
        ['证据', '2 persons on one phone'],
        ['评价机构', '523201001953640571'],
        ['上课', '2025/10/7 14:00:00'],
        ['目标', '2000000'],
        ['金额', '¥-346,120.00'],
        ['时间', 'Invalid Date'],
        ['证据', '{"persons":2,"sessions":2}'],
      ];
      const table = document.createElement('table');
      table.className = 'ant-table';
      table.innerHTML = `<thead><tr>${cells.map(([h]) => `<th>${h}</th>`).join('')}<th>代码</th></tr></thead>
        <tbody><tr>${cells.map(([, v]) => `<td>${v}</td>`).join('')}<td>南京市 <span data-code>320100</span></td></tr></tbody>`;
      const wrap = document.createElement('div');
      wrap.className = 'ant-table';
      wrap.appendChild(table);
      document.body.prepend(wrap);
    });
    const found = await offencesOn(page, judge);
    const texts = found.map((f) => f.text);
    for (const t of [
      'G3',
      '320100',
      'manufacturing',
      'approved',
      'L4',
      'JS-0001',
      '7',
      '2 persons on one phone',
      '523201001953640571',
      '2025/10/7 14:00:00',
      '2000000',
      '¥-346,120.00',
      'Invalid Date',
      '{"persons":2,"sessions":2}',
    ])
      expect(texts, `the judge misses "${t}"`).toContain(t);
    expect(texts).not.toContain('南京市');
    // The city code beside its name is meant: only the bare one in the 城市 column is an offence.
    expect(found.filter((f) => f.text === '320100').map((f) => f.context)).toEqual(['列 城市']);
    await page.context().close();
  });

  for (const role of ROLES) {
    it(`${role ?? 'a visitor'} reads names, not codes, on every page of the menu`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const shallow = role === 'province' || role === null ? [] : PUBLIC;
      const { findings, visited } = await tourRole(page, base, role, judge, shallow);
      // The menu was read (a blank shell would pass every check): the public pages at least, and /verify.
      expect(visited.length, visited.join(' ')).toBeGreaterThanOrEqual(role ? 7 : 5);
      if (role && role !== 'qiye' && role !== 'pingjia')
        expect(visited.some((p) => p.startsWith('/projects/'))).toBe(true);
      expect(describeFindings(findings)).toBe('');
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);
  }
});
