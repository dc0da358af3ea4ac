import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/** ¥1,234.50 → 123450 fen. */
const fenOf = (s: string) => Math.round(Number(s.replace(/[¥,\s]/g, '')) * 100);
const L3A = '培训补贴基础金额 · 高级工 · A类';

/** The what-if table by city as the page shows it: city name → [approved before, after, fen before, after]. */
async function whatIfByCity(page: Page): Promise<Map<string, number[]>> {
  const rows = page.getByTestId('whatif-city').locator('tbody tr.ant-table-row');
  await rows.first().waitFor();
  const out = new Map<string, number[]>();
  for (const r of await rows.all()) {
    const cells = await r.locator('td').allTextContents();
    out.set(cells[0], [Number(cells[1]), Number(cells[2]), fenOf(cells[3]), fenOf(cells[4])]);
  }
  return out;
}

async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('补贴政策: the province drafts, weighs and (with a second official) approves a version', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  // Shared server: a name of its own, and a far effective date so no other browser test sees the version.
  const second = `shenpi${Date.now().toString(36)}`;
  const secondPassword = 'Second-Official#2026';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('raises one base amount, sees the what-if per city equal to the server’s re-decision, and needs a second official to approve', async () => {
    const drafter = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(drafter, base, 'province');
    // The second province official, created by the province through the accounts API.
    const created = await drafter.request.post(`${base}/api/users`, {
      data: { username: second, displayName: '省级复核人', password: secondPassword, role: 'province_admin' },
    });
    expect(created.status(), await created.text()).toBe(201);

    await drafter.getByRole('link', { name: '补贴政策' }).click();
    await drafter.getByRole('tab', { name: '起草新版本' }).click();
    const amount = drafter.getByLabel(L3A);
    expect(await amount.inputValue()).toBe('2000.00');
    await amount.fill('2500');
    await pickDate(drafter, '生效日期', '2030-01-01');
    await drafter.screenshot({ path: 'test/e2e/out/policy-draft.png', fullPage: true }).catch(() => {});
    await drafter.getByRole('button', { name: '保存草案' }).click();

    const panel = drafter.getByTestId('draft-panel');
    await panel.waitFor();
    const diff = await panel.getByTestId('policy-diff').locator('tbody tr.ant-table-row').allTextContents();
    expect(diff).toEqual([`${L3A}¥2,000.00¥2,500.00`]);
    const code = (await panel.locator('[data-code]').first().textContent())!.trim();
    expect(code).toMatch(/^JS-2025\.\d+$/);

    await panel.getByRole('button', { name: '按草案测算' }).click();
    const shown = await whatIfByCity(drafter);
    // The page shows the server's in-memory re-decision of 2025–2026 under the whole draft …
    const report = await (
      await drafter.request.post(`${base}/api/policies/${encodeURIComponent(code)}/what-if`, {
        data: { from: '2025-01-01', to: '2026-12-31' },
      })
    ).json();
    const labels = await (await drafter.request.get(`${base}/api/labels`)).json();
    expect(shown.size).toBe(report.byCity.length);
    for (const g of report.byCity)
      expect(shown.get(labels.city[g.key].zh), g.key).toEqual([
        g.actualApproved,
        g.draftApproved,
        g.actualFen,
        g.draftFen,
      ]);
    // … the "before" is the decisions as made, and raising an amount approves no one more but pays some more.
    const decisions = await (
      await drafter.request.get(`${base}/api/decisions?decision=approved&from=2025-01-01&to=2026-12-31&limit=1000`)
    ).json();
    const items = (decisions.items ?? decisions) as { city_code: string; amount_fen: number }[];
    for (const g of report.byCity) {
      const mine = items.filter((d) => d.city_code === g.key);
      expect(g.actualFen).toBe(mine.reduce((n, d) => n + d.amount_fen, 0));
      expect(g.draftApproved).toBe(g.actualApproved);
      expect(g.draftFen).toBeGreaterThanOrEqual(g.actualFen);
    }
    expect(report.byCity.some((g: { draftFen: number; actualFen: number }) => g.draftFen > g.actualFen)).toBe(true);
    await drafter.screenshot({ path: 'test/e2e/out/policy-what-if.png', fullPage: true }).catch(() => {});

    // Four eyes: the drafter's approve button says why it cannot be pressed.
    const approve = panel.getByRole('button', { name: /^批\s*准$/ });
    await expect(approve.isDisabled()).resolves.toBe(true);
    expect(await panel.locator('[data-why]').getAttribute('data-why')).toContain('起草人不能批准');

    const approver = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await approver.goto(`${base}/login`);
    await approver.getByLabel('用户名').fill(second);
    await approver.getByLabel('密码').fill(secondPassword);
    await approver.getByRole('button', { name: /^登\s*录$/ }).click();
    await approver.getByTestId('scope').waitFor();
    await approver.getByRole('link', { name: '补贴政策' }).click();
    const row = approver.getByTestId('policy-versions').locator('tbody tr.ant-table-row', { hasText: code });
    await row.getByRole('button', { name: '审阅与测算' }).click();
    await approver
      .getByTestId('draft-panel')
      .getByRole('button', { name: /^批\s*准$/ })
      .click();
    await expect.poll(() => row.locator('.ant-tag').textContent(), { timeout: 10_000 }).toBe('已生效');
    await approver.setViewportSize({ width: 390, height: 844 });
    await approver.screenshot({ path: 'test/e2e/out/policy-390.png', fullPage: true }).catch(() => {});
    const audit = await (await approver.request.get(`${base}/api/policies`)).json();
    expect(audit.find((v: { code: string }) => v.code === code)).toMatchObject({
      status: 'active',
      created_by: 'province_admin:province',
      approved_by: `province_admin:${second}`,
    });
  }, 120_000);

  it('a city officer proposes its own factor and weighs it for its city only', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'nanjing');
    await page.getByRole('link', { name: '补贴政策' }).click();
    const card = page.getByTestId('city-factor');
    await card.getByLabel('补贴系数').fill('1.10');
    await card.getByRole('button', { name: '本市测算' }).click();
    const shown = await whatIfByCity(page);
    expect([...shown.keys()]).toEqual(['南京市']);
    const [before, after, fenBefore, fenAfter] = shown.get('南京市')!;
    expect(after).toBe(before);
    expect(Math.abs(fenAfter - Math.round(fenBefore * 1.1))).toBeLessThanOrEqual(before); // rounding per decision
    // Province drafts are not the city's: no draft form.
    expect(await page.getByRole('tab', { name: '起草新版本' }).count()).toBe(0);
    await pickDate(page, '生效日期', '2030-01-01');
    await card.getByRole('button', { name: '提出系数' }).click();
    const proposal = page
      .getByTestId('policy-versions')
      .locator('tbody tr.ant-table-row', { hasText: '南京市 城市系数' })
      .filter({ hasText: '待批准' });
    await expect.poll(() => proposal.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Only its own city's proposals are listed.
    const scopes = await page
      .getByTestId('policy-versions')
      .locator('tbody tr.ant-table-row td:nth-child(2)')
      .allTextContents();
    expect(new Set(scopes.filter((s) => s !== '全省'))).toEqual(new Set(['南京市']));
    await page.screenshot({ path: 'test/e2e/out/policy-city.png', fullPage: true }).catch(() => {});
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test/e2e/out/policy-city-390.png', fullPage: true }).catch(() => {});
  }, 60_000);
});
