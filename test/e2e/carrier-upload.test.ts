import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * 批量导入培训载体 (issue 21): the province uploads a register file with one good and one bad row;
 * the page counts them, lists the bad row's line, column and reason in Chinese, and the register
 * shows the new carrier — on a desk and on a phone. Names are unique per run (the server is shared).
 */
describe('批量导入培训载体: uploading the carrier register', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  const run = Date.now().toString(36).slice(-5);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  for (const width of [1280, 390]) {
    it(`at ${width} px: the good row lands in the register, the bad one is listed with its reason`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await signIn(page, base, 'province');
      await page.goto(`${base}/programmes`);
      await page.getByTestId('programme-sections').getByText('按培训载体').click();
      const card = page.getByTestId('carrier-upload');
      await card.waitFor();
      expect(await card.getByTestId('carrier-template').getAttribute('href')).toBe('/api/carriers/template.csv');
      const carrier = `常州智能制造链主生态链${run}${width}`;
      const csv = [
        '载体名称,载体类型,设区市,依托/牵头单位,成员企业',
        `${carrier},链主/龙头企业技能生态链,常州市,常州某集团,常州配套一厂；常州配套二厂`,
        `城堡工作室${run}${width},城堡,常州市,某单位,`,
      ].join('\r\n');
      await card
        .locator('input[type=file]')
        .setInputFiles({ name: '载体登记.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await card.getByTestId('carrier-upload-submit').click();
      const result = page.getByTestId('carrier-upload-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('共 2 行：新增 1，更新 0，未变 0，退回 1');
      const errors = page.getByTestId('carrier-upload-errors');
      const text = (await errors.textContent()) ?? '';
      expect(text).toContain('3');
      expect(text).toContain('载体类型');
      expect(text).toContain('城堡');
      expect(text).toContain('载体类型“城堡”无效');
      expect(text).not.toMatch(/\bkind\b/);
      const row = page.getByTestId('carriers-table').locator(width < 768 ? '.ant-card' : 'tr', { hasText: carrier });
      await row.waitFor();
      const rowText = (await row.textContent()) ?? '';
      expect(rowText).toContain('链主/龙头企业技能生态链');
      expect(rowText).toContain('常州市');
      expect(rowText).not.toContain('chain_ecosystem');
      expect(await fitsWidth(page)).toBe(true);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test/e2e/out/carrier-upload-${width}.png`, fullPage: true });
    });
  }
});
