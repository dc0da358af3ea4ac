import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

describe('published directories and the labour market in the browser', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('anyone, signed in or not, searches the training-institution directory and sees its version', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/directories`);
    await expect.poll(() => page.getByTestId('directory-version').textContent()).toContain('2025-01-01');
    await page.getByTestId('directory-search').locator('input').fill('南京');
    await page.keyboard.press('Enter');
    const names = page.getByTestId('directory-table').locator('tbody tr.ant-table-row td:nth-child(1)');
    await expect.poll(async () => (await names.allTextContents()).length).toBeGreaterThan(0);
    for (const n of await names.allTextContents()) expect(n).toContain('南京');
    await page.close();
  });

  it('the province sees supply against demand and may publish the shortage list', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    await page.getByRole('link', { name: '劳动力市场' }).click();
    await expect
      .poll(() => page.getByTestId('market-table').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /发布（\d+）/ }).count()).toBe(1);

    // 月报: preview, then the XLSX download.
    await page.getByRole('link', { name: '月报' }).click();
    await page.getByLabel('月份', { exact: true }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2025-12');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('report-headline').locator('tbody tr.ant-table-row').count()).toBe(3);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('monthly-province-2025-12.xlsx');
    await page.context().close();
  });
});
