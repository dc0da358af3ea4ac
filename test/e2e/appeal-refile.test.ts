import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { idCheckChar } from '../../src/kernel/identity.ts';
import { launchBrowser } from './browser.ts';

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const DIGITS = '零一二三四五六七八九';
/** A tiny valid PNG (1 × 1), the new evidence. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** Where the screenshots go (looked at by hand; not committed). */
const SHOTS = process.env.JINENG_SHOTS_DIR ?? path.join(os.tmpdir(), 'shots-refile');

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
 * Filing again after a dismissal (docs/appeals.md § Filing again), at 390 and 1280 px: a Nanjing
 * worker's late skill-upgrade claim was appealed and the appeal dismissed (set up through the API).
 * On 我的补贴 the form says a new appeal needs new evidence; filed without a file, the server's
 * refusal shows in Chinese (no raw code); with a new photo it is filed. Once the record has had its
 * 3 appeals, the card says 不再受理 instead of offering the form.
 */
describe('申诉 again after a dismissal', () => {
  let browser: Browser;
  let province: APIRequestContext;
  let me: APIRequestContext;
  const base = inject('baseUrl');
  const stamp = String(Date.now()).slice(-6);
  const first17 = `320102198805${10 + (Number(stamp[0]) % 18)}${stamp.slice(1, 4)}`;
  const idNumber = first17 + idCheckChar(first17);
  const name = `再诉${[...stamp.slice(-3)].map((d) => DIGITS[Number(d)]).join('')}`;
  const certificateNo = `RFE2E${stamp}`;
  const applicationId = `RF${stamp}`;
  const username = `refile-${stamp}`;
  const password = 'Zaisu-2026!ok';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-refile-'));
  const photo = path.join(dir, 'new-proof.png');

  /** The worker files through the API (multipart, as the form does). */
  const fileByApi = async (reason: string, files: { name: string; mimeType: string; buffer: Buffer }[] = []) => {
    const res = await me.post(`${base}/api/appeals`, {
      multipart: {
        subjectKind: 'decision',
        subjectRef: applicationId,
        reason,
        ...Object.fromEntries(files.map((f, i) => [`files${i ? i : ''}`, f])),
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id as string;
  };
  const dismiss = async (id: string) => {
    const res = await province.post(`${base}/api/appeals/${id}/decide`, {
      data: { outcome: 'dismissed', answer: '所附材料不能证明逾期的原因。' },
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  const workerPage = async (width: number) => {
    const page = await (await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('scope').waitFor();
    await page.goto(`${base}/me`);
    return page;
  };

  beforeAll(async () => {
    fs.writeFileSync(photo, PNG);
    fs.mkdirSync(SHOTS, { recursive: true });
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
    me = (await browser.newContext()).request;
    expect((await me.post(`${base}/api/auth/login`, { data: { username, password } })).ok()).toBe(true);
    const settled = await province.post(`${base}/api/operations/settle`, { data: {} });
    expect([202, 409]).toContain(settled.status()); // 409: a settlement already running decides it too
    const decision = async () =>
      (
        (await (await me.get(`${base}/api/me/applications`)).json()) as {
          certificate_no: string;
          decision: string | null;
        }[]
      ).find((r) => r.certificate_no === certificateNo)?.decision ?? null;
    await until(decision, 'rejected', 'settlement of the claim');
    await dismiss(await fileByApi('证书取得后我因病住院，出院后第一时间申请。'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px the form asks for new evidence, shows the server's refusal in Chinese, and files with a new photo`, async () => {
      const page = await workerPage(width);
      const item = page.getByTestId('appealable').locator('.ant-list-item', { hasText: applicationId });
      await item.getByTestId('appeal-open').click();
      const notice = page.getByTestId('appeal-new-evidence');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('上次申诉未获支持，再次申诉须提供新的证明材料');
      await page.getByTestId('appeal-reason').fill(`补充（${width}）：附医院出具的住院证明，住院期间无法申请。`);
      await page.getByTestId('appeal-submit').click();
      const error = page.getByTestId('appeal-error');
      await error.waitFor();
      const said = (await error.textContent()) ?? '';
      expect(said).toContain('此前未提交过的附件');
      expect(said).not.toContain('APPEAL_NEEDS_NEW_EVIDENCE');
      expect(await noSideScroll(page)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `refile-form-${width}.png`) });
      if (width === 390) {
        // With a photo not filed before, it is filed (and then dismissed, for the 1280 px round).
        await page.locator('[data-testid="appeal-form"] input[type=file]').setInputFiles(photo);
        await page.getByTestId('appeal-submit').click();
        await item.getByText('申诉处理中').waitFor();
        const [open] = (
          (await (await me.get(`${base}/api/me/appeals`)).json()) as { id: string; status: string }[]
        ).filter((a) => a.status === 'open');
        await dismiss(open!.id);
      }
      await page.context().close();
    });
  }

  it('after the third appeal the card says 不再受理 and names administrative review instead of the form', async () => {
    await dismiss(
      await fileByApi('第三次申诉：附单位出具的说明，证明住院期间无法办理。', [
        { name: 'unit.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%refile\n') },
      ]),
    );
    for (const width of [390, 1280]) {
      const page = await workerPage(width);
      const item = page.getByTestId('appealable').locator('.ant-list-item', { hasText: applicationId });
      await item.getByTestId('appeal-limit').waitFor();
      expect(await item.getByTestId('appeal-open').count()).toBe(0);
      expect(await item.textContent()).toContain('可依法申请行政复议');
      expect(await noSideScroll(page)).toBe(true);
      await item.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `refile-limit-${width}.png`) });
      await page.context().close();
    }
  });
});
