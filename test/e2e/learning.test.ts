import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { DEFAULT_LEARNING_PARAMS } from '../../src/modules/learning/index.ts';
import { launchBrowser, signIn } from './browser.ts';

/**
 * 在线学习 acceptance (issue 20), in Chromium at 390 px: a worker plays a short video module (a
 * 40-second WebM made with Chromium's canvas + MediaRecorder, demo/learning/lesson-40s.webm); valid
 * time accrues while the page is visible at 1×, stops while it is hidden, a failed identity re-check
 * voids it, and the passed quiz with enough valid time completes the module.
 */
const PHONE = { width: 390, height: 844 };
const VIDEO = fs.readFileSync(path.resolve(import.meta.dirname, '../../demo/learning/lesson-40s.webm'));

describe('online learning in the browser', () => {
  let browser: Browser;
  let province: APIRequestContext;
  let moduleId = '';
  const base = inject('baseUrl');

  const apiAs = async (user: string) => {
    const r = (await browser.newContext()).request;
    expect((await r.post(`${base}/api/auth/login`, { data: { username: user, password: 'Jineng@2025' } })).ok()).toBe(
      true,
    );
    return r;
  };
  const validSeconds = (page: Page) => page.getByTestId('valid-seconds').getAttribute('data-seconds').then(Number);
  /** Chromium cannot be sent to the background headless: the page is told it is hidden (or visible again). */
  const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);

  beforeAll(async () => {
    fs.mkdirSync('test/e2e/out', { recursive: true });
    browser = await launchBrowser();
    province = await apiAs('province');
    // Seconds instead of minutes, so a browser test sees a heartbeat each second and a re-check after 9 s.
    const policy = await province.put(`${base}/api/learning/policy`, {
      data: {
        ...DEFAULT_LEARNING_PARAMS,
        heartbeatSeconds: 1,
        graceSeconds: 1,
        checkMinSeconds: 9,
        checkMaxSeconds: 9,
        completionPercent: 100,
      },
    });
    expect(policy.ok()).toBe(true);
    const jigou = await apiAs('jigou');
    const course = await jigou.post(`${base}/api/learning/courses`, {
      data: { title: `安全用电微课 ${Date.now()}`, access: 'public', occupationCode: 'JS-0001' },
    });
    expect(course.status()).toBe(201);
    const added = await jigou.post(`${base}/api/learning/courses/${(await course.json()).id}/modules`, {
      data: {
        kind: 'video',
        title: '触电急救三步法',
        occupationCode: 'JS-0001',
        competencyUnits: ['安全用电'],
        durationSeconds: 3,
        questions: [{ prompt: '发现有人触电，第一步？', choices: ['直接拉人', '切断电源'], answer: 1 }],
      },
    });
    expect(added.status()).toBe(201);
    moduleId = (await added.json()).modules[0].id;
    const up = await jigou.post(`${base}/api/learning/modules/${moduleId}/media`, {
      multipart: { file: { name: 'lesson.webm', mimeType: 'video/webm', buffer: VIDEO } },
    });
    expect(up.status()).toBe(200);
  });

  afterAll(async () => {
    await province?.put(`${base}/api/learning/policy`, { data: DEFAULT_LEARNING_PARAMS });
    await browser?.close();
  });

  it('counts visible 1× time, not hidden time; a failed re-check voids it; the quiz completes the module', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, base, 'xielei');
    await page.goto(`${base}/learning`);
    await page.getByTestId('learning-module-link').filter({ hasText: '触电急救三步法' }).first().waitFor();
    await page.screenshot({ path: 'test/e2e/out/learning-list-390.png', fullPage: true });
    await page.goto(`${base}/learning/${moduleId}`);
    await page.getByTestId('learning-video').waitFor();
    await page.evaluate(async () => {
      const v = document.querySelector('video')!;
      v.muted = true;
      await v.play();
    });

    // Visible at 1×: valid time accrues.
    await expect.poll(() => validSeconds(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('learning-state').textContent()).resolves.toContain('正在计时');
    await page.screenshot({ path: 'test/e2e/out/learning-player-390.png', fullPage: true });

    // Hidden: nothing more counts, and the learner is told why.
    await setVisibility(page, 'hidden');
    await page.waitForTimeout(1500);
    const whenHidden = await validSeconds(page);
    await page.waitForTimeout(3000);
    expect(await validSeconds(page)).toBe(whenHidden);
    await expect(page.getByTestId('learning-state').textContent()).resolves.toContain('页面不在前台');
    await page.getByTestId('lost-hidden').waitFor();
    await setVisibility(page, 'visible');

    // The re-check comes; skipping it fails it and voids the time since the session began.
    await page.getByTestId('learning-check').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: 'test/e2e/out/learning-check-390.png', fullPage: true });
    const beforeCheck = await validSeconds(page);
    expect(beforeCheck).toBeGreaterThanOrEqual(2);
    await page.getByTestId('check-skip').click();
    await expect(page.getByTestId('check-result').textContent()).resolves.toContain('核验未通过');
    await expect.poll(() => validSeconds(page), { timeout: 5_000 }).toBeLessThan(beforeCheck - 1);
    await page.getByTestId('lost-check_failed').waitFor();

    // The quiz (answers graded on the server) and enough valid time again complete the module.
    await page.getByText('切断电源').click();
    await page.getByTestId('quiz-submit').click();
    await expect(page.getByTestId('quiz-result').textContent()).resolves.toContain('测验通过');
    await page.getByTestId('module-completed').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test/e2e/out/learning-completed-390.png', fullPage: true });
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  it('the institution sees the learner’s progress per module', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, base, 'jigou');
      await page.goto(`${base}/learning-courses`);
      await page.getByTestId('learning-course-select').waitFor();
      await page.getByTestId('learning-progress-table').getByText('谢磊').waitFor();
      await page.screenshot({ path: `test/e2e/out/learning-courses-${viewport.width}.png`, fullPage: true });
      await context.close();
    }
  });
});
