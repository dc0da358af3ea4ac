import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/** 申辩 in the browser: the institution contests a warning on 处理记录 and reads that it awaits review. */
describe('申辩: an institution appeals a sanction', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('jigou appeals a warning from its 处理记录 page', async () => {
    const province = (await browser.newContext()).request;
    await province.post(`${base}/api/auth/login`, { data: { username: 'province', password: 'Jineng@2025' } });
    // A reason of its own, so the row is found whatever other files left.
    const reason = `台账不全（抽查${Math.floor(Math.random() * 90 + 10)}号）`;
    const s = await province.post(`${base}/api/institutions/12320100914177769G/sanction`, {
      data: { sanction: 'warning', reason },
    });
    expect(s.ok()).toBe(true);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'jigou');
    await page.getByRole('link', { name: '处理记录' }).click();
    const row = page.getByTestId('sanctions-table').locator('tr.ant-table-row', { hasText: reason });
    await row.getByTestId('appeal-sanction').click();
    await page.getByTestId('appeal-statement').fill('台账已按要求补齐，附补齐后的台账扫描件，请求撤销警示。');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => row.textContent()).toContain('申辩待复核');
    await page.screenshot({ path: 'test/e2e/out/sanction-appeal.png', fullPage: true }).catch(() => {});
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test/e2e/out/sanction-appeal-390.png', fullPage: true }).catch(() => {});

    // The province lets the warning stand; appealing again asks for new evidence, and the refusal of
    // the same statement without a file reads in words (no raw code).
    const sanctionId = (await s.json()).id as string;
    const [filed] = (
      (await (await province.get(`${base}/api/sanction-appeals`)).json()) as { id: string; sanctionId: string }[]
    ).filter((a) => a.sanctionId === sanctionId);
    const decided = await province.post(`${base}/api/sanction-appeals/${filed!.id}/decide`, {
      data: { outcome: 'upheld', answer: '补齐不改变抽查时的事实，维持警示。' },
    });
    expect(decided.ok()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await row.getByText('申辩不成立，维持处理').waitFor();
    await row.getByTestId('appeal-sanction').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByTestId('appeal-new-evidence').waitFor();
    await page.getByTestId('appeal-statement').fill('台账已按要求补齐，附补齐后的台账扫描件，请求撤销警示。');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    const refusal = modal.locator('.ant-alert-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('再次申辩须提供新的证明材料');
    expect(await refusal.textContent()).not.toContain('APPEAL_NEEDS_NEW_EVIDENCE');
    await page.screenshot({ path: 'test/e2e/out/sanction-appeal-again.png' }).catch(() => {});
  }, 90_000);

  it('the province refers a confirmed case to a judicial organ from 交互比对', async () => {
    const api = (await browser.newContext()).request;
    await api.post(`${base}/api/auth/login`, { data: { username: 'province', password: 'Jineng@2025' } });
    expect((await api.post(`${base}/api/integrity/detect`, { data: {} })).ok()).toBe(true);
    const cases = await (await api.get(`${base}/api/integrity/cases?status=open&limit=1`)).json();
    expect(cases.items.length).toBeGreaterThan(0);
    const id = cases.items[0].id;
    const decided = await api.post(`${base}/api/integrity/cases/${id}`, {
      data: { status: 'confirmed', finding: '经核查属实，涉嫌骗取补贴' },
    });
    expect(decided.ok()).toBe(true);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    await page.goto(`${base}/integrity?status=confirmed`);
    const organ = `南京市公安局第${Math.floor(Math.random() * 90 + 10)}分局`;
    const button = page.getByTestId('refer-case').first();
    await button.waitFor();
    await button.click();
    await page.locator('.ant-modal:visible').getByPlaceholder('接收机关（如：南京市公安局）').fill(organ);
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId('case-referral').filter({ hasText: organ }).count()).toBe(1);
    await page.screenshot({ path: 'test/e2e/out/case-referral.png', fullPage: true }).catch(() => {});
  }, 120_000);
});
