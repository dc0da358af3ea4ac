import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

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

  it('the Nanjing officer registers a 零工驿站 by clicking the map, and it is listed as one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, 'nanjing');
    await page.goto(`${base}/service-points`);
    // Another browser-test file may have run first on this server: a name of its own each run.
    const name = `建邺区零工驿站${Date.now() % 100000}`;
    await page.getByTestId('station-add').click();
    const form = page.getByTestId('station-form');
    await form.getByLabel('驿站名称').fill(name);
    await form.getByLabel('地址').fill('南京市建邺区（浏览器测试）');
    const map = form.getByTestId('site-map');
    await map.waitFor();
    // The modal and the map settle after opening (animation, the city's zoom): click the centre
    // until the picker has taken a point, reading the map's box afresh each time.
    await expect
      .poll(
        async () => {
          const box = (await map.boundingBox())!;
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2); // the city's centre
          return form.textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/北纬 3\d\.\d{4}°/);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/gig-station-form-1280.png` });
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await expect.poll(() => page.getByTestId('station-form').count()).toBe(0);
    await page.getByTestId('points-search').locator('input').fill(name);
    await page.keyboard.press('Enter');
    const cards = page.getByTestId('point-card');
    await expect.poll(() => cards.allTextContents()).toEqual([expect.stringContaining('零工驿站')]);
    expect(await cards.first().textContent()).toContain(name);
    await context.close();
  });
});
