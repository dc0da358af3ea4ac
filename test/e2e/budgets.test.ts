import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

async function choose(page: Page, label: string, option: string) {
  await chooseOption(page, page.getByTestId('budget-form').getByLabel(label), option);
}

describe('预算: budgets against approvals', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('the province sets a budget; approvals above it are flagged, a sufficient one clears the warning', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    await page.getByRole('link', { name: '预算' }).click();
    const line = '南京市 · 就业补助资金 · 2026年';
    const warning = page.getByTestId('over-budget');
    const setBudget = async (yuan: string) => {
      await choose(page, '城市', '南京市');
      await choose(page, '资金', '就业补助资金');
      await page.getByTestId('budget-form').getByLabel('年度').fill('2026');
      await page.getByTestId('budget-form').getByLabel('预算（元）').fill(yuan);
      await page.getByRole('button', { name: '保存预算' }).click();
    };
    await setBudget('1');
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toContain(line);
    const row = page.getByTestId('budgets-table').locator('tbody tr.ant-table-row', { hasText: '南京市' }).filter({
      hasText: '就业补助资金',
    });
    await expect.poll(() => row.filter({ hasText: '2026' }).first().textContent()).toContain('超出预算');
    await setBudget('10000000');
    await expect
      .poll(async () => (await warning.count()) === 0 || !(await warning.textContent())?.includes(line))
      .toBe(true);
    expect(await row.filter({ hasText: '2026' }).first().textContent()).toContain('¥10,000,000.00');
    await page.screenshot({ path: 'test/e2e/out/budgets.png', fullPage: true }).catch(() => {});
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test/e2e/out/budgets-390.png', fullPage: true }).catch(() => {});
  }, 60_000);

  it('a city officer reads its own city’s budgets and cannot set one', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'nanjing');
    await page.getByRole('link', { name: '预算' }).click();
    const rows = page.getByTestId('budgets-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(new Set(await rows.locator('td:nth-child(1)').allTextContents())).toEqual(new Set(['南京市']));
    expect(await page.getByTestId('budget-form').count()).toBe(0);
    const refused = await page.request.put(`${base}/api/budgets`, {
      data: { cityCode: '320100', year: 2026, fund: 'employment_fund', amountFen: 1 },
    });
    expect(refused.status()).toBe(403);
  }, 60_000);
});
