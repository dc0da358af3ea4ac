import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';

describe('the province admin’s target dashboard', () => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } })
    ).newPage();
    await signIn(page, base, 'province');
  });
  afterAll(() => browser.close());

  it('opens the Jiangsu map, clicks Nanjing, sees its breakdown and downloads it as XLSX', async () => {
    await page.getByRole('link', { name: '目标看板' }).click();
    await page.waitForFunction(() => !!(window as unknown as { __jnMap?: unknown }).__jnMap);
    await page.waitForTimeout(800); // map series laid out
    const point = await page.evaluate(() => {
      const chart = (
        window as unknown as {
          __jnMap: { convertToPixel: (f: object, v: number[]) => number[]; getDom: () => HTMLElement };
        }
      ).__jnMap;
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [118.8, 32.0]); // 南京市
      const box = chart.getDom().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    });
    await page.mouse.click(point.x, point.y);
    const card = page.getByTestId('city-breakdown');
    await expect.poll(() => card.textContent()).toContain('南京市');
    await card.locator('tbody tr.ant-table-row').first().waitFor();
    const rows = await card.locator('tbody tr.ant-table-row').allTextContents();
    expect(rows.some((r) => r.startsWith('领域'))).toBe(true); // sector rows, dimension shown in Chinese
    await page.screenshot({ path: 'test/e2e/out/dashboard.png' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('kpi-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('kpi-320100.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const cityRows: string[] = [];
    wb.worksheets[0].eachRow((r, i) => {
      if (i > 1 && r.getCell(2).value === 'city') cityRows.push(String(r.getCell(3).value));
    });
    expect(new Set(cityRows)).toEqual(new Set(['320100']));
  });

  it('sorts the city table by pace: the furthest-behind city comes first; out-of-reach forecasts say so', async () => {
    await page.getByRole('link', { name: '目标看板' }).click();
    const table = page.getByTestId('city-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const cities = await page.evaluate(async () => (await (await fetch('/api/dashboard')).json()).cities);
    const trainings = cities.filter((c: { indicator: string }) => c.indicator === 'subsidized_trainings');
    const slowest = [...trainings].sort(
      (a: { progress: number }, b: { progress: number }) => a.progress - b.progress,
    )[0];
    await table.getByRole('columnheader', { name: '按期进度', exact: true }).click();
    await expect
      .poll(() => table.locator('tbody tr.ant-table-row').first().locator('td').first().textContent())
      .toBe(slowest.cityName);
    // Sorting by the gap (largest first on one click) puts the most persons short first.
    const widest = [...trainings].sort((a: { gap: number }, b: { gap: number }) => b.gap - a.gap)[0];
    await table.getByRole('columnheader', { name: '距按期差距（人）' }).click();
    await expect
      .poll(() => table.locator('tbody tr.ant-table-row').first().locator('td').first().textContent())
      .toBe(widest.cityName);
    // No date centuries away: the demo's slow start reads as out of reach by the plan's end.
    expect(await table.locator('tbody').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await table.getByText('按当前速度无法在2027年底完成').first().waitFor();
    await page.getByTestId('pace-legend').getByText(`最落后 ${slowest.cityName}`).waitFor();
    await page.screenshot({ path: 'test/e2e/out/dashboard-sorted.png' });
    await page.getByRole('link', { name: '目标分解' }).click();
    await page.getByTestId('targets-table').getByText('按当前速度无法在2027年底完成').first().waitFor();
    expect(await page.getByTestId('targets-table').locator('tbody').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.getByRole('link', { name: '督促提醒' }).click();
    // 督促提醒 is not empty: the board's behind cities have this week's reminders.
    await page.getByTestId('inbox-table').getByText('按当前速度无法在2027年底完成').first().waitFor();
    const inbox = await page.evaluate(async () => (await fetch('/api/inbox')).json());
    expect(inbox.map((r: { recipient_key: string }) => r.recipient_key)).toContain(slowest.cityCode);
  });

  it('shows the same totals as the KPI export', async () => {
    const totals = await page.evaluate(
      async () => (await (await fetch('/api/dashboard?asOf=2026-12-31')).json()).totals,
    );
    const kpi = await page.evaluate(async () => await (await fetch('/api/kpi?from=2025-01-01&to=2026-12-31')).json());
    for (const t of totals)
      expect(t.actual).toBe(
        kpi.find(
          (k: { indicator: string; dimension: string }) => k.indicator === t.indicator && k.dimension === 'total',
        ).value,
      );
    // The worked example's 226, and any claim another browser test settled since (the worker journey's).
    expect(
      totals.find((t: { indicator: string }) => t.indicator === 'subsidized_trainings').actual,
    ).toBeGreaterThanOrEqual(226);
  });

  it('opens the operations page: the ledger balances, the scheduled jobs and their runs are listed', async () => {
    await page.getByRole('link', { name: '运行状态' }).click();
    await expect.poll(() => page.getByTestId('ledger-status').textContent()).toContain('台账平衡');
    for (const title of ['定时任务', '最近运行', '支付明细'])
      await page.getByText(title, { exact: true }).first().waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/operations/status')).json());
    // Every job that has run is listed by its name (the SMS job runs each minute beside the others).
    const labels = await page.evaluate(async () => (await fetch('/api/labels')).json());
    if (status.jobs.length === 0) await page.getByText('暂无运行记录').first().waitFor();
    for (const j of status.jobs as { job: string }[]) await page.getByText(labels.job[j.job].zh).first().waitFor();
    await page.screenshot({ path: 'test/e2e/out/operations.png' });
  });
});
