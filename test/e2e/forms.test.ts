import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idCheckChar } from '../../src/modules/registry/index.ts';
import { launchBrowser, signIn } from './browser.ts';

const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const JIGOU = '12320100914177769G';
const XIELEI = '320311199409187319';
const LIUMINTAO = '320211198811034548'; // G7, in no class at these dates
const NO_GROUP = '320602197801262054'; // 方静华: in no target group
const UNKNOWN = `32010219900101001${idCheckChar('32010219900101001')}`; // a valid number nobody registered

/**
 * The pickers in the browser: a session scheduled from a browser far from China still means China
 * time; a site added by a click on the map; trainees found by a scoped search or pasted as a list
 * with an answer per line; select boxes that show names, codes only grey beside them.
 */
describe('the forms’ pickers', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  let projectCode = '';
  const first = chinaDay(100);
  const last = chinaDay(130);
  const day = chinaDay(102);

  async function api(user: string, method: string, path: string, body?: unknown) {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: 'Jineng@2025', bearer: true }),
    });
    const { token } = await login.json();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    // 点单 for 电工 by 谢磊, a project dispatched to jigou for it, accepted.
    const occupations = await api('nanjing', 'GET', '/api/catalogs/occupations');
    const electrician = occupations.find((o: { name: string }) => o.name === '电工').code;
    // Another browser test on this server may have left 谢磊 an open 电工 request: withdraw it, so this one is his.
    const open = (
      (await api('xielei', 'GET', '/api/training-requests?status=open')) as {
        items: { request_id: string; occupation_code: string }[];
      }
    ).items;
    for (const r of open.filter((x) => x.occupation_code === electrician))
      await api('xielei', 'POST', `/api/training-requests/${r.request_id}/withdraw`);
    const request = await api('xielei', 'POST', '/api/training-requests', { occupationCode: electrician });
    expect(request.requestId, JSON.stringify(request)).toBeTruthy();
    const project = await api('nanjing', 'POST', '/api/projects', {
      title: '电工培训班（表单）',
      occupationCode: electrician,
      kind: 'employment_skills',
      keyTask: 1,
      startDate: first,
      endDate: last,
      plannedHours: 80,
      plannedTrainees: 30,
      modules: [],
      price: '1500',
      institutionCode: JIGOU,
      requests: [request.requestId],
    });
    projectCode = project.projectCode;
    expect(projectCode).toMatch(/^JN/);
    expect((await api('jigou', 'POST', `/api/projects/${projectCode}/accept`)).status).toBe('accepted');
  });
  afterAll(() => browser.close());

  async function as(username: string, opts: { width?: number; timezoneId?: string } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: opts.width ?? 1280, height: 900 },
      ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    });
    const page = await context.newPage();
    await signIn(page, base, username);
    return page;
  }

  it('schedules from Los Angeles at a site added on the map: 14:00 picked is 14:00 China time, stored and shown', async () => {
    const page = await as('jigou', { timezoneId: 'America/Los_Angeles' });
    expect(await page.evaluate(() => new Date(2026, 11, 7).getTimezoneOffset())).toBe(480); // the browser is in LA
    await page.goto(`${base}/projects/${projectCode}`);
    const form = page.getByTestId('session-form');
    await form.getByLabel('上课日期').click();
    // Only the project's dates can be picked; the calendar opens on its first month.
    await page.locator(`.ant-picker-dropdown td.ant-picker-cell-in-view[title="${day}"]`).waitFor();
    const cells = await page
      .locator('.ant-picker-dropdown td[title]')
      .evaluateAll((tds) =>
        tds.map((td) => [td.getAttribute('title'), td.classList.contains('ant-picker-cell-disabled')]),
      );
    expect(cells.length).toBeGreaterThan(27);
    for (const [title, disabled] of cells)
      expect(disabled, String(title)).toBe(String(title) < first || String(title) > last);
    await page.locator(`.ant-picker-dropdown td.ant-picker-cell-in-view[title="${day}"]`).click();
    const hours = form.getByTestId('session-hours'); // the range's two inputs
    await hours.first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('14:00');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('16:30');
    await page.keyboard.press('Enter');
    expect(await hours.first().inputValue()).toBe('14:00');
    expect(await hours.last().inputValue()).toBe('16:30');

    // 添加场所: a name, and a click on the map where the site is.
    await form.getByTestId('add-site').click();
    const dialog = page.getByTestId('site-form');
    await dialog.getByLabel('场所名称').fill('浦口实训中心');
    await page.waitForFunction(() => !!(window as unknown as { __jnSiteMap?: unknown }).__jnSiteMap);
    await page.waitForTimeout(500); // the map laid out
    const target = { lon: 118.63, lat: 32.06 };
    const point = await page.evaluate((p) => {
      const chart = (
        window as unknown as {
          __jnSiteMap: { convertToPixel: (f: object, v: number[]) => number[]; getDom: () => HTMLElement };
        }
      ).__jnSiteMap;
      const [x, y] = chart.convertToPixel({ geoIndex: 0 }, [p.lon, p.lat]);
      const box = chart.getDom().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, target);
    await page.mouse.click(point.x, point.y);
    await expect
      .poll(() => page.getByTestId('site-picked').textContent())
      .toMatch(/北纬 32\.0[56]\d*°，东经 118\.6[23]/);
    await page.screenshot({ path: 'test/e2e/out/forms-add-site-1280.png' });
    await page.getByRole('button', { name: '保存场所' }).click();
    // The new site is registered and chosen.
    await expect.poll(() => form.getByTestId('site-select').textContent()).toContain('浦口实训中心');
    await form.getByLabel('教师').fill('李老师');
    await form.getByRole('button', { name: /^排\s*课$/ }).click();
    const row = page.getByTestId('sessions-table').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => row.textContent()).toContain(`${day} 14:00`);
    expect(await row.textContent()).toContain('16:30');
    expect(await row.textContent()).toContain('浦口实训中心');

    const detail = await page.evaluate(async (c) => (await fetch(`/api/projects/${c}`)).json(), projectCode);
    expect(detail.sessions[0]).toMatchObject({
      starts_at: new Date(`${day}T06:00:00Z`).toISOString(),
      ends_at: new Date(`${day}T08:30:00Z`).toISOString(),
      site_name: '浦口实训中心',
    });
    expect(Math.abs(detail.sessions[0].site_lat - target.lat)).toBeLessThan(0.01);
    expect(Math.abs(detail.sessions[0].site_lon - target.lon)).toBeLessThan(0.01);
    await page.screenshot({ path: 'test/e2e/out/forms-institution-1280.png', fullPage: true });
    await page.context().close();
  });

  it('enrols a requester found by name (masked), and a pasted list with an answer per line', async () => {
    const page = await as('jigou');
    await page.goto(`${base}/projects/${projectCode}`);
    await page.getByLabel('查找学员').click();
    await page.keyboard.type('谢磊');
    const option = page.locator('.ant-select-item-option', { hasText: '3203**********7319' });
    await expect.poll(() => option.textContent()).toContain('谢磊');
    expect(await option.textContent()).toContain('高校毕业生'); // G2, by name
    await option.click();
    await page
      .getByTestId('enrol-panel')
      .getByRole('button', { name: /^报\s*名$/ })
      .click();
    await expect.poll(() => page.getByTestId('roster-table').textContent()).toContain('3203**********7319');

    await page.getByLabel('粘贴身份证号').fill([LIUMINTAO, NO_GROUP, '', UNKNOWN, XIELEI].join('\n'));
    await page.getByRole('button', { name: '批量报名（4）' }).click();
    const result = page.getByTestId('batch-result');
    await result.locator('tbody tr.ant-table-row').first().waitFor();
    const lines = await result.locator('tbody tr.ant-table-row').allTextContents();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^1刘敏涛 3202\*{10}4548已报名/);
    expect(lines[1]).toMatch(/^2.*不符合条件.*九类重点群体/);
    expect(lines[2]).toMatch(/^4.*查无此人.*实名库/);
    expect(lines[3]).toMatch(/^5.*不符合条件.*已在本班/);
    await expect.poll(() => page.getByTestId('roster-table').textContent()).toContain('3202**********4548');
    expect(await page.getByLabel('粘贴身份证号').inputValue()).toBe('');
    for (const id of [LIUMINTAO, NO_GROUP, UNKNOWN, XIELEI]) expect(await page.content()).not.toContain(id);
    await page.screenshot({ path: 'test/e2e/out/forms-enrol-1280.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test/e2e/out/forms-institution-390.png', fullPage: true });
    await page.context().close();
  });

  it('shows names first in select boxes: the code grey in the list, searchable, never in the box', async () => {
    const page = await as('nanjing');
    await page.getByRole('link', { name: '培训项目' }).click();
    await page.getByRole('button', { name: '新建项目（派单）' }).click();
    const form = page.getByTestId('dispatch-form');
    await form.getByLabel('职业', { exact: true }).click();
    const welder = page.locator('.ant-select-item-option', { hasText: '焊工' }).first();
    await welder.waitFor();
    expect(await welder.locator('.ant-typography-secondary').textContent()).toBe('6-18-02-04');
    await page.keyboard.type('6-18-02-04'); // the code still finds it
    await expect.poll(() => page.locator('.ant-select-item-option:visible').count()).toBe(1);
    await page.keyboard.press('Enter');
    const chosen = form.getByTestId('dispatch-occupation');
    await expect.poll(() => chosen.textContent()).toBe('焊工');
    // The title follows the occupation's name.
    expect(await form.getByLabel('项目名称').inputValue()).toBe('焊工培训班');
    await form.getByLabel('派给机构').click();
    const names = await page.locator('.ant-select-item-option:visible').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).not.toMatch(/[0-9A-Z]{18}/); // no credit codes
    // Ranked best first, each saying why (stars, credit, free places, distance: training-lifecycle.md).
    const why = await page
      .locator('.ant-select-item-option:visible [data-testid="candidate-option"] .ant-typography-secondary')
      .allTextContents();
    expect(why.length).toBe(names.length);
    for (const w of why) expect(w).toMatch(/^(★\d|暂无星级) · 信用 \d+ · (余量 \d+|容量未登记) · (\d+ km|无登记场所)$/);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: 'test/e2e/out/forms-dispatch-1280.png' });
    await page.context().close();
  });

  it('lets a worker ask for training on a phone without sideways scrolling in the form', async () => {
    const page = await as('xielei', { width: 390 });
    await page.getByTestId('tab-training').click(); // on a phone a worker has a bottom tab bar
    const form = page.getByTestId('request-form');
    await form.waitFor();
    // Every box of the form ends inside the screen (the form stacks on a phone).
    const right = await form
      .locator('input, .ant-select, button')
      .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test/e2e/out/forms-worker-390.png', fullPage: true });
    await page.context().close();
  });
});
