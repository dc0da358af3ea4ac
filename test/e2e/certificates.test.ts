import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

describe('a certificate from issue to public verification to revocation', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('an evaluator issues; the public page confirms it; after revocation it shows revoked', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1500, height: 900 } })).newPage();
    await signIn(page, base, 'pingjia');
    await page.getByRole('link', { name: '考核发证' }).click();
    await page.getByLabel('职业').click();
    await page.keyboard.type('焊工');
    await page.keyboard.press('Enter');
    await page.getByLabel('日期').click();
    await page.keyboard.type('2026-11-20');
    await page.keyboard.press('Enter');
    await page.getByLabel('考生身份证号').fill('320311199409187319');
    await page.getByRole('button', { name: '安排考核' }).click();
    const candidates = page.getByTestId('candidates');
    await candidates.locator('tbody tr.ant-table-row').first().waitFor();
    await candidates.getByLabel('theory').fill('86');
    await candidates.getByLabel('practical').fill('90');
    await candidates.getByLabel('passed').check();
    await page.getByRole('button', { name: '提交成绩并发证' }).click();
    const no = (await page.getByTestId('issued-no').textContent())!;
    expect(no).toMatch(/^Y\d{21}$/);

    // The holder (or an official) gets the signed link that the QR code carries.
    const worker = await (await browser.newContext()).newPage();
    await signIn(worker, base, 'xielei');
    const { url } = await worker.evaluate(async (n) => (await fetch(`/api/certificates/${n}/token`)).json(), no);
    const pdf = await worker.evaluate(async (n) => {
      const r = await fetch(`/api/certificates/${n}/pdf`);
      return { type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, no);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.size).toBeGreaterThan(5000);

    const publicPage = await (await browser.newContext()).newPage(); // nobody signed in
    await publicPage.goto(url.replace(/^https?:\/\/[^/]+/, base));
    await expect.poll(() => publicPage.getByTestId('verify-status').textContent()).toContain('证书有效');
    expect(await publicPage.textContent('body')).toContain('谢*');
    expect(await publicPage.textContent('body')).not.toContain('谢磊');

    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, base, 'province');
    const revoked = await admin.evaluate(
      async (n) =>
        (
          await fetch(`/api/certificates/${n}/revoke`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ reason: '考核舞弊' }),
          })
        ).status,
      no,
    );
    expect(revoked).toBe(200);
    await publicPage.reload();
    await expect.poll(() => publicPage.getByTestId('verify-status').textContent()).toContain('证书已撤销');
    await publicPage.screenshot({ path: 'test/e2e/out/verify-revoked.png' });
  });
});
