import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { idCheckChar } from '../../src/kernel/identity.ts';
import { launchBrowser, signIn } from './browser.ts';

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const DIGITS = '零一二三四五六七八九';

/** Polls `read` until it returns `want` (set-up in beforeAll, where expect.poll is not allowed). */
async function until<T>(read: () => Promise<T>, want: T, what: string, seconds = 90): Promise<void> {
  let last: T | undefined;
  for (let i = 0; i < seconds * 2; i++) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: still ${String(last)} after ${seconds} s`);
}

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
  let province: APIRequestContext;
  const base = inject('baseUrl');
  const stamp = String(Date.now()).slice(-6);
  const first17 = `320102198803${10 + (Number(stamp[0]) % 18)}${stamp.slice(1, 4)}`;
  const idNumber = first17 + idCheckChar(first17);
  const name = `申诉${[...stamp.slice(-3)].map((d) => DIGITS[Number(d)]).join('')}`;
  const certificateNo = `ADE2E${stamp}`;
  /** The claim's number: how the worker's appealable list and the officer's table name it. */
  const applicationId = `AD${stamp}`;
  const username = `appeal-${stamp}`;
  const password = 'Shensu-2026!ok';
  const REASON = '证书取得后我因工伤住院一年多，出院后第一时间申请，附住院证明。';
  const ANSWER = '经核实，申请人住院属实，逾期有正当理由，准予受理。';

  /** The worker's own decision on the claim (null until settled). */
  const myDecision = async (api: APIRequestContext) => {
    const rows = (await (await api.get(`${base}/api/me/applications`)).json()) as {
      certificate_no: string;
      decision: string | null;
    }[];
    return rows.find((r) => r.certificate_no === certificateNo)?.decision ?? null;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    province = (await browser.newContext()).request;
    expect(
      (await province.post(`${base}/api/auth/login`, { data: { username: 'province', password: 'Jineng@2025' } })).ok(),
    ).toBe(true);
    const files = {
      'persons.csv': `id_number,name,phone,city_code,groups,insured_months,insured_as_of\n${idNumber},${name},,320100,G2,30,2026-06-30\n`,
      'certificates.csv': `certificate_no,id_number,occupation_code,kind,level,issued_on,evaluator_credit_code,project_code\n${certificateNo},${idNumber},6-18-02-04,skill_level,L4,2025-01-10,523201001953640571,\n`,
      'applications.csv': `application_id,id_number,type,certificate_no,project_code,applied_on\n${applicationId},${idNumber},skill_upgrade,${certificateNo},,2026-03-02\n`,
    };
    const started = await province.post(`${base}/api/imports`, {
      multipart: Object.fromEntries(
        Object.entries(files).map(([file, text], i) => [
          `files${i ? i : ''}`,
          { name: file, mimeType: 'text/csv', buffer: Buffer.from(text) },
        ]),
      ),
    });
    expect(started.status(), await started.text()).toBe(202);
    const { runId } = await started.json();
    await until(
      async () => (await (await province.get(`${base}/api/imports/${runId}`)).json()).status,
      'done',
      'import',
    );
    const created = await province.post(`${base}/api/users`, {
      data: { username, displayName: name, role: 'worker', idNumber, password },
    });
    expect(created.status(), await created.text()).toBe(201);
    const me = (await browser.newContext()).request;
    expect((await me.post(`${base}/api/auth/login`, { data: { username, password } })).ok()).toBe(true);
    const settled = await province.post(`${base}/api/operations/settle`, { data: {} });
    expect([202, 409]).toContain(settled.status()); // 409: a settlement already running decides it too
    await until(() => myDecision(me), 'rejected', 'settlement of the claim');

    worker = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await worker.goto(`${base}/login`);
    await worker.getByLabel('用户名').fill(username);
    await worker.getByLabel('密码').fill(password);
    await worker.getByRole('button', { name: /^登\s*录$/ }).click();
    await worker.getByTestId('scope').waitFor();
    officer = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(officer, base, 'nanjing');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the worker reads why the claim was refused and appeals it from 我的补贴', async () => {
    await worker.goto(`${base}/me`);
    const card = worker.locator('[data-testid="decision-card"]', { hasText: certificateNo });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('不予补贴');
    expect(text).toContain('超过发证后12个月'); // the reason in words, not LATE_APPLICATION
    expect(text).not.toContain('LATE_APPLICATION');
    const box = worker.getByTestId('appealable');
    const item = box.locator('.ant-list-item', { hasText: applicationId });
    await item.getByTestId('appeal-open').click();
    await worker.getByTestId('appeal-reason').fill(REASON);
    await worker.getByTestId('appeal-submit').click();
    await item.getByText('申诉处理中').waitFor();
    expect(await noSideScroll(worker)).toBe(true);
  });

  it('the Nanjing officer upholds it with an answer', async () => {
    await officer.goto(`${base}/appeals?status=open`);
    const row = officer.locator('[data-testid="appeals-table"] tr', { hasText: applicationId });
    await row.getByTestId('appeal-detail').click();
    await officer.getByTestId('appeal-answer-input').fill(ANSWER);
    await officer.getByTestId('appeal-decide-submit').click();
    await officer.getByTestId('appeal-decide').waitFor({ state: 'detached' });
  });

  it('the worker sees the claim decided again — approved, in its 公示 period — and the answer', async () => {
    await worker.goto(`${base}/me`);
    const card = worker.locator('[data-testid="decision-card"]', { hasText: certificateNo });
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 30_000 }).toContain('公示');
    expect(await card.textContent()).not.toContain('不予补贴');
    expect(await card.getByTestId('decision-amount').textContent()).toMatch(/¥[\d,]+/);
    await worker.goto(`${base}/my-appeals`);
    const mine = worker.locator('[data-testid="my-appeal"]', { hasText: applicationId });
    await mine.waitFor();
    expect(await mine.textContent()).toContain('申诉成立');
    expect(await mine.getByTestId('appeal-answer').textContent()).toBe(ANSWER);
    expect(await noSideScroll(worker)).toBe(true);
  });
});
