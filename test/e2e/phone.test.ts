import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

/** A China calendar day `days` from now. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** Near 江宁 (Nanjing), where jigou's welding workshop is. */
const JIANGNING = { latitude: 31.95, longitude: 118.84 };

const WORKER_PAGES = ['/', '/courses', '/training', '/me', '/mine', '/profile'];
const PUBLIC_PAGES = ['/institutions', '/catalogs', '/directories', '/verify', '/login', '/courses'];

/** Nothing scrolls sideways: the page is no wider than the window. */
const fits = (page: Page) =>
  page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, viewport: window.innerWidth }));

/**
 * The worker's phone app (issue 18) at 390 × 844 in Chromium: the bottom tab bar, every worker page
 * and every public page without sideways scrolling, 找培训 → 我要报名, the offline banner and the
 * installable app's manifest and service worker.
 */
describe('the worker’s phone app', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  let classCode = '';
  const contexts: BrowserContext[] = [];

  const open = async (user: string | null, viewport = PHONE) => {
    const context = await browser.newContext({ viewport, geolocation: JIANGNING, permissions: ['geolocation'] });
    contexts.push(context);
    const page = await context.newPage();
    if (user) await signIn(page, base, user);
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `test/e2e/out/phone-${name}.png`, fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync('test/e2e/out', { recursive: true });
    browser = await launchBrowser();
    // An open class: Nanjing dispatches 电工 to jigou, which accepts it and schedules a session at its workshop.
    const api = async (user: string) => {
      const r = (await browser.newContext()).request;
      expect((await r.post(`${base}/api/auth/login`, { data: { username: user, password: 'Jineng@2025' } })).ok()).toBe(
        true,
      );
      return r;
    };
    const nanjing = await api('nanjing');
    const jigou = await api('jigou');
    const made = await nanjing.post(`${base}/api/projects`, {
      data: {
        title: '电工（初级）夜校（手机）',
        occupationCode: 'JS-0001',
        level: 'L5',
        kind: 'employment_skills',
        keyTask: 1,
        startDate: chinaDay(4),
        endDate: chinaDay(34),
        plannedHours: 60,
        plannedTrainees: 25,
        modules: ['安全用电'],
        price: '900',
        institutionCode: '12320100914177769G',
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    classCode = (await made.json()).projectCode;
    expect((await jigou.post(`${base}/api/projects/${classCode}/accept`)).ok()).toBe(true);
    const sites = await (await jigou.get(`${base}/api/sites`)).json();
    const workshop = sites.find((s: { name: string }) => s.name === '江宁焊接实训基地');
    const session = await jigou.post(`${base}/api/projects/${classCode}/sessions`, {
      data: {
        startsAt: `${chinaDay(4)} 19:00`,
        endsAt: `${chinaDay(4)} 21:00`,
        siteId: workshop.id,
        teacher: '王老师',
        mode: 'theory',
      },
    });
    expect(session.ok(), await session.text()).toBe(true);
    // Another browser test on this server (forms) may have left 谢磊 an open 电工 request, which would
    // refuse this join as a second open request for one occupation: withdraw it (files run in any order).
    const xielei = await api('xielei');
    const open = (await (await xielei.get(`${base}/api/training-requests?status=open`)).json()) as {
      items: { request_id: string; occupation_code: string }[];
    };
    for (const r of open.items.filter((x) => x.occupation_code === 'JS-0001'))
      await xielei.post(`${base}/api/training-requests/${r.request_id}/withdraw`);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser.close();
  });

  it('gives a worker a bottom tab bar instead of the drawer, and the tabs navigate', async () => {
    const page = await open('xielei');
    const bar = page.getByTestId('tab-bar');
    await bar.waitFor();
    expect(await page.getByTestId('menu-button').count()).toBe(0);
    const box = await bar.boundingBox();
    expect(box && Math.round(box.y + box.height)).toBe(PHONE.height); // fixed at the foot
    for (const [tab, path] of [
      ['tab-courses', '/courses'],
      ['tab-training', '/training'],
      ['tab-subsidies', '/me'],
      ['tab-mine', '/mine'],
      ['tab-home', '/'],
    ]) {
      const link = page.getByTestId(tab);
      const target = await link.boundingBox();
      expect(target!.height, tab).toBeGreaterThanOrEqual(48);
      await link.click();
      await page.waitForURL((u) => u.pathname === path);
      await expect.poll(() => link.getAttribute('aria-current'), { message: tab }).toBe('page');
    }
    // 我的 holds 我的档案, the language and 退出.
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('mine-profile').click();
    await page.waitForURL((u) => u.pathname === '/profile');
    await expect.poll(() => page.getByTestId('tab-mine').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('mine-language').getByText('EN').click();
    await expect.poll(() => page.getByTestId('tab-courses').textContent()).toBe('Find training');
    await page.getByTestId('mine-language').getByText('中文').click();
    await page.getByTestId('logout').click();
    await page.waitForURL((u) => u.pathname === '/login');
  });

  it('shows every worker page at 390 px without sideways scrolling (screenshots at 390 and 1280)', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await open('xielei', viewport);
      for (const path of WORKER_PAGES) {
        await page.goto(`${base}${path}`);
        await page.getByTestId('page-title').or(page.getByTestId('todos')).first().waitFor();
        await page.waitForLoadState('networkidle');
        const { scroll, viewport: width } = await fits(page);
        if (viewport === PHONE) expect(scroll, path).toBeLessThanOrEqual(width);
        await shot(page, `worker${path === '/' ? '-home' : path.replace('/', '-')}-${viewport.width}`);
      }
    }
  });

  it('shows every public page at 390 px without sideways scrolling', async () => {
    const page = await open(null);
    for (const path of PUBLIC_PAGES) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      const { scroll, viewport } = await fits(page);
      expect(scroll, path).toBeLessThanOrEqual(viewport);
      await shot(page, `public${path.replace('/', '-')}-390`);
    }
    // A visitor reads the catalog; joining asks them to sign in.
    await page.goto(`${base}/courses`);
    await page.locator(`[data-project="${classCode}"]`).waitFor();
  });

  it('lets a worker find a class near them and ask to join it, then shows it as asked', async () => {
    const page = await open('xielei');
    await page.getByTestId('tab-courses').click();
    await page.getByTestId('course-list').waitFor();
    await page.getByTestId('filter-near').click();
    await expect.poll(() => page.getByTestId('course-total').textContent()).toContain('按距离排序');
    const card = page.locator(`[data-testid="course-card"][data-project="${classCode}"]`);
    await card.waitFor();
    // Nearest first: the class meets at the 江宁 workshop, under a kilometre away.
    expect(await page.getByTestId('course-card').first().getAttribute('data-project')).toBe(classCode);
    expect(await card.getByTestId('course-distance').textContent()).toMatch(/\d(\.\d)? km/);
    expect(await card.getByTestId('course-subsidy').textContent()).toMatch(/预计补贴 ¥[\d,]+\.\d\d/);
    await card.getByTestId('course-detail').click();
    const detail = page.getByTestId('course-detail-view');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('江宁焊接实训基地');
    expect(await detail.textContent()).not.toContain('王老师'); // no teacher in the public catalog
    await shot(page, 'courses-detail-390');
    await page.keyboard.press('Escape');
    await card.getByTestId('course-join').click();
    await page.getByTestId('join-confirm').waitFor();
    await page.locator('.ant-modal-confirm-btns').getByRole('button', { name: '确认报名' }).click();
    const result = page.getByTestId('join-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/已报名：电工（初级）夜校（手机）.*点单号 TR[0-9A-Z]+/);
    await expect.poll(() => card.getByTestId('course-requested').textContent()).toBe('已报名');
    expect(await fits(page).then((f) => f.scroll <= f.viewport)).toBe(true);
    await shot(page, 'courses-requested-390');
    // 我的培训 lists the request with the class it names.
    await page.getByTestId('tab-training').click();
    await expect.poll(() => page.getByTestId('my-requests').textContent()).toContain(classCode);
  });

  it('is installable: the manifest with icons and the service worker are served', async () => {
    const page = await open(null);
    await page.goto(`${base}/login`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await page.context().request.get(`${base}${href}`)).json();
    expect(manifest).toMatchObject({ short_name: '技能', display: 'standalone', start_url: '/' });
    for (const icon of manifest.icons) {
      const res = await page.context().request.get(`${base}${icon.src}`);
      expect(res.headers()['content-type'], icon.src).toBe('image/png');
    }
    const sw = await page.context().request.get(`${base}/sw.js`);
    expect(sw.ok()).toBe(true);
    expect(await sw.text()).toContain("startsWith('/api/')"); // API answers are never kept
    // Tests drive the browser (navigator.webdriver): the app does not register the worker for them.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  });

  it('says so when the network is gone', async () => {
    const page = await open('xielei');
    await page.getByTestId('tab-bar').waitFor();
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    await page.context().setOffline(true);
    await page.getByTestId('tab-courses').click();
    await page.getByTestId('offline-banner').waitFor();
    expect(await page.getByTestId('offline-banner').textContent()).toContain('网络已断开，显示的可能不是最新内容');
    await shot(page, 'offline-390');
    await page.context().setOffline(false);
    await page.getByTestId('tab-home').click();
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(0);
  });
});
