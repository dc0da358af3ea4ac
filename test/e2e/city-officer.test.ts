import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

describe('a city officer in the browser', () => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(() => browser.close());

  it('refuses a wrong password with a clear message', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('nanjing');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
  });

  it('signs in, sees their city as scope, and lists persons of that city only', async () => {
    await signIn(page, base, 'nanjing');
    expect(await page.getByTestId('scope').textContent()).toContain('南京市');
    await page.getByRole('link', { name: '实名人员' }).click();
    const table = page.getByTestId('persons-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const cities = await table.locator('tbody tr.ant-table-row td:nth-child(4)').allTextContents();
    expect(cities.length).toBeGreaterThan(0);
    expect(new Set(cities)).toEqual(new Set(['南京市']));
    const ids = await table.locator('tbody tr.ant-table-row td:nth-child(1)').allTextContents();
    for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    // Target groups by name (农民工), never by code (G3): the names come from /api/labels.
    const groups = await table.locator('tbody tr.ant-table-row td:nth-child(5)').allTextContents();
    expect(groups.some((g) => g.length > 0)).toBe(true);
    for (const g of groups) expect(g).not.toMatch(/G\d/);
    // The province-only accounts page is not in the menu.
    expect(await page.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    await page.screenshot({ path: 'test/e2e/out/city-officer-persons.png' }).catch(() => {});
  });

  it('switches the interface to English', async () => {
    await page.getByText('EN', { exact: true }).click();
    await expect(page.getByRole('link', { name: 'Persons' }).count()).resolves.toBe(1);
    await page.getByText('中文', { exact: true }).click();
  });

  it('shows only its own city’s projects', async () => {
    await page.getByRole('link', { name: '培训项目' }).click();
    const rows = page.getByTestId('projects-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(new Set(await rows.locator('td:nth-child(5)').allTextContents())).toEqual(new Set(['南京市']));
  });
});

describe('the public', () => {
  it('browses the reference catalogs without signing in', async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${inject('baseUrl')}/catalogs`);
    await page.getByText('宿迁市').waitFor();
    await page.getByRole('tab', { name: '职业目录' }).click();
    await page.getByText('焊工', { exact: true }).waitFor();
    await browser.close();
  });
});
