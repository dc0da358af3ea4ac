import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';
import { lateClaim, type LateClaim } from './late-claim.ts';

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * 申诉 on a rejected *decision*, on a phone (390 × 844): a Nanjing worker's skill-upgrade claim was
 * filed 14 months after the certificate (LATE_APPLICATION, one of the reasons a city may overrule on
 * appeal); the worker contests it from 我的补贴 with the reason in words, the Nanjing officer upholds
 * it on 申诉处理, and the worker sees the claim decided again: approved, in its 公示 period. The set-up
 * (the person, certificate and claim as an import; the account; settling) goes through the API.
 */
describe('申诉 on a rejected decision, on a phone', () => {
  let browser: Browser;
  let worker: Page;
  let officer: Page;
  let claim: LateClaim;
  const base = inject('baseUrl');
  const REASON = '证书取得后我因工伤住院一年多，出院后第一时间申请，附住院证明。';
  const ANSWER = '经核实，申请人住院属实，逾期有正当理由，准予受理。';

  beforeAll(async () => {
    browser = await launchBrowser();
    claim = await lateClaim(browser, base, {
      namePrefix: '申诉',
      birthMonth: '03',
      recordPrefix: 'AD',
      username: 'appeal',
      password: 'Shensu-2026!ok',
    });
    worker = await claim.signedInPage(390);
    officer = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(officer, base, 'nanjing');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the worker reads why the claim was refused and appeals it from 我的补贴', async () => {
    await worker.goto(`${base}/me`);
    const card = worker.locator('[data-testid="decision-card"]', { hasText: claim.certificateNo });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('不予补贴');
    expect(text).toContain('超过发证后12个月'); // the reason in words, not LATE_APPLICATION
    expect(text).not.toContain('LATE_APPLICATION');
    const box = worker.getByTestId('appealable');
    const item = box.locator('.ant-list-item', { hasText: claim.applicationId });
    await item.getByTestId('appeal-open').click();
    await worker.getByTestId('appeal-reason').fill(REASON);
    await worker.getByTestId('appeal-submit').click();
    await item.getByText('申诉处理中').waitFor();
    expect(await noSideScroll(worker)).toBe(true);
  });

  it('the Nanjing officer upholds it with an answer', async () => {
    await officer.goto(`${base}/appeals?status=open`);
    const row = officer.locator('[data-testid="appeals-table"] tr', { hasText: claim.applicationId });
    await row.getByTestId('appeal-detail').click();
    await officer.getByTestId('appeal-answer-input').fill(ANSWER);
    await officer.getByTestId('appeal-decide-submit').click();
    await officer.getByTestId('appeal-decide').waitFor({ state: 'detached' });
  });

  it('the worker sees the claim decided again — approved, in its 公示 period — and the answer', async () => {
    await worker.goto(`${base}/me`);
    const card = worker.locator('[data-testid="decision-card"]', { hasText: claim.certificateNo });
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 }).toContain('公示');
    expect(await card.textContent()).not.toContain('不予补贴');
    expect(await card.getByTestId('decision-amount').textContent()).toMatch(/¥[\d,]+/);
    await worker.goto(`${base}/my-appeals`);
    const mine = worker.locator('[data-testid="my-appeal"]', { hasText: claim.applicationId });
    await mine.waitFor();
    expect(await mine.textContent()).toContain('申诉成立');
    expect(await mine.getByTestId('appeal-answer').textContent()).toBe(ANSWER);
    expect(await noSideScroll(worker)).toBe(true);
  });
});
