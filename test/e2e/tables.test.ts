import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/** Long lists are narrowed, sorted and paged by the server; the address bar keeps the view. */
describe('server-side tables in the browser', () => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseUrl');
  const rows = () => page.getByTestId('decisions-table').locator('tbody tr.ant-table-row');
  const column = (n: number) => rows().locator(`td:nth-child(${n})`).allTextContents();
  /** The table's answer to the current address: waits for the request and the re-render. */
  const settled = async (path: string) => {
    await page.waitForResponse((r) => r.url().includes(path) && r.status() === 200);
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, base, 'province');
  });
  afterAll(() => browser.close());

  it('filters decisions on the server and keeps the filter in the address', async () => {
    const answered = settled('/api/decisions?');
    await page.goto(`${base}/decisions`);
    await answered;
    const total = Number((await page.locator('.ant-pagination-total-text').textContent())?.replace(/\D/g, ''));
    expect(total).toBeGreaterThan(20);
    expect(await rows().count()).toBe(20); // one page, not the whole list

    const filtered = settled('decision=rejected');
    await page.getByLabel('决定').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '不予补贴' }).click();
    await filtered;
    expect(page.url()).toContain('decision=rejected');
    expect(new Set(await column(7))).toEqual(new Set(['不予补贴']));
    const narrowed = Number((await page.locator('.ant-pagination-total-text').textContent())?.replace(/\D/g, ''));
    expect(narrowed).toBeLessThan(total);
    // The export is the filtered view.
    expect(await page.getByTestId('decisions-export').getAttribute('href')).toBe(
      '/api/decisions.xlsx?decision=rejected',
    );
  });

  it('sorts by amount on the server and pages through the sorted list', async () => {
    const answered = settled('/api/decisions?');
    await page.goto(`${base}/decisions`);
    await answered;
    const sorted = settled('sort=amount_fen');
    await page.getByRole('columnheader', { name: '金额' }).click();
    await sorted;
    const desc = settled('order=desc');
    await page.getByRole('columnheader', { name: '金额' }).click();
    await desc;
    const fen = (s: string) => Math.round(Number(s.replace(/[¥,]/g, '')) * 100);
    const first = (await column(8)).map(fen);
    expect(first).toEqual([...first].sort((a, b) => b - a));
    const next = settled('offset=20');
    await page.locator('.ant-pagination-item-2').click();
    await next;
    const second = (await column(8)).map(fen);
    expect(Math.max(...second)).toBeLessThanOrEqual(Math.min(...first));
    expect(page.url()).toMatch(/page=2/);
  });

  it('a link with a filter opens the list narrowed (as the to-do cards do)', async () => {
    const answered = settled('decision=review');
    await page.goto(`${base}/decisions?decision=review`);
    await answered;
    const decisions = new Set(await column(7));
    expect([...decisions].every((d) => d === '待复核')).toBe(true);
  });
});
