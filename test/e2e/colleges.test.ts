import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseOption, launchBrowser, signIn } from './browser.ts';

const JIGOU = '12320100914177769G'; // 南京市第1职业技术学院
const QIYE = '913201001736662571'; // 南京物流1有限公司
const OTHER = '913201003169861445';

async function chooseYear(page: Page, year: number) {
  await chooseOption(page, page.getByLabel('年度').first(), String(year));
}

/** The year of the plan in which the demo college held the most sessions (the worked example's, or the demo classes'). */
async function busiestYear(page: Page, base: string): Promise<number> {
  let best = { year: 2025, sessions: -1 };
  for (const year of [2025, 2026, 2027]) {
    const r = await (await page.request.get(`${base}/api/colleges/${JIGOU}/workload?year=${year}`)).json();
    if (r.college.sessions > best.sessions) best = { year, sessions: r.college.sessions };
  }
  return best.year;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `test/e2e/out/${name}.png`, fullPage: true }).catch(() => {});
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test/e2e/out/${name}-390.png`, fullPage: true }).catch(() => {});
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('院校工作量 and 职工教育经费: plan (一) and (二) in the browser', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('the province opens a college’s year, traces its hours to sessions, and reads the plan’s sentences', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'province');
    const year = await busiestYear(page, base);
    await page.getByRole('link', { name: '院校工作量' }).click();
    await chooseYear(page, year);
    await page.getByTestId('colleges-table').locator('tbody tr', { hasText: '南京市第1职业技术学院' }).first().click();
    const detail = page.getByTestId('college-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain(`南京市第1职业技术学院 · ${year}年`);
    // A course's class hours open the sessions they are made of.
    await page.getByTestId('college-by-course').locator('tbody tr button').first().click();
    await page.getByTestId('college-drill-filter').waitFor();
    const rows = page.getByTestId('college-sessions').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    // So do a teacher's: every session listed is that teacher's.
    await page.getByRole('tab', { name: '按教师' }).click();
    const teacherRow = page.getByTestId('college-by-teacher').locator('tbody tr.ant-table-row').first();
    const teacher = (await teacherRow.locator('td').first().textContent())!.trim();
    await teacherRow.locator('button').click();
    await expect.poll(() => page.getByTestId('college-drill-filter').textContent()).toContain(teacher);
    await expect
      .poll(async () => new Set(await rows.locator('td:nth-child(5)').allTextContents()))
      .toEqual(new Set([teacher]));
    expect(await page.getByTestId('college-parameters').textContent()).toContain(
      '按培训实际课时量同比折算成全日制学生培养工作量',
    );
    expect(await page.getByTestId('college-parameters').textContent()).toContain('50%');
    await expect.poll(() => page.getByRole('button', { name: '下载 PDF' }).count()).toBeGreaterThan(0);
    await shoot(page, 'colleges');
  }, 90_000);

  it('a college reports its income and costs and sees the cap follow; it sees no other college', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'jigou');
    const year = await busiestYear(page, base);
    await page.getByRole('link', { name: '院校工作量' }).click();
    await chooseYear(page, year);
    const form = page.getByTestId('college-finances');
    await form.waitFor();
    expect(await page.getByTestId('colleges-table').count()).toBe(0);
    await form.getByLabel('其他收入（元）').fill('5000');
    await form.getByLabel('成本（元）').fill('1000.01');
    await form.getByRole('button', { name: '保存收支' }).click();
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`${base}/api/colleges/${JIGOU}/workload?year=${year}`)).json()).college
            .costFen,
      )
      .toBe(100_001);
    const { college } = await (await page.request.get(`${base}/api/colleges/${JIGOU}/workload?year=${year}`)).json();
    const capYuan = (college.performancePayCapFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    await expect.poll(() => page.getByTestId('college-cap').textContent()).toBe(`¥${capYuan}`);
    const other = await page.request.get(`${base}/api/colleges/12320100706690744C/workload?year=${year}`);
    expect(other.status()).toBe(403);
    await shoot(page, 'colleges-college');
  }, 90_000);

  it('an enterprise uploads its fund: the bad row is refused with its reason, the good one kept and checked against 70 %', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'qiye');
    await page.getByRole('link', { name: '职工教育经费' }).click();
    await chooseYear(page, 2025);
    const csv = [
      'enterprise_credit_code,year,extracted_yuan,front_line_yuan,management_yuan,other_yuan',
      `${QIYE},2025,20000,12000,6000,2000`,
      `${OTHER},2025,1,1,0,0`,
    ].join('\n');
    await page
      .getByTestId('edufund-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '经费.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect
      .poll(() => page.getByTestId('edufund-upload-result').textContent(), { timeout: 15_000 })
      .toContain('接收 1 / 2');
    expect(await page.getByTestId('edufund-row-errors').first().textContent()).toContain('不在您的申报范围');
    const row = page.getByTestId('edufunds-table').locator('tbody tr.ant-table-row', { hasText: '南京物流1有限公司' });
    await expect.poll(() => row.first().textContent()).toContain('60%');
    expect(await row.first().textContent()).toContain('一线占比不足');
    expect(await page.getByTestId('edufund-parameters').textContent()).toContain('确保70%以上用于一线职工教育和培训');
    // The form corrects the year: 14 000 of 20 000 is exactly 70 %.
    const form = page.getByTestId('edufund-form');
    await form.getByLabel('提取额').fill('20000');
    await form.getByLabel('一线职工培训', { exact: true }).fill('14000');
    await form.getByLabel('管理和专业技术人员培训').fill('4000');
    await form.getByLabel('其他', { exact: true }).fill('2000');
    await form.getByRole('button', { name: /^保\s*存$/ }).click();
    await expect.poll(() => row.first().textContent(), { timeout: 10_000 }).toContain('达标');
    await shoot(page, 'edufunds');
  }, 90_000);

  it('a department sees its sectors’ enterprises only and downloads who is below', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, base, 'gongxin');
    await page.request.put(`${base}/api/edufunds`, {
      data: {
        enterpriseCode: '91320700747278043R',
        year: 2025,
        extractedFen: 100_000,
        frontLineFen: 50_000,
        managementFen: 50_000,
        otherFen: 0,
      },
    });
    await page.getByRole('link', { name: '职工教育经费' }).click();
    await chooseYear(page, 2025);
    const rows = page.getByTestId('edufunds-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const sectors = new Set(await rows.locator('td:nth-child(2)').allTextContents());
    expect(sectors).toEqual(new Set(['先进制造业']));
    expect(await page.getByTestId('edufund-below-count').textContent()).toMatch(/\d+ 家企业/);
    const xlsx = await page.request.get(`${base}/api/edufunds/below.xlsx?year=2025`);
    expect(xlsx.status()).toBe(200);
    await shoot(page, 'edufunds-department');
  }, 90_000);
});
