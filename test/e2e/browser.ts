import { chromium, type Browser, type Page } from 'playwright-core';
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
