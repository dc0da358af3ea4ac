import type { Page } from 'playwright-core';
import { checkCreditCode, checkIdNumber } from '../../src/kernel/identity.ts';

/** One piece of text a person reads, with where it stands (a column header, a description label). */
export interface TextItem {
  text: string;
  context: string;
}

/** A text item that an official should never read: a raw code, an English sentence, a broken value. */
export interface Offence {
  text: string;
  context: string;
  why: string;
}

type Labels = Record<string, Record<string, { zh: string; en: string }>>;

/**
 * Collects the visible text of the page: every text node, and the whole text of each table cell,
 * tag, description, statistic and select value (a name may be split over several text nodes).
 * Tooltips and popups are left out (they are not open); `title` attributes are not text.
 */
export function visibleText(page: Page): Promise<TextItem[]> {
  // A string, not a function: a transpiler's helpers (esbuild's `__name`) do not exist in the page.
  return page.evaluate(COLLECT) as Promise<TextItem[]>;
}

const COLLECT = `(() => {
  const items = [];
  const shown = (el) => !!el && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const skip = (el) =>
    !!el.closest('script, style, noscript, textarea, .ant-tooltip, [role="tooltip"], .ant-select-dropdown, .ant-drawer:not(.ant-drawer-open), [data-code]');
  const contextOf = (el) => {
    const td = el.closest('td');
    if (td) {
      const row = td.parentElement;
      const index = row ? Array.prototype.indexOf.call(row.children, td) : -1;
      const header = td.closest('.ant-table')?.querySelectorAll('thead tr:last-child th')[index];
      return '列 ' + (header?.textContent ?? '').trim();
    }
    const desc = el.closest('.ant-descriptions-item-content');
    if (desc) {
      const label = desc.parentElement?.querySelector('.ant-descriptions-item-label');
      return '项 ' + (label?.textContent ?? '').trim();
    }
    const formItem = el.closest('.ant-form-item');
    if (formItem) return '表单 ' + (formItem.querySelector('.ant-form-item-label')?.textContent ?? '').trim();
    const card = el.closest('.ant-card');
    if (card) return '卡片 ' + (card.querySelector('.ant-card-head-title')?.textContent ?? '').trim();
    return el.tagName.toLowerCase();
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    const parent = n.parentElement;
    if (!text || !parent || skip(parent) || !shown(parent)) continue;
    items.push({ text, context: contextOf(parent) });
  }
  const wholes =
    'td, .ant-tag, .ant-descriptions-item-content, .ant-statistic-content, .ant-select-selection-item, .ant-list-item, .ant-card-head-title';
  for (const el of document.querySelectorAll(wholes)) {
    if (skip(el) || !shown(el)) continue;
    // A code shown on purpose (<Code>, data-code) is not part of the cell's words.
    let whole = el.innerText;
    for (const c of el.querySelectorAll('[data-code]')) whole = whole.replace(c.innerText, '');
    for (const line of whole.split('\\n')) {
      const text = line.trim();
      if (text) items.push({ text, context: contextOf(el) });
    }
  }
  return items;
})()`;

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
const BROKEN = /Invalid Date|\bNaN\b|\bundefined\b|\bnull\b|\[object Object\]|系统内部错误|Internal Server Error/;
const PATTERNS: [RegExp, string][] = [
  [/^320[0-9]{3}$/, '城市代码 city code'],
  [/^G[1-9]$/, '群体代码 group code'],
  [/^L[1-5ASC]$/, '等级代码 level code'],
  [/^JS-\d{4}$/, '职业代码 occupation code'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:/, '未格式化的时间 raw ISO timestamp'],
  [/^\d{4}\/\d{1,2}\/\d{1,2}/, '日期不是 2025-10-07 14:00 格式 date not in China-time house format'],
  [/¥-/, '负金额应为 -¥ negative money'],
];
/** A unified social credit code (统一社会信用代码, GB 32100), not a resident ID number (GB 11643). */
const isCreditCode = (s: string) => checkCreditCode(s) === null && checkIdNumber(s) !== null;
/** Columns and labels where a code is the point (the code column of a directory, an ID, a phone). */
const CODE_CONTEXT = /代码|编码|编号|号|码|电话|code|年/i;
/** English words allowed to stand in the Chinese interface (the language switch, abbreviations). */
const ALLOWED_LATIN = new Set(['EN', 'API', 'PDF', 'XLSX', 'CSV', 'QR', 'ID', 'Jineng']);

/**
 * The judge: a text item alone equal to a code of the label dictionary, or of a code pattern; a key task
 * as a bare number; a credit code where a name belongs; a number over 9,999 without separators; an
 * unformatted time; English words or a dictionary's English name in the Chinese interface; JSON;
 * `Invalid Date`, `NaN`, `undefined`, `null`, `[object Object]` anywhere. Codes a page shows on purpose,
 * as a secondary column or beside a name, are wrapped in `<Code>` (`data-code`) and not read.
 */
export function rawCodeJudge(labels: Labels) {
  const codes = new Map<string, string>();
  const english = new Map<string, string>();
  for (const [dictionary, names] of Object.entries(labels)) {
    for (const [code, name] of Object.entries(names)) {
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(code) && !ALLOWED_LATIN.has(code)) codes.set(code, dictionary);
      if (name.en !== name.zh && !CJK.test(name.en) && !ALLOWED_LATIN.has(name.en)) english.set(name.en, dictionary);
    }
  }
  return (item: TextItem): string | null => {
    const { text, context } = item;
    if (BROKEN.test(text)) return '坏值 broken value';
    // A mainland mobile number (a self-registered worker's username) is a phone number, not a quantity.
    if (/^1[3-9]\d{9}$/.test(text)) return null;
    // A username is what its owner chose to sign in with (账号管理's 用户名 column), not interface text.
    if (/用户名|username/i.test(context) && /^[\w.@-]+$/.test(text)) return null;
    const dictionary = codes.get(text);
    if (dictionary) return `代码 code of ${dictionary}`;
    for (const [re, why] of PATTERNS) if (re.test(text)) return why;
    if (/^\d{1,2}$/.test(text) && /重点任务|key task/i.test(context)) return '重点任务编号 key task as a number';
    if (isCreditCode(text) && !CODE_CONTEXT.test(context)) return '信用代码代替名称 credit code instead of a name';
    if (/^-?\d{5,}(\.\d+)?$/.test(text) && !CODE_CONTEXT.test(context) && checkIdNumber(text) !== null)
      return '缺千位分隔符 number without separators';
    if (/^\s*[[{].*["\]}]\s*$/.test(text) && /"\w+"\s*:/.test(text)) return 'JSON';
    const en = english.get(text);
    if (en) return `英文名称 English name of ${en}`;
    // A file's own name (an uploaded bundle file, an appeal's photo) is what the person called it.
    // File names (an import of several files lists them, comma-separated).
    if (/^[\w.-]+\.(csv|xlsx|xls|jpe?g|png|pdf)(,\s*[\w.-]+\.(csv|xlsx|xls|jpe?g|png|pdf))*$/i.test(text)) return null;
    // An identifier the system minted (TR2888534BD3, JOB21BCCFE9B): capitals and digits in one token, not English.
    if (/^[A-Z][A-Z0-9-]{5,}$/.test(text) && /\d/.test(text)) return null;
    if (!CJK.test(text)) {
      const words = text.match(/[A-Za-z]{2,}/g) ?? [];
      if (words.filter((w) => !ALLOWED_LATIN.has(w)).length >= 2) return '英文 English text';
      if (/^[a-z]+(_[a-z]+)+$/.test(text)) return '字段名 field name';
    }
    return null;
  };
}

/** The offences on the page now (each text once). */
export async function offencesOn(page: Page, judge: (i: TextItem) => string | null): Promise<Offence[]> {
  const seen = new Set<string>();
  const out: Offence[] = [];
  for (const item of await visibleText(page)) {
    const why = judge(item);
    const key = `${item.text}\u0000${why}`;
    if (why && !seen.has(key)) {
      seen.add(key);
      out.push({ ...item, why });
    }
  }
  return out;
}

const traffic = new WeakMap<Page, { inFlight: number; last: number }>();

/** Counts the page's requests in flight, for `settled` (a client-side route change fires no load event). */
export function trackRequests(page: Page): void {
  const s = { inFlight: 0, last: Date.now() };
  traffic.set(page, s);
  page.on('request', () => {
    s.inFlight++;
    s.last = Date.now();
  });
  const done = () => {
    s.inFlight = Math.max(0, s.inFlight - 1);
    s.last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Waits until the page has its data: no request in flight for 300 ms, no spinner or skeleton left. */
export async function settled(page: Page): Promise<void> {
  const s = traffic.get(page);
  const quiet = async () => {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      if (s ? s.inFlight === 0 && Date.now() - s.last >= 300 : true) return;
      await page.waitForTimeout(100);
    }
  };
  await page.waitForTimeout(150);
  await quiet();
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, {
      timeout: 15_000,
    })
    .catch(() => {});
  await quiet();
}

/**
 * Opens a page. A page of the menu opens as a click on its link does (history + popstate: the app is
 * not loaded again), and is there when the menu marks it — the router renders in a transition, so
 * the old page stays on screen a moment; any other page (a detail, /verify) is loaded afresh.
 */
export async function visit(page: Page, url: string): Promise<void> {
  const target = new URL(url);
  const path = target.pathname + target.search;
  const link = `a[href="${target.pathname}"]`;
  const inApp = page.url().startsWith(target.origin) && (await page.locator(`.ant-menu ${link}`).count()) > 0;
  if (!inApp) await page.goto(url);
  else {
    await page.evaluate(`(() => {
      window.history.pushState({}, '', ${JSON.stringify(path)});
      window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    })()`);
    await page.locator(`.ant-menu .ant-menu-item-selected ${link}`).waitFor({ timeout: 15_000 });
  }
  await settled(page);
}

/** What the tour found on one page (or tab, drawer, expanded row) of one role. */
export interface Finding extends Offence {
  role: string;
  where: string;
}

/**
 * Visits a page as it stands and everything one click deeper that shows records: each tab, the
 * first row's detail (a drawer or a detail page, when rows are clickable) and the first expandable row.
 * `shallow` visits the page alone (its tabs and details read for another role already).
 */
export async function tourPage(
  page: Page,
  url: string,
  role: string,
  judge: (i: TextItem) => string | null,
  report: (f: Finding[]) => void,
  shallow = false,
): Promise<void> {
  await visit(page, url);
  const path = new URL(page.url()).pathname;
  const scan = async (where: string) => report((await offencesOn(page, judge)).map((o) => ({ ...o, role, where })));
  // A page that failed to render would pass every other check.
  const chars = (await page.evaluate('document.body.innerText.trim().length')) as number;
  if (chars < 20) report([{ text: '', context: '', why: '空白页 blank page', role, where: path }]);
  await scan(path);
  if (shallow) return;
  const tabs = page.locator('.ant-tabs').first().locator(':scope > .ant-tabs-nav .ant-tabs-tab');
  const names = (await tabs.allTextContents()).map((n) => n.trim());
  for (let i = 0; i < Math.max(names.length, 1); i++) {
    let where = path;
    if (names.length > 0) {
      where = `${path} › ${names[i]}`;
      if (i > 0) {
        await openTab(page, names[i]);
        await scan(where);
      }
    }
    await deeper(page, url, where, scan);
    // A detail page visited in between brings the page back on its first tab: return to this one.
    if (i > 0 && new URL(page.url()).pathname === path) await openTab(page, names[i]);
  }
}

/** Opens the page's tab of that name (again, when a re-render replaced it under the pointer). */
async function openTab(page: Page, name: string): Promise<void> {
  const tab = page
    .locator('.ant-tabs')
    .first()
    .locator(':scope > .ant-tabs-nav .ant-tabs-tab', { hasText: name })
    .first();
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await tab.getAttribute('class', { timeout: 10_000 }))?.includes('ant-tabs-tab-active'))
        await tab.click({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await settled(page);
    }
  }
  await settled(page);
}

/** The first row's detail and the first expandable row of the visible table, scanned, then closed again. */
async function deeper(page: Page, url: string, where: string, scan: (where: string) => Promise<void>): Promise<void> {
  const table = page.locator('.ant-tabs-tabpane-active .ant-table, .ant-layout-content .ant-table').first();
  if (!(await table.isVisible().catch(() => false))) return;
  const expand = table.locator('button.ant-table-row-expand-icon-collapsed').first();
  if (await expand.isVisible().catch(() => false)) {
    await expand.click({ timeout: 10_000 });
    await settled(page);
    await scan(`${where} › 展开行`);
  }
  const row = table.locator('tbody tr.ant-table-row').first();
  if (!(await row.isVisible().catch(() => false))) return;
  const clickable = await row.evaluate((r) => getComputedStyle(r).cursor === 'pointer', null, { timeout: 10_000 });
  if (!clickable) return;
  const before = page.url();
  await row.locator('td').first().click({ timeout: 10_000 });
  // Either the app goes to the record's page or a drawer opens; wait for whichever comes.
  const drawer = page.locator('.ant-drawer-open .ant-drawer-section, .ant-drawer-open .ant-drawer-content').first();
  const outcome = await Promise.race([
    page
      .waitForURL((u) => u.href !== before, { timeout: 5_000 })
      .then(
        () => 'page' as const,
        () => null,
      ),
    drawer.waitFor({ timeout: 5_000 }).then(
      () => 'drawer' as const,
      () => null,
    ),
  ]);
  const landed = outcome ?? (page.url() !== before ? 'page' : (await drawer.isVisible()) ? 'drawer' : null);
  if (landed === 'page') {
    await settled(page);
    await scan(`${new URL(page.url()).pathname}（详情）`);
    await visit(page, url);
    return;
  }
  if (landed === 'drawer') {
    await settled(page);
    await scan(`${where} › 详情`);
    const close = page.locator('.ant-drawer-open .ant-drawer-close').first();
    if (await close.isVisible().catch(() => false)) await close.click();
    else await page.keyboard.press('Escape');
    await page
      .locator('.ant-drawer-open')
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => {});
    await page
      .locator('.ant-drawer-mask')
      .first()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => {});
  }
}

/** The pages a role's menu links to (submenus opened first). */
export async function menuLinks(page: Page): Promise<string[]> {
  const closed = page.locator('.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
  for (let i = await closed.count(); i > 0; i--) {
    await closed.first().click();
    await page.waitForTimeout(100);
  }
  const hrefs = await page
    .locator('.ant-menu a[href], .ant-layout-sider a[href], nav a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((h) => h.startsWith('/') && !h.startsWith('/api/')))];
}

/** Signs in through the API (the session cookie lands in the page's context); `null` stays anonymous. */
export async function signInQuietly(page: Page, base: string, username: string | null): Promise<void> {
  if (!username) return;
  const r = await page.request.post(`${base}/api/auth/login`, { data: { username, password: 'Jineng@2025' } });
  if (!r.ok()) throw new Error(`sign-in of ${username} failed: ${r.status()}`);
}

/**
 * A role's whole tour: the home page, every page of its menu (tabs, first detail, first expanded row),
 * the detail page of projects it may see (the first, and one whose class has ended) and /verify;
 * the `shallow` paths without their tabs and details.
 */
export async function tourRole(
  page: Page,
  base: string,
  role: string | null,
  judge: (i: TextItem) => string | null,
  shallow: readonly string[] = [],
): Promise<{ findings: Finding[]; visited: string[] }> {
  const name = role ?? 'anonymous';
  const findings: Finding[] = [];
  const visited: string[] = [];
  const report = (f: Finding[]) => findings.push(...f);
  trackRequests(page);
  await signInQuietly(page, base, role);
  await page.goto(`${base}/`);
  await settled(page);
  // A visitor's home is the sign-in page, which has no menu: the public pages' shell has.
  if (!role) await visit(page, `${base}/catalogs`);
  const links = await menuLinks(page);
  const projects: { project_code: string; end_date: string }[] = role
    ? await page.evaluate(async () => {
        const r = await fetch('/api/projects?limit=200');
        return r.ok ? (await r.json()).items : [];
      })
    : [];
  const ended = projects.find((p) => p.end_date < new Date().toISOString().slice(0, 10));
  const details = [...new Set([projects[0], ended].filter((p) => p).map((p) => `/projects/${p!.project_code}`))];
  for (const path of ['/', ...links, ...details, '/verify']) {
    if (visited.includes(path)) continue;
    visited.push(path);
    await tourPage(page, `${base}${path}`, name, judge, report, shallow.includes(path));
  }
  return { findings, visited };
}

/** One line per finding: role, page, what was read and why it is wrong. */
export const describeFindings = (fs: Finding[]) =>
  fs.map((f) => `[${f.role}] ${f.where} · ${f.context}: "${f.text}" — ${f.why}`).join('\n');
