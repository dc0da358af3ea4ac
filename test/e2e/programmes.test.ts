import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

/** Picks an option of a form's select by the field's label. */
async function choose(page: Page, form: string, label: string, option: string) {
  await chooseOption(page, page.getByTestId(form).getByLabel(label, { exact: true }), option);
}

const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * 专项计划与载体 (issue 21): the province registers a carrier and an N holder with a yearly target;
 * Nanjing tags one of its projects with 百万青年职业技能提升行动 and that carrier on the project's
 * page; the board shows it by programme, by carrier and by holder, on a desk and on a phone. Names
 * are made unique per run: the e2e server is shared by every file, in any order.
 */
describe('专项计划与载体: programmes, carriers and N holders', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  const run = Date.now().toString(36).slice(-5);
  const carrier = `南京智能制造链主生态链${run}`;
  const holder = `省工信厅专项${run}`;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('the province registers a carrier and a holder with its yearly target, and sees its pace', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    await page.getByRole('link', { name: '专项计划与载体' }).click();
    const programmes = page.getByTestId('programmes-table');
    await programmes.getByText('百万青年职业技能提升行动').waitFor();
    await page.getByTestId('plan-yearly').getByText('省级工匠').first().waitFor();
    // 40 new evaluation resources a year: counted from the catalog's 专项职业能力 items (docs/catalog-admin.md).
    await page.getByTestId('plan-yearly').getByText('新增评价技术资源', { exact: false }).first().waitFor();

    await page.getByTestId('programme-sections').getByText('按培训载体').click();
    await choose(page, 'carrier-form', '类型', '链主/龙头企业技能生态链');
    await page.getByTestId('carrier-name').fill(carrier);
    await choose(page, 'carrier-form', '城市', '南京市');
    await page.getByTestId('carrier-owner').fill('南京物流1有限公司');
    await page.getByTestId('carrier-members').fill('913201001736662571，南京物流1有限公司\n南京某配套企业');
    await page.getByTestId('carrier-submit').click();
    const row = page.getByTestId('carriers-table').locator('tr', { hasText: carrier });
    await row.waitFor();
    expect(await row.textContent()).toContain('链主/龙头企业技能生态链');

    await page.getByTestId('programme-sections').getByText('按目标承担单位（N）').click();
    await choose(page, 'holder-form', '类型', '行业部门');
    await page.getByTestId('holder-name').fill(holder);
    await choose(page, 'holder-form', '领域', '先进制造业');
    await page.getByTestId('holder-submit').click();
    await expect
      .poll(async () => (await page.evaluate(() => fetch('/api/holders').then((r) => r.json()))).length)
      .toBeGreaterThan(0);
    await choose(page, 'holder-target-form', '目标承担单位', holder);
    await page.getByTestId('target-value').fill('500000');
    await page.getByTestId('target-submit').click();
    const holderRow = page.getByTestId('holders-table').locator('tr', { hasText: holder });
    await holderRow.waitFor();
    const text = (await holderRow.textContent()) ?? '';
    expect(text).toContain('行业部门');
    expect(text).toContain('先进制造业');
    expect(text).toContain('500,000');
    expect(text).not.toContain('manufacturing');
    await page.screenshot({ path: 'test/e2e/out/programmes-holders.png', fullPage: true });
  });

  it('Nanjing tags its project with a programme and the carrier; the board counts it by both', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'nanjing');
    const [project] = await page.evaluate(() =>
      fetch('/api/projects?limit=1')
        .then((r) => r.json())
        .then((x) => x.items),
    );
    await page.goto(`${base}/projects/${project.project_code}`);
    const card = page.getByTestId('project-tags');
    await card.waitFor();
    await page.getByTestId('tags-edit').click();
    await chooseOption(page, page.getByTestId('tag-programmes'), '百万青年职业技能提升行动', '百万青年');
    await page.keyboard.press('Escape'); // a multiple select stays open over the next field
    await chooseOption(page, page.getByTestId('tag-carriers'), carrier, carrier.slice(-8));
    await page.keyboard.press('Escape');
    await page.getByTestId('tags-save').click();
    await card.getByText('百万青年职业技能提升行动').waitFor();
    await card.getByText(carrier).waitFor();

    await page.getByRole('link', { name: '专项计划与载体' }).click();
    const youth = page.getByTestId('programmes-table').locator('tr', { hasText: '百万青年职业技能提升行动' });
    await youth.waitFor();
    await expect
      .poll(async () => Number((await youth.locator('td').nth(2).textContent())?.replace(/,/g, '')))
      .toBeGreaterThan(0);
    await page.getByTestId('programme-sections').getByText('按培训载体').click();
    const carrierRow = page.getByTestId('carriers-table').locator('tr', { hasText: carrier });
    await carrierRow.waitFor();
    // A city officer has no holders' section, and sees no raw sector or kind code.
    expect(await page.getByTestId('programme-sections').textContent()).not.toContain('目标承担单位');
    expect(await page.locator('.ant-layout-content').textContent()).not.toMatch(/chain_ecosystem|million_youth|320100/);
  });

  it('on a phone (390 px) the board reads as cards and nothing scrolls sideways', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(page, base, 'gongxin');
    await page.goto(`${base}/programmes`);
    await page.getByTestId('plan-yearly').getByText('省级工匠').first().waitFor();
    await page.getByText('制造业技能根基工程').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.getByTestId('programme-sections').getByText('按目标承担单位（N）').click();
    await page.getByText(holder).first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: 'test/e2e/out/programmes-phone.png', fullPage: true });
  });
});
