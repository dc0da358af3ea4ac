import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';
import { offencesOn, rawCodeJudge, settled, trackRequests, type TextItem } from './raw-codes.ts';

type Labels = Record<string, Record<string, { zh: string; en: string }>>;

const HOLDER = '江苏省机械行业协会';
const INDICATORS = ['subsidized_trainings', 'new_certificates', 'new_high_skill'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= 390);

/**
 * Issue 21, an "N" holder's own face (docs/programmes.md § A holder's own account): the demo
 * liaison `hangxie` reads its holder's targets by indicator — names, pace and forecast in Chinese,
 * no raw code — on a desk and on a phone, and another holder's board is refused; the province
 * creates a liaison account by choosing its holder by name in 账号管理, and the new liaison signs in
 * to its own holder's page. Names are unique per run: the e2e server is shared by every file.
 */
describe('an N holder’s liaison in the browser', () => {
  let browser: Browser;
  let labels: Labels;
  let judge: (i: TextItem) => string | null;
  const base = inject('baseUrl');
  const run = Date.now().toString(36).slice(-5);
  beforeAll(async () => {
    browser = await launchBrowser();
    labels = await (await fetch(`${base}/api/labels`)).json();
    judge = rawCodeJudge(labels);
  });
  afterAll(() => browser.close());

  for (const width of [1280, 390])
    it(`hangxie reads its targets by indicator with pace and forecast in Chinese, at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      trackRequests(page);
      await signIn(page, base, 'hangxie');
      expect(await page.getByTestId('scope').textContent()).toContain(HOLDER);
      await page.goto(`${base}/my-targets`);
      await page.getByTestId('holder-name').getByText(HOLDER).waitFor();
      for (const i of INDICATORS) await page.getByTestId(`target-${i}`).waitFor();
      await settled(page);
      for (const i of INDICATORS) {
        const card = (await page.getByTestId(`target-${i}`).textContent()) ?? '';
        expect(card).toContain(labels.indicator![i]!.zh);
        expect(card).toContain('按期应完成');
        expect(card).toContain('预计完成');
        expect(card).toMatch(/[按落]期|落后/);
        expect(card).not.toContain(i);
      }
      const whole = (await page.getByTestId('my-targets').textContent()) ?? '';
      expect(whole).not.toMatch(UUID);
      expect(whole).not.toMatch(/\b(industry_org|manufacturing|undefined|NaN|null)\b/);
      expect(await offencesOn(page, judge)).toEqual([]);
      if (width === 390) expect(await fitsPhone(page)).toBe(true);
      await page.screenshot({ path: `test/e2e/out/my-targets-${width}.png`, fullPage: true });
      await context.close();
    }, 240_000);

  it('another holder’s board is refused to hangxie, in Chinese and English', async () => {
    const admin = await browser.newContext();
    const province = await admin.newPage();
    await signIn(province, base, 'province');
    const other = `省养老服务协会${run}`;
    const made = await admin.request.post(`${base}/api/holders`, {
      data: { kind: 'industry_org', name: other, sector: 'life_services' },
    });
    expect(made.status()).toBe(201);
    const otherId = (await made.json()).id as string;
    await admin.close();

    const context = await browser.newContext();
    await signIn(await context.newPage(), base, 'hangxie');
    const res = await context.request.get(`${base}/api/holders/${otherId}/board`);
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'NOT_YOUR_HOLDER' });
    expect(body.message).toContain('只能查看本单位');
    expect(body.message_en).toContain('your own holder');
    expect(JSON.stringify(body)).not.toContain(other);
    await context.close();
  }, 240_000);

  it('the province creates a liaison by choosing its holder by name; the liaison signs in to its page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    trackRequests(page);
    await signIn(page, base, 'province');
    await page.getByRole('link', { name: '账号管理' }).click();
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    const username = `lianluo${run}`;
    const password = 'Jixie-Lianluo-2026!';
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('显示名').fill('机械协会联络员');
    await dialog.getByLabel('密码').fill(password);
    await chooseOption(page, dialog.getByLabel('角色'), '目标承担单位联络员');
    // The holder by name: typing part of it finds it; its id never shows.
    await dialog.getByLabel('目标承担单位').click();
    await page.keyboard.type('机械');
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: HOLDER });
    expect(await option.textContent()).toContain('先进制造业');
    await option.click();
    await page.screenshot({ path: 'test/e2e/out/accounts-holder-picker-1280.png' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.locator('tr', { hasText: username });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('目标承担单位联络员');
    expect(text).toContain(HOLDER);
    expect(text).not.toMatch(UUID);
    await page.screenshot({ path: 'test/e2e/out/accounts-list-1280.png', fullPage: true });
    await context.close();

    // On a phone the form and its picker fit too.
    const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const small = await narrow.newPage();
    await signIn(small, base, 'province');
    await small.goto(`${base}/accounts`);
    await small.getByRole('button', { name: '新建账号' }).click();
    await chooseOption(small, small.getByRole('dialog').getByLabel('角色'), '目标承担单位联络员');
    await small.getByRole('dialog').getByLabel('目标承担单位').click();
    await small.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: HOLDER }).waitFor();
    expect(await fitsPhone(small)).toBe(true);
    await small.screenshot({ path: 'test/e2e/out/accounts-holder-picker-390.png' });
    await narrow.close();

    const liaison = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await liaison.newPage();
    await phone.goto(`${base}/login`);
    await phone.getByLabel('用户名').fill(username);
    await phone.getByLabel('密码').fill(password);
    await phone.getByRole('button', { name: /^登\s*录$/ }).click();
    await phone.getByTestId('scope').waitFor();
    expect(await phone.getByTestId('scope').textContent()).toContain(HOLDER);
    await phone.goto(`${base}/my-targets`);
    await phone.getByTestId('holder-name').getByText(HOLDER).waitFor();
    await phone.getByTestId('target-subsidized_trainings').waitFor();
    expect(await fitsPhone(phone)).toBe(true);
    await liaison.close();
  }, 300_000);
});
