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

  it('a department publishes its own directory on the phone, and sees no publishing for another’s', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, base, 'jiuye');
    expect(await page.getByTestId('scope').textContent()).toContain('就业见习单位');
    await page.goto(`${base}/directories`);
    const choose = async (name: string) => {
      await page.getByTestId('directory-select').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name })
        .first()
        .click();
    };
    await choose('技工院校招生目录');
    await expect.poll(() => page.getByTestId('directory-version').textContent()).toContain('2025-01-01');
    expect(await page.getByTestId('publish-card').count()).toBe(0);
    await choose('就业见习单位目录');
    await page.getByTestId('publish-card').waitFor();
    const unit = `见习基地${Date.now() % 100000}`;
    await page
      .getByTestId('publish-card')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'units.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`code,name,city_code\nJX-E2E-1,${unit},320100\n`),
      });
    await page.getByRole('button', { name: '发布上传的目录' }).click();
    await page.getByTestId('directory-search').locator('input').fill(unit);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('directory-table').locator('tbody tr.ant-table-row').allTextContents())
      .toEqual([expect.stringContaining(unit)]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.SHOTS)
      await page.screenshot({ path: `${process.env.SHOTS}/directories-jiuye-390.png`, fullPage: true });
    await context.close();

    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(desk, base, 'gongxin');
    await desk.goto(`${base}/directories`);
    await expect.poll(() => desk.getByTestId('directory-version').textContent()).toContain('2025-01-01');
    expect(await desk.getByTestId('publish-card').count()).toBe(0);
    await desk.context().close();
  });
});
