import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { DEFAULT_LEARNING_PARAMS } from '../../src/modules/learning/index.ts';
import { launchBrowser, signIn } from './browser.ts';

/** A tiny valid PNG (1 × 1): the learner's evidence. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SHOTS = '/tmp/shots-learnappeal';
const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * 学时申诉 on a phone (390 × 844): xielei learns an institution's free course for a few seconds and
 * skips the identity re-check, so that time is void. On 在线学习 the learner sees the voided time
 * and appeals it with a photo; the institution (jigou) sees it on 申诉处理 but may not decide it
 * (a conflict of interest), the city officer (nanjing) upholds it, and the learner reads the answer on
 * 我的申诉 — the time counts again.
 */
describe('learning-time appeal on a phone', () => {
  let browser: Browser;
  let worker: Page;
  const base = inject('baseUrl');
  const title = `电工入门 ${Date.now()}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-learnappeal-'));
  const photo = path.join(dir, 'sms-log.png');
  let moduleId = '';

  const apiAs = async (user: string): Promise<APIRequestContext> => {
    const r = (await browser.newContext()).request;
    expect((await r.post(`${base}/api/auth/login`, { data: { username: user, password: 'Jineng@2025' } })).ok()).toBe(
      true,
    );
    return r;
  };

  beforeAll(async () => {
    fs.writeFileSync(photo, PNG);
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    const province = await apiAs('province');
    // A re-check 3 s into the session (the rules are kept per session, so the defaults come back at once).
    const fast = {
      ...DEFAULT_LEARNING_PARAMS,
      heartbeatSeconds: 1,
      graceSeconds: 5,
      checkMinSeconds: 3,
      checkMaxSeconds: 3,
    };
    expect((await province.put(`${base}/api/learning/policy`, { data: fast })).ok()).toBe(true);
    const jigou = await apiAs('jigou');
    const course = await jigou.post(`${base}/api/learning/courses`, {
      data: { title, access: 'public', occupationCode: 'JS-0001' },
    });
    expect(course.status()).toBe(201);
    const added = await jigou.post(`${base}/api/learning/courses/${(await course.json()).id}/modules`, {
      data: { kind: 'video', title: '安全用电', occupationCode: 'JS-0001', competencyUnits: [], durationSeconds: 600 },
    });
    moduleId = (await added.json()).modules[0].id;
    const xielei = await apiAs('xielei');
    const started = await xielei.post(`${base}/api/learning/modules/${moduleId}/sessions`);
    expect(started.status()).toBe(201);
    await province.put(`${base}/api/learning/policy`, { data: DEFAULT_LEARNING_PARAMS });
    const { token } = await started.json();
    let check: { id: string } | null = null;
    for (let seq = 0; seq < 30 && !check; seq++) {
      const beat = await xielei.post(`${base}/api/learning/heartbeats`, {
        data: {
          token,
          seq,
          positionSeconds: seq,
          rate: 1,
          visible: true,
          focused: true,
          playing: true,
          clientAt: Date.now(),
        },
      });
      check = (await beat.json()).check;
      if (!check) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(check).not.toBeNull();
    expect((await xielei.post(`${base}/api/learning/checks/${check!.id}/skip`)).ok()).toBe(true);
    worker = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(worker, base, 'xielei');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the learner sees the voided time and appeals it with a photo from 在线学习', async () => {
    await worker.goto(`${base}/learning`);
    const box = worker.getByTestId('appealable');
    await box.waitFor();
    const item = box.locator('.ant-list-item', { hasText: title });
    await item.waitFor();
    expect(await item.textContent()).toContain('身份核验未通过');
    expect(await item.textContent()).toContain('作废学时');
    expect(await item.textContent()).toContain('在线学时（身份核验作废）');
    expect(await noSideScroll(worker)).toBe(true);
    await worker.screenshot({ path: `${SHOTS}/learning-appealable-390.png`, fullPage: true });
    await item.getByTestId('appeal-open').click();
    await worker.getByTestId('appeal-reason').fill('当时验证码短信迟迟没有收到，只能先跳过，附短信记录截图。');
    await worker.locator('[data-testid="appeal-form"] input[type=file]').setInputFiles(photo);
    await worker.screenshot({ path: `${SHOTS}/learning-appeal-form-390.png` });
    await worker.getByTestId('appeal-submit').click();
    await item.getByText('申诉处理中').waitFor();
    // The module's player shows the lost time by reason and the same appeal, now in progress.
    await worker.goto(`${base}/learning/${moduleId}`);
    await worker.getByTestId('lost-check_failed').waitFor();
    await worker.getByTestId('appealable').getByText('申诉处理中').waitFor();
    expect(await noSideScroll(worker)).toBe(true);
    await worker.screenshot({ path: `${SHOTS}/learning-module-390.png`, fullPage: true });
  });

  it('the institution sees it on 申诉处理, the city upholds it; the learner reads the answer', async () => {
    const officer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(officer, base, 'jigou');
    await officer.goto(`${base}/appeals`);
    const row = officer.locator('tr', { hasText: title });
    await row.waitFor();
    await officer.waitForLoadState('networkidle');
    await officer.screenshot({ path: `${SHOTS}/appeals-institution-1280.png`, fullPage: true });
    // The detail says, in words, who decides it and what the institution may do; no raw code anywhere.
    const note = async (page: Page, name: string) => {
      await page.locator('tr', { hasText: title }).getByTestId('appeal-detail').click();
      const alert = page.getByTestId('appeal-decided-by-city');
      await alert.waitFor();
      await page.waitForLoadState('networkidle');
      const text = (await page.getByRole('dialog').textContent()) ?? '';
      expect(text).toContain('南京市');
      expect(text).toContain('学时');
      expect(text).not.toMatch(/\b(learning|open|320100)\b/);
      expect(await noSideScroll(page)).toBe(true);
      // The drawer slides in: the picture once it has settled.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await page.screenshot({ path: `${SHOTS}/${name}` });
    };
    await note(officer, 'jigou-appeals-desktop.png');
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(phone, base, 'jigou');
    await phone.goto(`${base}/appeals`);
    await phone.locator('tr', { hasText: title }).waitFor();
    await note(phone, 'jigou-appeals-phone.png');
    const jigou = await apiAs('jigou');
    const list = await (await jigou.get(`${base}/api/appeals?kind=learning&status=open`)).json();
    const appeal = list.items.find((a: { subjectTitle: string }) => a.subjectTitle.includes(title));
    const refused = await jigou.post(`${base}/api/appeals/${appeal.id}/decide`, {
      data: { outcome: 'upheld', answer: '经核实短信网关当日故障，学时认定有效。' },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).code).toBe('DECIDED_BY_CITY');
    const nanjing = await apiAs('nanjing');
    const decided = await nanjing.post(`${base}/api/appeals/${appeal.id}/decide`, {
      data: { outcome: 'upheld', answer: '经核实短信网关当日故障，学时认定有效。' },
    });
    expect(decided.status(), await decided.text()).toBe(200);
    await worker.goto(`${base}/my-appeals`);
    const card = worker.getByTestId('my-appeal').filter({ hasText: title });
    await card.waitFor();
    expect(await card.textContent()).toContain('申诉成立');
    expect(await noSideScroll(worker)).toBe(true);
    await worker.screenshot({ path: `${SHOTS}/my-appeals-390.png`, fullPage: true });
  });
});
