import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idCheckChar } from '../../src/kernel/identity.ts';
import { launchBrowser, signIn } from './browser.ts';

const PHONE = { width: 390, height: 844 };
const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** The newest one-time code the server's SMS outbox (JSON lines) holds for a phone. */
function codeFromOutbox(file: string, phone: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  const mine = lines
    .map((l) => JSON.parse(l) as { phone: string; template: string; params: { code?: string } })
    .filter((m) => m.phone === phone && m.template === 'otp');
  return mine.at(-1)?.params.code;
}

describe('self-registration on a phone (390×844)', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  const outbox = inject('smsOutbox');
  // A Nanjing ID number unknown to the demo registry, and a phone of this run.
  const stamp = String(Date.now()).slice(-6);
  const first17 = `32010219920${(Number(stamp[0]) % 9) + 1}1${stamp[1]}${stamp.slice(2, 5)}`;
  const idNumber = first17 + idCheckChar(first17);
  const phone = `137${stamp}88`;
  const password = 'Zhuce-2026!ok';

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('registers from the login page with the code from the SMS outbox; the city confirms; then the worker signs in', async () => {
    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('register-link').click();
    await page.waitForURL(`${base}/register`);
    await expect.poll(() => page.title()).toBe('自助注册 · 技能');
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.getByLabel('姓名').fill('注册测试');
    // The ID number is checked while typing: a wrong check digit is said in words, the right one confirmed.
    const wrong = first17 + (idNumber[17] === '1' ? '2' : '1');
    await page.getByTestId('id-number').fill(wrong);
    await page.getByText('校验码不对，请核对每一位').waitFor();
    await page.getByTestId('id-number').fill(idNumber);
    await page.getByText('格式与校验码正确').waitFor();
    // The city follows the ID number's region code.
    await expect.poll(() => page.locator('.ant-form-item', { hasText: '常住城市' }).textContent()).toContain('南京市');

    await page.getByLabel('手机号').fill(phone);
    await page.getByTestId('send-code').click();
    const sent = page.getByTestId('code-sent');
    await sent.waitFor();
    expect(await sent.textContent()).toContain('演示环境：验证码未真正发出，已写入短信发件箱');
    expect(await page.getByTestId('send-code').textContent()).toMatch(/秒后重发/);
    await expect.poll(() => codeFromOutbox(outbox, phone)).toMatch(/^\d{6}$/);
    const code = codeFromOutbox(outbox, phone)!;
    await page.screenshot({ path: 'test/e2e/out/register-code-sent-390.png', fullPage: true });
    // The code never reaches the page.
    expect(await page.content()).not.toContain(code);

    // A weak password is refused in words under its field, before the code is spent.
    await page.getByLabel('验证码', { exact: true }).fill(code);
    await page.getByLabel('设置密码').fill('weakpass');
    await page.getByTestId('register-submit').click();
    await page.getByText('密码至少 10 位').waitFor();
    await page.getByLabel('设置密码').fill(password);
    await page
      .getByTestId('register-submit')
      .click()
      .catch(async (e) => {
        await page.screenshot({ path: 'test/e2e/out/register-failed-390.png', fullPage: true });
        throw e;
      });
    const done = page.getByTestId('register-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('已提交，请等待审核或使用原账号登录');
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: 'test/e2e/out/register-done-390.png', fullPage: true });

    // Before the city confirms, sign-in is refused like any wrong password.
    await page.getByRole('button', { name: '去登录' }).click();
    await page.waitForURL(/\/login\?username=/);
    expect(await page.getByLabel('用户名').inputValue()).toBe(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('login-error').waitFor();

    // Nanjing's officer confirms it from the to-do card.
    const officer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(officer, base, 'nanjing');
    await officer.getByTestId('todo-registrations').click();
    await officer.waitForURL((u) => u.pathname === '/persons' && u.search === '?tab=pending');
    const row = officer.getByTestId('pending-table').locator('tr', { hasText: '注册测试' });
    expect(await row.textContent()).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    // Why it waits, in words (never the code).
    expect(await row.textContent()).toContain('身份证号不在实名库');
    expect(await row.textContent()).not.toContain('new_person');
    expect(await officer.content()).not.toContain(idNumber);
    await officer.screenshot({ path: 'test/e2e/out/pending-registrations-1280.png', fullPage: true });
    await row.getByRole('button', { name: /确\s*认/ }).click();
    const dialog = officer.getByRole('dialog');
    await dialog.getByLabel('重点群体').click();
    await officer.locator('.ant-select-item-option', { hasText: '农民工' }).click();
    await officer.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => officer.getByTestId('pending-table').locator('tr', { hasText: '注册测试' }).count())
      .toBe(0);

    // Now the worker signs in with the phone number.
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('scope').waitFor();
    // On a phone a worker's name is under 我的 (the header carries only the bell).
    await page.getByTestId('tab-bar').waitFor();
    await page.goto(`${new URL(page.url()).origin}/mine`);
    expect(await page.getByTestId('whoami').textContent()).toBe('注册测试');
    expect(await noHorizontalScroll(page)).toBe(true);
  });

  it('the register page fits a phone in English too', async () => {
    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    await page.goto(`${base}/register`);
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Get code' }).waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: 'test/e2e/out/register-en-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: 'test/e2e/out/register-en-1280.png', fullPage: true });
  });
});
