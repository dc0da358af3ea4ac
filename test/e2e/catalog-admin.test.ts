import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

async function choose(page: Page, label: string, option: string) {
  await chooseOption(page, page.getByTestId('occupation-form').getByLabel(label), option);
}

describe('目录管理: the province adds and edits an occupation', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('adds a 专项职业能力 item, sees it counted and in the history, then edits its name', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    await page.goto(`${base}/catalog-admin`);
    // Other files may add occupations too: a code of this run's own, and counts read relative to before.
    const code = `JS-${8000 + (Date.now() % 1000)}`;
    const name = `苏绣${code.slice(3)}`;
    const counted = page.getByTestId('evaluation-resources');
    await counted.waitFor();
    await expect.poll(() => counted.textContent()).toMatch(/\d/);
    const form = page.getByTestId('occupation-form');
    await form.getByLabel('职业代码').fill(code);
    await form.getByLabel('名称', { exact: true }).fill(name);
    await choose(page, '领域', '先进制造业');
    await choose(page, '类别', 'C类');
    await form.getByLabel('专项职业能力年度').fill(String(new Date().getFullYear()));
    await form.getByRole('button', { name: /保\s*存/ }).click();
    const history = page.getByTestId('catalog-changes');
    await expect.poll(() => history.textContent(), { timeout: 10_000 }).toContain(name);
    expect(await history.textContent()).not.toContain('province_admin:');

    const row = page.getByTestId('occupations-admin').locator('tbody tr', { hasText: code });
    await page.getByLabel('搜索名称或代码').fill(code);
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    await form.getByLabel('名称', { exact: true }).fill(`${name}（修订）`);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => history.textContent(), { timeout: 10_000 }).toContain(`${name}（修订）`);

    // A duplicate code is refused by name, in Chinese.
    await form.getByLabel('职业代码').fill('6-18-02-04');
    await form.getByLabel('名称', { exact: true }).fill('焊工');
    await choose(page, '领域', '先进制造业');
    await choose(page, '类别', 'A类');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => form.textContent()).toContain('已存在');
    await page.screenshot({ path: 'test/e2e/out/catalog-admin.png', fullPage: true }).catch(() => {});
  }, 90_000);
});
