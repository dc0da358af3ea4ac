import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';

/** 便民服务圈 on a phone, signed out: by district, by occupation, nearest first, on the map. */
describe('便民服务圈 at phone width', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('a visitor finds the training places of a district, and the nearest one from where the phone is', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      geolocation: { latitude: 31.95, longitude: 118.84 }, // 江宁
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(`${base}/service-points`);
    const cards = page.getByTestId('point-card');
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    await page.getByTestId('site-map').waitFor();

    await page.getByTestId('points-search').locator('input').fill('玄武区');
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.allTextContents()).toEqual([expect.stringContaining('本部实训楼')]);
    expect(await cards.first().textContent()).toContain('南京市 · 玄武区');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('points-search').locator('input').fill('');
    await page.keyboard.press('Enter');

    await page.getByTestId('points-near').click();
    await expect.poll(() => cards.first().textContent()).toContain('江宁焊接实训基地');
    expect(await page.getByTestId('point-km').first().textContent()).toMatch(/^0(\.\d)? km$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.SHOTS)
      await page.screenshot({ path: `${process.env.SHOTS}/service-points-390.png`, fullPage: false });
    await context.close();
  });
});
