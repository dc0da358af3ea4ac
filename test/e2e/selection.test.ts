import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { creditCheckChar } from '../../src/kernel/identity.ts';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** A fresh valid credit code each run: files share one server, and one open application per code. */
function freshCreditCode(): string {
  const f = `52320100MJ${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
  return f + creditCheckChar(f);
}

/** An antd InputNumber by its test id (the id lands on the input or its wrapper, by antd version). */
const numberInput = (page: Page, testid: string) =>
  page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first();

const pick = (page: Page, testid: string, typed: string, option: string) =>
  chooseOption(page, page.getByTestId(testid).first(), option, typed);

/**
 * 遴选 in the browser: an institution applies on a phone (390 px) without an account and is given its
 * number and access key; the province appoints two experts on 机构遴选; an expert declares no
 * conflict and scores there; the province publishes, and the result is on the public notice page.
 */
describe('遴选: apply, score, publish', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-selection-'));
  const pdf = path.join(dir, '办学许可证.pdf');
  const name = `南京遴选测试培训学校${Math.floor(Math.random() * 1000)}`;
  let number = '';

  beforeAll(async () => {
    fs.writeFileSync(pdf, '%PDF-1.4\n%test\n');
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('an institution applies on a phone and follows its application with the access key', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${base}/selection/apply`);
    await page.getByTestId('apply-credit-code').fill(freshCreditCode());
    await page.getByTestId('apply-name').fill(name);
    await pick(page, 'apply-city', '', '南京市');
    await pick(page, 'apply-type', '', '民办培训机构');
    await numberInput(page, 'apply-capacity').fill('80');
    await page.getByTestId('apply-site-a').fill('鼓楼实训中心');
    await page.getByTestId('apply-site-b').fill('南京市鼓楼区中山北路1号');
    await pick(page, 'apply-occupation', '焊工', '焊工');
    await page.getByTestId('apply-teacher-a').fill('王建国');
    await page.getByTestId('apply-teacher-b').fill('焊工高级技师');
    await page.getByTestId('apply-contact').fill('周敏');
    await page.getByTestId('apply-phone').fill('13812345678');
    await page.locator('input[type=file]').setInputFiles(pdf);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: 'test/e2e/out/selection-apply-390.png', fullPage: true }).catch(() => {});
    await page.getByTestId('apply-submit').click();
    const key = page.getByTestId('selection-key');
    await key.waitFor({ timeout: 15_000 });
    number = (await key.locator('b').first().textContent()) ?? '';
    expect(number).toMatch(/^XS\d{8}$/);
    await expect.poll(() => page.getByTestId('selection-own').textContent()).toContain('评审中');
    expect(await page.getByTestId('selection-own').textContent()).toContain('办学许可证.pdf');
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: 'test/e2e/out/selection-own-390.png', fullPage: true }).catch(() => {});
  }, 90_000);

  it('the province appoints experts, an expert declares and scores, the province publishes into public notice', async () => {
    const province = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(province, base, 'province');
    await province.getByRole('link', { name: '机构遴选' }).click();
    await province.getByTestId('selection-table').locator('tr.ant-table-row', { hasText: number }).click();
    await pick(province, 'selection-expert-picker', '工信', '省工信厅联络员');
    await province.keyboard.press('Escape');
    await pick(province, 'selection-expert-picker', '就业', '省人社厅就业促进处');
    await province.keyboard.press('Escape');
    await province.getByTestId('selection-appoint').click();
    await expect.poll(() => province.getByTestId('selection-experts').textContent()).toContain('省工信厅联络员');

    // gongxin scores in the browser
    const expert = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(expert, base, 'gongxin');
    await expert.getByRole('link', { name: '机构遴选' }).click();
    await expert.getByTestId('selection-table').locator('tr.ant-table-row', { hasText: number }).click();
    await expert.getByTestId('selection-declare').getByText('与该机构无利益冲突').click();
    await expert.getByTestId('selection-declare').getByRole('button').click();
    await numberInput(expert, 'score-qualification').waitFor();
    for (const [code, v] of Object.entries({
      qualification: 90,
      teachers: 80,
      facilities: 70,
      programmes: 85,
      performance: 75,
    }))
      await numberInput(expert, `score-${code}`).fill(String(v));
    await expert.getByTestId('selection-score').click();
    await expect.poll(() => expert.getByTestId('selection-experts').textContent()).toContain('78.75');
    await expert.screenshot({ path: 'test/e2e/out/selection-expert.png', fullPage: true }).catch(() => {});

    // jiuye scores by the API (the same calls the page makes)
    const jiuye = (await browser.newContext()).request;
    await jiuye.post(`${base}/api/auth/login`, { data: { username: 'jiuye', password: 'Jineng@2025' } });
    const list = await (await jiuye.get(`${base}/api/selection/applications`)).json();
    const id = list.find((r: { number: string }) => r.number === number).id;
    expect(
      (await jiuye.post(`${base}/api/selection/applications/${id}/conflict`, { data: { conflict: false } })).ok(),
    ).toBe(true);
    const scores = { qualification: 80, teachers: 80, facilities: 80, programmes: 80, performance: 80 };
    expect((await jiuye.post(`${base}/api/selection/applications/${id}/scores`, { data: { scores } })).ok()).toBe(true);

    await province.reload();
    await province.getByTestId('selection-table').locator('tr.ant-table-row', { hasText: number }).click();
    await province.getByTestId('selection-publish').click();
    await province
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => province.getByTestId('selection-detail').textContent()).toContain('公示中');
    await province.screenshot({ path: 'test/e2e/out/selection-province.png', fullPage: true }).catch(() => {});
    // listing before the notice ends is refused, in words
    await province.getByTestId('selection-list').click();
    await province
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => province.getByTestId('selection-error').textContent()).toContain('公示期');

    const pub = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await pub.goto(`${base}/public/selection`);
    const card = pub.getByTestId('selection-notice-card').filter({ hasText: name });
    await card.waitFor();
    expect(await card.textContent()).toContain('79.38');
    expect(await noSideScroll(pub)).toBe(true);
    await pub.screenshot({ path: 'test/e2e/out/selection-notices-390.png', fullPage: true }).catch(() => {});
    // 提出异议 (ObjectionModal): a reason under 10 characters is refused in the form; a real one is received.
    await card.getByTestId('object').click();
    const modal = pub.locator('.ant-modal:visible');
    await modal.getByLabel('异议理由（10–1000字）').fill('太短');
    await modal.getByRole('button', { name: '提交异议' }).click();
    await modal.locator('.ant-alert-error').waitFor();
    await pub.screenshot({ path: 'test/e2e/out/selection-objection-390.png' }).catch(() => {});
    await modal.getByLabel('异议理由（10–1000字）').fill('该机构实训场地与申报材料不符，请核查。');
    await modal.getByRole('button', { name: '提交异议' }).click();
    await pub.getByText('异议已收到，将由省人社厅核查处理').waitFor();
    await modal.waitFor({ state: 'hidden' });
  }, 120_000);
});
