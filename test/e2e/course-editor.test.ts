import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

/**
 * 课程编辑 (docs/online-learning.md § Editing a course) in Chromium: an institution creates a course,
 * adds a video module and uploads its WebM (demo/learning/lesson-40s.webm) with the progress bar,
 * adds a quiz with one right answer among three choices, and sees the course in its list. Then the
 * province's policy draft form carries the blended-learning rules (share and theory-only).
 */
const VIDEO = path.resolve(import.meta.dirname, '../../demo/learning/lesson-40s.webm');
const SHOTS = process.env.SHOTS_DIR ?? 'test/e2e/out';

describe('course editing in the browser', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  const title = `低压电工实操 ${Date.now().toString(36)}`;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('an institution creates a course with a video module and a quiz, then sees it in its list', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'jigou');
    const labels = await (await page.request.get(`${base}/api/labels`)).json();
    const occupation = labels.occupation['JS-0001'].zh as string;
    await page.goto(`${base}/learning-courses`);
    await page.getByTestId('course-new').click();
    await page.getByTestId('course-title').fill(title);
    await chooseOption(page, page.getByTestId('course-occupation'), occupation, occupation);
    await page.screenshot({ path: `${SHOTS}/course-new-1280.png` });
    await page.getByTestId('course-save').click();
    const card = page.getByTestId('course-card');
    await card.getByText(title).waitFor();

    // A video module, then its file with the progress bar.
    await page.getByTestId('module-new').click();
    await page.getByTestId('module-title').fill('验电与挂接地线');
    await page.getByTestId('module-minutes').fill('1');
    await page.getByTestId('module-save').click();
    const video = card.getByTestId('course-module').filter({ hasText: '验电与挂接地线' });
    await video.waitFor();
    await video.getByTestId('module-file').setInputFiles(VIDEO);
    await video.getByTestId('module-media-ok').waitFor();

    // A quiz: one question, three choices, the second right.
    await page.getByTestId('module-new').click();
    await page.getByTestId('module-kind').getByText('测验').click();
    await page.getByTestId('module-title').fill('结业小测');
    await expect(page.getByTestId('module-save').isDisabled()).resolves.toBe(true); // a quiz needs a question
    await page.getByTestId('quiz-add').click();
    await page.getByTestId('quiz-prompt').fill('停电作业，验电前应先做什么？');
    await page.getByTestId('quiz-add-choice').click();
    const choices = page.getByTestId('quiz-choice');
    await choices.nth(0).fill('直接挂地线');
    await choices.nth(1).fill('检查验电器完好');
    await choices.nth(2).fill('通知用户');
    await page.getByLabel('正确答案 B').check();
    await page.screenshot({ path: `${SHOTS}/module-quiz-1280.png` });
    await page.getByTestId('module-save').click();
    await card.getByTestId('course-module').filter({ hasText: '结业小测' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/course-editor-1280.png`, fullPage: true });

    // The list has it, with both modules; the server keeps the answer (B) for the owner only.
    const mine = (await (await page.request.get(`${base}/api/learning/courses`)).json()) as {
      title: string;
      modules: { id: string; kind: string; hasMedia: boolean; questionCount: number }[];
    }[];
    const course = mine.find((c) => c.title === title)!;
    expect(course.modules.map((m) => [m.kind, m.hasMedia, m.questionCount])).toEqual([
      ['video', true, 0],
      ['quiz', false, 1],
    ]);
    const quiz = await (
      await page.request.get(`${base}/api/learning/modules/${course.modules[1]!.id}/questions`)
    ).json();
    expect(quiz).toEqual([
      {
        n: 1,
        prompt: '停电作业，验电前应先做什么？',
        choices: ['直接挂地线', '检查验电器完好', '通知用户'],
        answer: 1,
      },
    ]);
    await page.reload();
    await page.getByTestId('learning-course-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: title }).first().waitFor();
    await page.context().close();

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(phone, base, 'jigou');
    await phone.goto(`${base}/learning-courses`);
    await phone.getByTestId('course-card').getByText(title).waitFor();
    await phone.screenshot({ path: `${SHOTS}/course-editor-390.png`, fullPage: true });
    await phone.getByTestId('course-module').filter({ hasText: '结业小测' }).getByTestId('module-edit').click();
    await phone.getByTestId('quiz-choice').nth(2).waitFor();
    await phone.screenshot({ path: `${SHOTS}/module-quiz-390.png`, fullPage: true });
    await phone.context().close();
  });

  it('the province’s policy draft shows the blended-learning rules and refuses a share over 100 %', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await (await browser.newContext({ viewport })).newPage();
      await signIn(page, base, 'province');
      await page.goto(`${base}/policy`);
      await page.getByRole('tab', { name: '起草新版本' }).click();
      const blended = page.getByTestId('draft-blended');
      await blended.waitFor();
      expect(await page.getByLabel('线上学时占比上限（%）').inputValue()).toBe('30');
      expect(await page.getByRole('switch', { name: '线上学时仅可替代理论课' }).getAttribute('aria-checked')).toBe(
        'true',
      );
      await blended.screenshot({ path: `${SHOTS}/policy-blended-${viewport.width}.png` });
      if (viewport.width === 1280) {
        await page.getByLabel('线上学时占比上限（%）').fill('120');
        await page.getByRole('switch', { name: '线上学时仅可替代理论课' }).click();
        await expect(blended.textContent()).resolves.toContain('否');
        const date = page.getByLabel('生效日期');
        await date.click();
        await date.fill('2031-01-01');
        await date.press('Enter');
        await page.getByRole('button', { name: '保存草案' }).click();
        await expect(page.getByTestId('draft-error').textContent()).resolves.toContain(
          '线上学时占比上限（%）：须在 0 至 100 之间（现为 120）',
        );
      }
      await page.context().close();
    }
  });
});
