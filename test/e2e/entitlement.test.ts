import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TEntitlement } from '../../src/modules/subsidy/subsidy.schema.ts';
import { launchBrowser, signIn } from './browser.ts';

const XIELEI = '320311199409187319';
/** Today in China. */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** As the page writes them: ¥1,950.00 and 2027年11月30日. */
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
const zhDate = (d: string) => {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
};

/**
 * 我的补贴 on a phone (390 × 844): an evaluator certifies xielei as 电工 中级工 (a shortage
 * occupation); the worker sees the figures the API gives, the certificate with its deadline and
 * expected amounts, claims the training subsidy, and sees one training subsidy fewer left.
 */
describe('我的补贴 on a phone', () => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseUrl');
  let certificateNo = '';
  const entitlement = async (): Promise<TEntitlement> =>
    (await page.context().request.get(`${base}/api/me/entitlement`)).json();
  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent())?.trim();

  beforeAll(async () => {
    browser = await launchBrowser();
    // The evaluator (pingjia) assesses and certifies xielei through the API.
    const evaluator = (await browser.newContext()).request;
    expect(
      (await evaluator.post(`${base}/api/auth/login`, { data: { username: 'pingjia', password: 'Jineng@2025' } })).ok(),
    ).toBe(true);
    const scheduled = await (
      await evaluator.post(`${base}/api/assessments`, {
        data: {
          occupationCode: 'JS-0001',
          kind: 'skill_level',
          level: 'L4',
          scheduledOn: chinaToday(),
          idNumbers: [XIELEI],
        },
      })
    ).json();
    const detail = await (await evaluator.get(`${base}/api/assessments/${scheduled.id}`)).json();
    const results = detail.candidates.map((c: { person_key: string }) => ({
      personKey: c.person_key,
      theoryScore: 82,
      practicalScore: 88,
      passed: true,
    }));
    const issued = await (
      await evaluator.post(`${base}/api/assessments/${scheduled.id}/results`, { data: { results } })
    ).json();
    certificateNo = issued.issued[0];
    expect(certificateNo).toBeTruthy();

    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(page, base, 'xielei');
  });
  afterAll(() => browser.close());

  it('shows the API’s figures, the new certificate with its deadline and amounts, without horizontal scroll', async () => {
    await page.goto(`${base}/me`);
    await page.getByTestId('entitlement-summary').waitFor();
    const e = await entitlement();
    expect(await text('training-lifetime-left')).toBe(String(e.training.lifetime.left));
    expect(await text('training-year-left')).toBe(String(e.training.leftThisYear));
    expect(await text('upgrade-year-left')).toBe(String(e.skillUpgrade.leftThisYear));
    expect(await text('upgrade-nonshortage-left')).toBe(String(e.skillUpgrade.nonShortageLeftThisYear));
    expect(await text('year-left')).toContain(`还可享受 ${e.thisYear.left} 次`);

    const cert = e.certificates.find((c) => c.certificateNo === certificateNo)!;
    expect(cert.shortage).toBe(true);
    const card = page.locator(`[data-testid="claimable-certificates"] [data-certificate="${certificateNo}"]`);
    await card.waitFor();
    expect(await card.getByTestId('deadline').textContent()).toContain(zhDate(cert.lastDay));
    for (const claim of cert.claims) {
      expect(claim.state).toBe('claimable');
      expect(await card.getByTestId(`claim-${claim.type}`).getByTestId('claim-amount').textContent()).toBe(
        yuan(claim.amountFen!),
      );
    }
    expect(await card.getByTestId('claim-training').getByTestId('claim-basis').textContent()).toContain('紧缺职业');
    expect(await page.getByTestId('decision-card').count()).toBe(e.decisions.length);

    const width = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(width.scroll).toBeLessThanOrEqual(width.viewport);
    await page.screenshot({ path: 'test/e2e/out/entitlement-390.png', fullPage: true });
  });

  it('a claim is filed from the card; the figures move as the API says', async () => {
    const before = await entitlement();
    const card = page.locator(`[data-certificate="${certificateNo}"]`).first();
    await card.getByTestId('claim-training').getByRole('button').click();
    await expect.poll(async () => (await entitlement()).pendingApplications).toBe(before.pendingApplications + 1);
    await card.getByTestId('claim-training').getByText('已申请').waitFor();
    const after = await entitlement();
    // The pending claim already counts as the rules will decide it: one training subsidy fewer.
    expect(after.training.lifetime.left).toBe(before.training.lifetime.left - 1);
    expect(await text('training-lifetime-left')).toBe(String(after.training.lifetime.left));
    expect(await text('training-year-left')).toBe(String(after.training.leftThisYear));
    // The certificate is being claimed: the other subsidy on it is closed, and the card says why.
    expect(after.certificates.find((c) => c.certificateNo === certificateNo)!.claims[1]).toMatchObject({
      type: 'skill_upgrade',
      state: 'closed',
    });
    await card.getByText('该证书已享受过补贴').waitFor();
    const filed = page.locator(`[data-testid="decision-card"]`, { hasText: certificateNo }).first();
    expect(await filed.textContent()).toContain('已提交');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('is the worker’s one subsidy page: 补贴决定 sends them to its decisions', async () => {
    await page.goto(`${base}/decisions`);
    await page.getByTestId('decisions').waitFor();
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(new URL(page.url()).hash).toBe('#decisions');
    // On a phone the worker's menu is the tab bar: 我的补贴 is there, 补贴决定 is not (nor under 我的).
    const tabs = page.getByTestId('tab-bar');
    await tabs.getByText('我的补贴').waitFor();
    expect(await tabs.getByText('补贴决定').count()).toBe(0);
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('mine').waitFor();
    expect(await page.getByTestId('mine').getByText('补贴决定').count()).toBe(0);
  });
});
