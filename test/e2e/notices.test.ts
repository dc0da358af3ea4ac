import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/**
 * 消息 on a phone (390 × 844): the worker's bell counts the notices the settlement of their
 * applications raised; the page shows the decision in words and opening it marks it read.
 */
describe('消息 on a phone', () => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseUrl');
  const unread = async (): Promise<number> =>
    (await (await page.context().request.get(`${base}/api/me/notices/unread`)).json()).unread;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(page, base, 'xielei');
  });
  afterAll(() => browser.close());

  it('the bell shows the unread count; the decision reads in words and opening it marks it read', async () => {
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('notice-count').locator('.ant-badge-count').waitFor();
    expect((await page.getByTestId('notice-count').locator('.ant-badge-count').textContent())?.trim()).toBe(
      before > 99 ? '99+' : String(before),
    );
    await page.getByTestId('notice-bell').click();
    await page.waitForURL(/\/notices$/);
    const decided = page.locator('[data-testid="notice"][data-kind="subsidy_decided"]').first();
    await decided.waitFor();
    expect(await decided.textContent()).toMatch(/补贴(已通过|未通过)/);
    expect(await decided.textContent()).not.toMatch(/[A-Z]{3,}_[A-Z]/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await decided.click();
    await page.waitForURL(/\/me$/);
    expect(await unread()).toBe(before - 1);
  });
});
