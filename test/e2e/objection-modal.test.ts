import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';

const SHOTS = process.env.SHOTS_DIR ?? 'test/e2e/out';

/**
 * 补贴公示's 提出异议 through the shared ObjectionModal, at 390 px without sign-in: a reason under
 * 5 characters is refused inside the form (which stays open); a real one is received and closes it.
 * (遴选公示's is checked at the end of selection.test.ts, once a notice exists.)
 */
describe('提出异议 on 补贴公示', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('refuses a too-short reason in the form and receives a real one', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${base}/public/notices`);
    await page.getByTestId('notice-card').first().getByTestId('object').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('异议理由（5–500字）').fill('不对');
    await modal.getByRole('button', { name: '提交异议' }).click();
    await modal.locator('.ant-alert-error').waitFor();
    await page.screenshot({ path: `${SHOTS}/notice-objection-390.png` });
    await modal.getByLabel('异议理由（5–500字）').fill('此人当年并未参加该培训班，请核实。');
    await modal.getByLabel('联系方式（选填，仅核实人员可见）').fill('13900000000');
    await modal.getByRole('button', { name: '提交异议' }).click();
    await page.getByText('异议已收到，将由所在城市人社部门核实').waitFor();
    await modal.waitFor({ state: 'hidden' });
    await page.context().close();
    const wide = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await wide.goto(`${base}/public/notices`);
    await wide.getByTestId('notice-card').first().getByTestId('object').click();
    await wide.locator('.ant-modal:visible').getByLabel('异议理由（5–500字）').waitFor();
    await wide.screenshot({ path: `${SHOTS}/notice-objection-1280.png` });
    await wide.context().close();
  });
});
