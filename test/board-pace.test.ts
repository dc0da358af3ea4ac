import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { chinaDate } from '../src/kernel/clock.ts';
import { generateWeeklyReminders, weekOf } from '../src/modules/reporting/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

type Row = {
  cityCode: string;
  cityName: string;
  indicator: string;
  actual: number;
  target: number;
  proRataTarget: number;
  completion: number;
  progress: number;
  gap: number;
  reachable: boolean;
  forecastDate: string | null;
  behind: boolean;
  periodEnd: string;
};
type Reminder = {
  recipient_kind: string;
  recipient_key: string;
  recipient_name: string;
  indicator: string;
  actual: number;
  target: number;
  pro_rata_target: number;
  forecast_date: string | null;
  reachable: boolean;
  period_end: string;
};

const PLAN_END = '2027-12-31';
const cityKey = (kind: string, key: string, indicator: string) => `${kind}/${key}/${indicator}`;

/** Issue 17 "target board": one pace rule (pace.ts) behind the board, 目标分解, the monthly report and 督促提醒. */
describe('the board, the targets, the monthly report and the reminders agree on who is behind', () => {
  let ctx: DemoApp['ctx'];
  let call: DemoApp['call'];
  let close: DemoApp['close'];
  const today = chinaDate(new Date());

  beforeAll(async () => {
    ({ ctx, call, close } = await demoApp(['province', 'nanjing', 'gongxin', 'xielei']));
  });
  afterAll(() => close());

  it('every city the board shows behind today has this week’s reminder, with the board’s numbers', async () => {
    const board: Row[] = (await call('province', 'GET', '/api/dashboard')).json().cities;
    const behind = board.filter((c) => c.behind);
    expect(new Set(behind.map((c) => c.cityCode)).size).toBe(13); // the demo province: all far below target
    // Nothing has run the weekly job: reading the inbox brings the week up to date.
    const inbox: Reminder[] = (await call('province', 'GET', `/api/inbox?week=${weekOf(today)}`)).json();
    const byKey = new Map(inbox.map((r) => [cityKey(r.recipient_kind, r.recipient_key, r.indicator), r]));
    for (const c of behind)
      expect(byKey.get(cityKey('city', c.cityCode, c.indicator)), `${c.cityName} ${c.indicator}`).toMatchObject({
        actual: c.actual,
        target: c.target,
        pro_rata_target: c.proRataTarget,
        reachable: false,
        forecast_date: null,
        period_end: PLAN_END,
      });
    expect(inbox.filter((r) => r.recipient_kind === 'city')).toHaveLength(behind.length);
    // A city officer sees its own city’s, the same rows.
    const nj: Reminder[] = (await call('nanjing', 'GET', `/api/inbox?week=${weekOf(today)}`)).json();
    expect(nj.map((r) => r.indicator).sort()).toEqual(
      behind
        .filter((c) => c.cityCode === '320100')
        .map((c) => c.indicator)
        .sort(),
    );
  });

  it('the pace fields hold together: completion, pace, gap, behind ⇔ not reachable, no date past the plan’s end', async () => {
    const dash = (await call('province', 'GET', '/api/dashboard?asOf=2026-11-30')).json();
    for (const r of [...dash.cities, ...dash.totals] as Row[]) {
      expect(r.completion).toBeCloseTo(r.target ? r.actual / r.target : 0, 12);
      expect(r.progress).toBeCloseTo(r.proRataTarget ? r.actual / r.proRataTarget : 0, 12);
      expect(r.gap).toBe(r.proRataTarget - r.actual);
      expect(r.behind).toBe(r.gap > 0);
      expect(r.reachable).toBe(!r.behind);
      expect(r.periodEnd).toBe(PLAN_END);
      if (!r.reachable) expect(r.forecastDate).toBeNull();
      if (r.forecastDate) expect(r.forecastDate <= PLAN_END).toBe(true);
    }
    // The slow demo start, once shown as 9999-12-31 or 8312-12-28, is now "not reachable".
    expect(
      dash.cities.find((c: Row) => c.cityCode === '321100' && c.indicator === 'subsidized_trainings'),
    ).toMatchObject({ behind: true, reachable: false, forecastDate: null });
  });

  it('目标分解 by city shows the board’s rows; the monthly report the board’s on its last day', async () => {
    const asOf = '2026-10-31';
    const board: Row[] = (await call('province', 'GET', `/api/dashboard?asOf=${asOf}`)).json().cities;
    const targets: (Row & { key: string })[] = (
      await call('province', 'GET', `/api/targets/progress?dimension=city&asOf=${asOf}`)
    ).json();
    for (const c of board) {
      const t = targets.find((x) => x.key === c.cityCode && x.indicator === c.indicator)!;
      const { cityCode, cityName, ...pace } = c;
      expect(t, `${cityName} ${c.indicator}`).toMatchObject(pace);
    }
    const report = (await call('province', 'GET', '/api/reports/monthly?month=2026-10')).json();
    const behindInReport = report.cities
      .filter((c: { behind: boolean }) => c.behind)
      .map((c: Row) => `${c.cityName}/${c.indicator}`)
      .sort();
    expect(behindInReport).toEqual(
      board
        .filter((c) => c.behind)
        .map((c) => `${c.cityName}/${c.indicator}`)
        .sort(),
    );
    expect(report.cities.every((c: Row) => c.reachable === !c.behind && c.forecastDate === null)).toBe(true);
    // And the weekly job, run on that day, reminds exactly those cities.
    await generateWeeklyReminders(ctx.db, asOf);
    const inbox: Reminder[] = (await call('province', 'GET', `/api/inbox?week=${weekOf(asOf)}`)).json();
    expect(
      inbox
        .filter((r) => r.recipient_kind === 'city')
        .map((r) => `${r.recipient_name}/${r.indicator}`)
        .sort(),
    ).toEqual(behindInReport);
  });

  it('a city on pace gets a forecast date by the plan’s end and no reminder; the weekly XLSX says the rest in words', async () => {
    const asOf = '2026-06-30';
    const board: Row[] = (await call('province', 'GET', `/api/dashboard?asOf=${asOf}`)).json().cities;
    const fastest = board.filter((c) => c.indicator === 'subsidized_trainings').sort((a, b) => b.actual - a.actual)[0];
    expect(fastest.actual).toBeGreaterThan(1);
    // A target just above what is done: on pace at mid-plan, met well before its end.
    const set = await call('province', 'POST', '/api/targets', {
      indicator: 'subsidized_trainings',
      dimension: 'city',
      key: fastest.cityCode,
      value: fastest.actual + 1,
    });
    expect(set.statusCode).toBe(200);
    const now: Row = (await call('province', 'GET', `/api/dashboard?asOf=${asOf}`))
      .json()
      .cities.find((c: Row) => c.cityCode === fastest.cityCode && c.indicator === 'subsidized_trainings');
    expect(now).toMatchObject({ behind: false, reachable: true });
    expect(now.gap).toBeLessThan(0);
    expect(now.forecastDate! > asOf && now.forecastDate! <= PLAN_END).toBe(true);
    const progress: Row[] = (await call('province', 'GET', `/api/targets/progress?dimension=city&asOf=${asOf}`)).json();
    expect(
      progress.find(
        (r) => (r as unknown as { key: string }).key === fastest.cityCode && r.indicator === 'subsidized_trainings',
      ),
    ).toMatchObject({ reachable: true, forecastDate: now.forecastDate });
    await generateWeeklyReminders(ctx.db, asOf);
    const inbox: Reminder[] = (await call('province', 'GET', `/api/inbox?week=${weekOf(asOf)}`)).json();
    const cities = inbox.filter((r) => r.recipient_kind === 'city');
    expect(cities.some((r) => r.recipient_key === fastest.cityCode && r.indicator === 'subsidized_trainings')).toBe(
      false,
    );
    expect(cities).toHaveLength(board.filter((c) => c.behind).length - 1);
    const xlsx = await call('province', 'GET', `/api/reports/weekly.xlsx?week=${asOf}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const forecasts = new Set<string>();
    wb.worksheets[0].eachRow((row, i) => {
      if (i > 2) forecasts.add(String(row.getCell(7).value));
    });
    // The cities' targets run to the plan's end; the demo's N holder (demo-holders.ts) holds yearly targets for 2026.
    expect([...forecasts].sort()).toEqual(['按当前速度无法在2026年底完成', '按当前速度无法在2027年底完成']);
  });

  it('refuses who may not look: a city officer 目标分解, a department the city reminders, a worker the board', async () => {
    expect((await call('nanjing', 'GET', '/api/targets/progress?dimension=city')).statusCode).toBe(403);
    expect(
      (
        await call('nanjing', 'POST', '/api/targets', {
          indicator: 'subsidized_trainings',
          dimension: 'city',
          key: '320100',
          value: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('gongxin', 'GET', '/api/reminders')).statusCode).toBe(403);
    expect((await call('xielei', 'GET', '/api/dashboard')).statusCode).toBe(403);
    expect((await call('xielei', 'GET', '/api/inbox')).statusCode).toBe(403);
    expect((await call('', 'GET', '/api/dashboard')).statusCode).toBe(401);
    // A city officer's board is its own city, and the department's inbox holds no city's reminder.
    const nj: Row[] = (await call('nanjing', 'GET', '/api/dashboard')).json().cities;
    expect(new Set(nj.map((c) => c.cityCode))).toEqual(new Set(['320100']));
    const dept: Reminder[] = (await call('gongxin', 'GET', '/api/inbox')).json();
    expect(dept.every((r) => r.recipient_kind !== 'city')).toBe(true);
  });
});
