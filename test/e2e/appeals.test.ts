import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/** A tiny valid PNG (1 × 1), the "photo" of the evidence. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * 申诉 on a phone (390 × 844): a hand-typed attendance record of xielei (it does not count) is
 * imported; the worker appeals it from 我的培训 with a photo, the Nanjing officer upholds it on
 * 申诉处理, and the worker reads the answer on 我的申诉. The public 补贴公示 page fits the phone too.
 */
describe('申诉 on a phone', () => {
  let browser: Browser;
  let worker: Page;
  let officer: Page;
  const base = inject('baseUrl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-appeal-'));
  const photo = path.join(dir, 'evidence.png');
  const ANSWER = '经与机构核实，终端当日故障，考勤有效。';

  beforeAll(async () => {
    fs.writeFileSync(photo, PNG);
    browser = await launchBrowser();
    const province = (await browser.newContext()).request;
    expect(
      (await province.post(`${base}/api/auth/login`, { data: { username: 'province', password: 'Jineng@2025' } })).ok(),
    ).toBe(true);
    // Session 3 was attended already (a valid face-terminal record): validating this one changes no ratio.
    const csv =
      'project_code,session_no,id_number,check_in_at,check_out_at,method,face_score,lat,lon,device_id\n' +
      'P000001,3,320311199409187319,2025-10-09T08:55:00+08:00,2025-10-09T11:20:00+08:00,manual,,,,\n';
    const started = await province.post(`${base}/api/imports`, {
      multipart: { files: { name: 'attendance.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } },
    });
    expect(started.status(), await started.text()).toBe(202);
    const { runId } = await started.json();
    let done = false;
    for (let i = 0; i < 60 && !done; i++) {
      const run = await (await province.get(`${base}/api/imports/${runId}`)).json();
      done = run.status !== 'running' && run.status !== 'queued';
      if (!done) await new Promise((r) => setTimeout(r, 500));
    }
    expect(done).toBe(true);
    worker = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(worker, base, 'xielei');
    officer = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(officer, base, 'nanjing');
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the worker files an appeal with a photo from 我的培训', async () => {
    await worker.goto(`${base}/training`);
    const box = worker.getByTestId('appealable');
    await box.waitFor();
    expect(await box.textContent()).toContain('人工补录');
    expect(await noSideScroll(worker)).toBe(true);
    await box.getByTestId('appeal-open').first().click();
    await worker.getByTestId('appeal-reason').fill('那天人脸终端故障，老师手工登记了我的签到，附课堂照片。');
    await worker.locator('[data-testid="appeal-form"] input[type=file]').setInputFiles(photo);
    await worker.getByTestId('appeal-submit').click();
    await box.getByText('申诉处理中').waitFor();
    await worker.goto(`${base}/my-appeals`);
    const card = worker.getByTestId('my-appeal').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('待处理');
    expect(await card.textContent()).toContain('evidence.png');
    expect(await noSideScroll(worker)).toBe(true);
  });

  it('the Nanjing officer sees the photo and upholds the appeal with an answer', async () => {
    await officer.goto(`${base}/appeals?status=open`);
    await officer.getByTestId('appeal-detail').first().click();
    await officer.locator('[data-testid="appeal-attachments"] img').first().waitFor();
    await officer.getByTestId('appeal-answer-input').fill(ANSWER);
    await officer.getByTestId('appeal-decide-submit').click();
    await officer.getByTestId('appeal-decide').waitFor({ state: 'detached' });
  });

  it('the worker reads the answer, and the record no longer waits for an appeal', async () => {
    await worker.goto(`${base}/my-appeals`);
    const answer = worker.getByTestId('appeal-answer').first();
    await answer.waitFor();
    expect(await answer.textContent()).toBe(ANSWER);
    expect(await worker.getByTestId('my-appeal').first().textContent()).toContain('申诉成立');
    expect(await noSideScroll(worker)).toBe(true);
  });

  it('the public 补贴公示 page works signed out at phone width, linked from the login page', async () => {
    const anon = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await anon.goto(`${base}/login`);
    await anon.getByTestId('public-notices-link').click();
    await anon.getByTestId('notice-card').first().waitFor();
    const text = (await anon.getByTestId('public-notices').textContent()) ?? '';
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(text).toContain('*');
    expect(await noSideScroll(anon)).toBe(true);
  });
});
