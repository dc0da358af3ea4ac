import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { computeKpi, generateWeeklyReminders, weekOf } from '../src/modules/reporting/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const workbook = async (body: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
};

describe('monthly reports, target decomposition and weekly reminders (issue 9)', () => {
  let ctx: DemoApp['ctx'];
  let call: DemoApp['call'];
  let close: DemoApp['close'];

  beforeAll(async () => {
    ({ ctx, call, close } = await demoApp(['province', 'nanjing', 'wuxi', 'gongxin']));
  });
  afterAll(() => close());

  it('the monthly report’s numbers are the KPI export’s for the month and cumulative', async () => {
    const r = (await call('province', 'GET', '/api/reports/monthly?month=2025-12')).json();
    const month = await computeKpi(ctx.db, { from: '2025-12-01', to: '2025-12-31' });
    const cum = await computeKpi(ctx.db, { from: '2025-01-01', to: '2025-12-31' });
    for (const h of r.headline) {
      expect(h.month).toBe(month.find((k) => k.indicator === h.indicator && k.dimension === 'total')?.value ?? 0);
      expect(h.cumulative).toBe(cum.find((k) => k.indicator === h.indicator && k.dimension === 'total')?.value ?? 0);
    }
    expect(r.headline.find((h: { indicator: string }) => h.indicator === 'new_certificates').target).toBe(2_000_000);
    expect(r.cities).toHaveLength(39);
    expect((await call('province', 'GET', '/api/reports/monthly?month=2025-13')).json().code).toBe('BAD_MONTH');
  });

  it('a city officer gets their city’s report whatever city they ask for; XLSX and PDF download', async () => {
    const r = (await call('nanjing', 'GET', '/api/reports/monthly?month=2025-12&city=320200')).json();
    expect(r).toMatchObject({ cityCode: '320100', scopeName: '南京市' });
    expect(new Set(r.cities.map((c: { cityName: string }) => c.cityName))).toEqual(new Set(['南京市']));
    const xlsx = await call('nanjing', 'GET', '/api/reports/monthly.xlsx?month=2025-12');
    expect(xlsx.headers['content-disposition']).toContain('monthly-320100-2025-12.xlsx');
    const wb = await workbook(xlsx.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总体 Summary',
      '各市 Cities',
      '分项 Breakdown',
      '资金 Money',
      '交互比对 Integrity',
    ]);
    expect(String(wb.getWorksheet('总体 Summary')!.getCell('A1').value)).toBe(
      '南京市职业技能提升行动月报（2025年12月）',
    );
    const pdf = await call('province', 'GET', '/api/reports/monthly.pdf?month=2025-12');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.includes(Buffer.from('NotoSansCJK'))).toBe(true);
  });

  it('the province decomposes targets by sector; a department sees its own sectors only', async () => {
    expect(
      (
        await call('gongxin', 'POST', '/api/targets', {
          indicator: 'new_certificates',
          dimension: 'sector',
          key: 'manufacturing',
          value: 600000,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('province', 'POST', '/api/targets', {
          indicator: 'new_certificates',
          dimension: 'sector',
          key: 'nope',
          value: 1,
        })
      ).json().code,
    ).toBe('UNKNOWN_KEY');
    const set = (
      await call('province', 'POST', '/api/targets', {
        indicator: 'new_certificates',
        dimension: 'sector',
        key: 'manufacturing',
        value: 600000,
      })
    ).json();
    expect(set).toMatchObject({ decomposed: 600000, provinceTarget: 2_000_000 });
    const mine = (await call('gongxin', 'GET', '/api/targets/progress?dimension=sector&asOf=2026-12-31')).json();
    expect(new Set(mine.map((r: { key: string }) => r.key))).toEqual(new Set(['manufacturing']));
    expect(mine.find((r: { indicator: string }) => r.indicator === 'new_certificates')).toMatchObject({
      hasTarget: true,
      target: 600000,
      behind: true,
    });
    const all = (await call('province', 'GET', '/api/targets/progress?dimension=sector&asOf=2026-12-31')).json();
    expect(new Set(all.map((r: { key: string }) => r.key)).size).toBeGreaterThan(1);
    const [audit] = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'target' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.action).toBe('target.set');
  });

  it('weekly reminders: every city and department behind pace, once a week; each sees their own in the inbox', async () => {
    const first = await generateWeeklyReminders(ctx.db, '2026-12-31');
    expect(first.weekOf).toBe('2026-12-28');
    expect(weekOf('2026-12-28')).toBe('2026-12-28');
    expect(first.created).toBe(39 + 1 + 3); // 13 cities × 3 indicators, manufacturing's certificates, and the demo's N holder (江苏省机械行业协会, demo-holders.ts) on its three 2026 targets
    expect((await generateWeeklyReminders(ctx.db, '2027-01-01')).created).toBe(0);
    // Reading the inbox also brings today's week up to date (pace.ts, as the board): look at the job's week.
    const nj = (await call('nanjing', 'GET', '/api/inbox?week=2026-12-28')).json();
    expect(nj).toHaveLength(3);
    expect(nj.every((r: { recipient_key: string }) => r.recipient_key === '320100')).toBe(true);
    const dept = (await call('gongxin', 'GET', '/api/inbox?week=2026-12-28')).json();
    expect(dept.filter((r: { recipient_kind: string }) => r.recipient_kind !== 'holder')).toEqual([
      expect.objectContaining({
        recipient_kind: 'sector',
        recipient_key: 'manufacturing',
        indicator: 'new_certificates',
      }),
    ]);
    // A department also sees the N holders of its sectors (the demo's 江苏省机械行业协会: three indicators).
    expect(dept.filter((r: { recipient_kind: string }) => r.recipient_kind === 'holder')).toHaveLength(3);
    expect((await call('wuxi', 'POST', `/api/inbox/${nj[0].id}/read`)).statusCode).toBe(403);
    expect((await call('nanjing', 'POST', `/api/inbox/${nj[0].id}/read`)).json()).toEqual({ id: nj[0].id, read: true });
    const xlsx = await call('province', 'GET', '/api/reports/weekly.xlsx?week=2026-12-30');
    const ws = (await workbook(xlsx.rawPayload)).worksheets[0];
    expect(ws.name).toBe('督促提醒 2026-12-28');
    expect(ws.rowCount).toBe(44); // a header row and the week's 43 reminders
  });
});
