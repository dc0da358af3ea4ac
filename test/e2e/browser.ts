import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from './global-setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The JSON-lines file the e2e server's SMS outbox appends to. */
    smsOutbox: string;
  }
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs a demo user in through the login page and waits for the home page's scope line. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Jineng@2025');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.getByTestId('scope').waitFor();
}

/**
 * Chooses the option reading `text` in the antd Select `field` (the Select or its input), typing
 * `typed` first to search when given, and checks the Select now shows it. Under CI load a click can
 * reach the dropdown while it still animates and leave nothing chosen (a landing CI failed so); the
 * pick is then tried again, up to three times.
 */
export async function chooseOption(page: Page, field: Locator, text: string, typed = ''): Promise<void> {
  const root = field.locator('xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const chosen = root.filter({ hasText: text });
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    // Open the list (and search), unless a retry finds it still open from the last try (a second
    // click would close it). The first try always opens: a list seen open then is the last pick's,
    // closing (a multiple select after Escape), not this one's.
    if (attempt === 1 || !(await option.isVisible())) {
      await field.click();
      if (typed) await page.keyboard.type(typed);
    }
    await option.click();
    try {
      await chosen.waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}
