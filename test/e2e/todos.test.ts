import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

type Todo = { key: string; count: number; link: string };

/** The table a to-do's link lands on, by the page and the filter it carries. */
function tableOf(link: string): string {
  const [page, query = ''] = link.split('?');
  const q = new URLSearchParams(query);
  const tables: Record<string, string> = {
    '/projects': 'projects-table',
    '/decisions': 'decisions-table',
    '/reviews': 'review-table',
    '/payments': 'batches-table',
    '/inbox': 'inbox-table',
    '/integrity': 'cases-table',
    '/demand': 'requests-table',
    '/orders': q.get('confirm') ? 'employer-confirmations' : 'my-orders',
    '/training': q.get('confirm') ? 'my-confirmations' : 'my-requests',
    '/assessments': 'assessments-table',
    '/persons': 'pending-table',
  };
  const id = tables[page];
  if (!id) throw new Error(`no table behind ${link}`);
  return id;
}

/** Every row of a (client-paginated) table: the rows of page 1, and of the last page when there are more. */
async function totalRows(table: Locator): Promise<number> {
  const rows = table.locator('tbody tr.ant-table-row');
  await rows.first().waitFor();
  // A table paged by the server says its total ("共 226 条"): that is the list's row count.
  const wrapperOf = table.locator(
    'xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-table-wrapper ")][1]',
  );
  const totalText = wrapperOf.locator('.ant-pagination-total-text');
  if (await totalText.count()) return Number((await totalText.textContent())?.replace(/\D/g, ''));
  const first = await rows.count();
  // The pagination sits beside the table, inside antd's wrapper.
  const wrapper = table.locator(
    'xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-table-wrapper ")][1]',
  );
  const items = wrapper.locator('.ant-pagination-item');
  const pages = (await items.count()) ? Number(await items.last().getAttribute('title')) : 1;
  if (pages <= 1) return first;
  await items.last().click();
  await wrapper.locator(`.ant-pagination-item-active[title="${pages}"]`).waitFor();
  return (pages - 1) * first + (await rows.count());
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

const ROLES = ['province', 'nanjing', 'gongxin', 'jigou', 'pingjia', 'qiye', 'xielei'];

describe('home = my to-dos, in the browser', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  const open = async (user: string, viewport = { width: 1280, height: 900 }) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await signIn(page, base, user);
    await page.getByTestId('todos').waitFor();
    return page;
  };
  const todosOf = async (page: Page): Promise<Todo[]> =>
    page.evaluate(async () => (await fetch('/api/me/todos')).json());

  for (const user of ROLES)
    it(`${user}: the home page shows each to-do with the server's count; a card opens a list of exactly that many rows; at 390×844 no horizontal scroll`, async () => {
      const page = await open(user);
      expect(await page.title()).toBe('首页 · 技能');
      const todos = await todosOf(page);
      expect(todos.length).toBeGreaterThan(0);
      for (const todo of todos) {
        const card = page.getByTestId(`todo-${todo.key}`);
        expect(await card.getByTestId('todo-count').textContent(), todo.key).toBe(todo.count.toLocaleString('zh-CN'));
        expect(await card.getAttribute('href')).toBe(todo.link);
      }
      const waiting = todos.filter((t) => t.count > 0);
      expect(await page.getByTestId('nothing-waits').count()).toBe(waiting.length ? 0 : 1);
      await page.screenshot({ path: `test/e2e/out/home-${user}-1280.png`, fullPage: true });
      // Every card with work behind it leads to a list showing exactly that work.
      for (const todo of waiting) {
        await page.goto(`${base}/`);
        await page.getByTestId(`todo-${todo.key}`).click();
        await page.waitForURL((u) => `${u.pathname}${u.search}` === todo.link);
        const table = page.getByTestId(tableOf(todo.link));
        expect(await totalRows(table), `${user} ${todo.key} → ${todo.link}`).toBe(todo.count);
      }
      // On a phone: the same cards, no horizontal scroll, 退出 in view, the side menu gone behind a button.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/`);
      await page.getByTestId('todos').waitFor();
      expect(await noHorizontalScroll(page)).toBe(true);
      if (user === 'xielei') {
        // A worker's phone has the bottom tab bar; 退出 is under 我的.
        expect(await page.getByTestId('tab-bar').isVisible()).toBe(true);
        await page.getByTestId('tab-mine').click();
      } else expect(await page.getByTestId('menu-button').isVisible()).toBe(true);
      const logout = await page.getByTestId('logout').boundingBox();
      expect(logout && logout.x + logout.width).toBeLessThanOrEqual(390);
      if (user !== 'xielei') expect(await page.getByRole('link', { name: '江苏工匠' }).isVisible()).toBe(false);
      await page.screenshot({ path: `test/e2e/out/home-${user}-390.png`, fullPage: true });
    });

  it('an unknown address shows a 404 inside the shell, with a way home', async () => {
    const page = await open('nanjing');
    await page.goto(`${base}/no/such/page`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.title()).toBe('页面不存在 · 技能');
    expect(await page.getByRole('link', { name: '培训项目' }).count()).toBe(1); // the menu is still there
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByTestId('todos').waitFor();
  });

  it('each page names itself in the tab and in a heading under a breadcrumb', async () => {
    const page = await open('nanjing');
    await page.getByRole('link', { name: '培训项目' }).click();
    await expect.poll(() => page.title()).toBe('培训项目 · 技能');
    expect(await page.getByTestId('page-title').textContent()).toBe('培训项目');
    expect(await page.getByTestId('breadcrumb').textContent()).toContain('首页');
    await page.getByTestId('projects-table').locator('tbody tr.ant-table-row').first().click();
    await expect.poll(() => page.title()).toMatch(/^[A-Z]+\d+ · 技能$/);
    expect(await page.getByTestId('breadcrumb').textContent()).toContain('培训项目');
  });

  it('a training-only institution’s menu lacks 考核发证; an evaluating one has it', async () => {
    const jigou = await open('jigou');
    expect(await jigou.getByRole('link', { name: '培训项目' }).count()).toBe(1);
    expect(await jigou.getByRole('link', { name: '考核发证' }).count()).toBe(0);
    // Opened by its address, the page says it is not for this role.
    await jigou.goto(`${base}/assessments`);
    await jigou.getByTestId('not-for-you').waitFor();
    const pingjia = await open('pingjia');
    expect(await pingjia.getByRole('link', { name: '考核发证' }).count()).toBe(1);
  });

  it('at 390×844 the menu is a drawer: the button opens it, a link or Escape closes it', async () => {
    const page = await open('nanjing', { width: 390, height: 844 });
    await page.getByTestId('menu-button').click();
    const drawer = page.getByTestId('nav-drawer');
    await drawer.getByRole('link', { name: '江苏工匠' }).waitFor();
    await page.screenshot({ path: 'test/e2e/out/drawer-nanjing-390.png' });
    await drawer.getByRole('link', { name: '江苏工匠' }).click();
    await expect.poll(() => page.title()).toBe('江苏工匠 · 技能');
    await drawer.getByRole('link', { name: '江苏工匠' }).waitFor({ state: 'hidden' });
    await page.getByTestId('menu-button').click();
    await drawer.getByRole('link', { name: '首页' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.getByRole('link', { name: '首页' }).waitFor({ state: 'hidden' });
    expect(await noHorizontalScroll(page)).toBe(true);
  });
});
