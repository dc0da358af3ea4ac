import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { lateClaim, type LateClaim } from './late-claim.ts';

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
/** A tiny valid PNG (1 × 1), the new evidence. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** Where the screenshots go (looked at by hand; not committed). */
const SHOTS = process.env.JINENG_SHOTS_DIR ?? path.join(os.tmpdir(), 'shots-refile');

/**
 * Filing again after a dismissal (docs/appeals.md § Filing again), at 390 and 1280 px: a Nanjing
 * worker's late skill-upgrade claim was appealed and the appeal dismissed (set up through the API).
 * On 我的补贴 the form says a new appeal needs new evidence; filed without a file, the server's
 * refusal shows in Chinese (no raw code); with a new photo it is filed. Once the record has had its
 * 3 appeals, the card says 不再受理 instead of offering the form.
 */
describe('申诉 again after a dismissal', () => {
  let browser: Browser;
  let claim: LateClaim;
  const base = inject('baseUrl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-refile-'));
  const photo = path.join(dir, 'new-proof.png');

  /** The worker files through the API (multipart, as the form does). */
  const fileByApi = async (reason: string, files: { name: string; mimeType: string; buffer: Buffer }[] = []) => {
    const res = await claim.me.post(`${base}/api/appeals`, {
      multipart: {
        subjectKind: 'decision',
        subjectRef: claim.applicationId,
        reason,
        ...Object.fromEntries(files.map((f, i) => [`files${i ? i : ''}`, f])),
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id as string;
  };
  const dismiss = async (id: string) => {
    const res = await claim.province.post(`${base}/api/appeals/${id}/decide`, {
      data: { outcome: 'dismissed', answer: '所附材料不能证明逾期的原因。' },
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  const workerPage = async (width: number) => {
    const page = await claim.signedInPage(width);
    await page.goto(`${base}/me`);
    return page;
  };

  beforeAll(async () => {
    fs.writeFileSync(photo, PNG);
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    claim = await lateClaim(browser, base, {
      namePrefix: '再诉',
      birthMonth: '05',
      recordPrefix: 'RF',
      username: 'refile',
      password: 'Zaisu-2026!ok',
    });
    await dismiss(await fileByApi('证书取得后我因病住院，出院后第一时间申请。'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px the form asks for new evidence, shows the server's refusal in Chinese, and files with a new photo`, async () => {
      const page = await workerPage(width);
      const item = page.getByTestId('appealable').locator('.ant-list-item', { hasText: claim.applicationId });
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
          (await (await claim.me.get(`${base}/api/me/appeals`)).json()) as { id: string; status: string }[]
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
      const item = page.getByTestId('appealable').locator('.ant-list-item', { hasText: claim.applicationId });
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
