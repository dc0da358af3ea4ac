import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';

/** A demo certificate (demo/small/bundle/certificates.csv) no other browser test revokes, and its holder. */
const CERT = { no: 'Y907432175761255000002', name: '刘敏涛', idMasked: '3202**********4548' };

describe('证书查验 by number and name, on a phone', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('a stranger at 390 px finds the certificate by number + name, sees the holder masked; a wrong name finds nothing', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage(); // nobody signed in
    await page.goto(`${base}/verify`);
    const form = page.getByTestId('lookup-form');
    await form.getByLabel('证书编号').fill(` ${CERT.no} `);
    await form.getByLabel('持证人姓名').fill(CERT.name);
    await form.getByRole('button', { name: /查\s*验/ }).click();
    await expect.poll(() => page.getByTestId('lookup-status').textContent()).toContain('证书有效');
    expect(await page.getByTestId('holder-id').textContent()).toBe(CERT.idMasked);
    const shown = (await page.textContent('body')) ?? '';
    expect(shown).toContain(CERT.no);
    expect(shown).toContain('刘*涛');
    expect(shown).toContain('焊工');
    expect(shown).not.toContain(CERT.name); // typed into the box, never printed back
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test/e2e/out/verify-lookup-390.png', fullPage: true });

    await form.getByLabel('持证人姓名').fill('刘敏');
    await form.getByRole('button', { name: /查\s*验/ }).click();
    await expect.poll(() => page.getByTestId('lookup-status').textContent()).toContain('查无此证');
    expect(await page.getByTestId('holder-id').count()).toBe(0);
    expect(await page.textContent('body')).not.toContain(CERT.idMasked);

    // English through the switch on the page itself.
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByTestId('lookup-status').textContent()).toContain('No such certificate');
    expect(await page.textContent('body')).toContain('no certificate matches this number and name');
  });
});
