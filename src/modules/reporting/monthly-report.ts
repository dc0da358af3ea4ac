import fs from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Db } from '../../db/client.ts';
import type { JobHandler } from '../../kernel/queue.ts';
import { AppError, Invalid } from '../../kernel/errors.ts';
import { addDays, addMonths } from '../../kernel/dates.ts';
import { displayYuan } from '../../kernel/money.ts';
import { xlsxCellValue } from '../../kernel/cells.ts';
import { CJK_FONT } from '../evaluation/index.ts';
import { chainHeadAtClose } from '../audit/index.ts';
import { computeKpi, INDICATORS, type Indicator, type KpiRow } from './kpi.ts';
import { forecastZh, proRataTarget } from './pace.ts';
import { cityProgress, PLAN } from './targets.ts';
import { INDICATOR_NAMES } from './reporting.labels.ts';

export const INDICATOR_ZH = Object.fromEntries(INDICATORS.map((i) => [i, INDICATOR_NAMES[i].zh])) as Record<
  Indicator,
  string
>;
const DIMENSION_ZH: Record<string, string> = { sector: '领域', group: '重点群体', key_task: '重点任务' };

export interface MonthlyReport {
  month: string;
  cityCode: string | null;
  scopeName: string;
  monthFrom: string;
  monthTo: string;
  headline: {
    indicator: Indicator;
    month: number;
    cumulative: number;
    target: number;
    proRataTarget: number;
    progress: number;
  }[];
  cities: {
    cityName: string;
    indicator: Indicator;
    actual: number;
    target: number;
    progress: number;
    /** Persons short of the pro-rata target at the month's close (negative: ahead). */
    gap: number;
    reachable: boolean;
    forecastDate: string | null;
    behind: boolean;
    periodEnd: string;
  }[];
  breakdown: { dimension: string; key: string; name: string; indicator: Indicator; value: number }[];
  money: { approvedCount: number; approvedFen: number; paidCount: number; paidFen: number; institutionPaidFen: number };
  integrity: { detector: string; opened: number; confirmed: number }[];
  /** The audit chain's head at the month's close (its daily head), printed so a later cut tail shows against this report. */
  auditHead: { day: string; seq: number; hash: string } | null;
}

/**
 * The monthly report (月报) for the province or one city: the three indicators in the month and
 * cumulative against target, cities' pace, the month's breakdown by sector, group and key task,
 * money approved and paid, integrity cases opened. Numbers come from the same queries as the
 * dashboard and the KPI export, so they agree with every page.
 */
export async function monthlyReport(db: Db, month: string, cityCode: string | null): Promise<MonthlyReport> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new Invalid('BAD_MONTH', '月份格式应为 YYYY-MM', 'month must be YYYY-MM', { field: 'month' });
  const monthFrom = `${month}-01`;
  const lastDay = addDays(addMonths(monthFrom, 1), -1);
  const [name] = cityCode
    ? await db.query<{ name: string }>('SELECT name FROM catalog.cities WHERE code = $1', [cityCode])
    : [{ name: '江苏省' }];
  if (!name)
    throw new Invalid('UNKNOWN_CITY', `城市编码 ${cityCode} 不存在`, `city ${cityCode} does not exist`, {
      field: 'city',
    });
  const inMonth = await computeKpi(db, { from: monthFrom, to: lastDay }, cityCode);
  const cumulative = await computeKpi(db, { from: PLAN.from, to: lastDay }, cityCode);
  const targets = await db.query<{ indicator: Indicator; value: number }>(
    `SELECT indicator, value FROM targets WHERE dimension = $1 AND ($2::text IS NULL OR key = $2)`,
    [cityCode ? 'city' : 'total', cityCode],
  );
  const total = (rows: KpiRow[], ind: Indicator) =>
    rows.find((r) => r.indicator === ind && r.dimension === 'total')?.value ?? 0;
  const headline = INDICATORS.map((indicator) => {
    const target = targets.filter((t) => t.indicator === indicator).reduce((s, t) => s + t.value, 0);
    const due = proRataTarget(target, PLAN.from, PLAN.to, lastDay);
    const cum = total(cumulative, indicator);
    return {
      indicator,
      month: total(inMonth, indicator),
      cumulative: cum,
      target,
      proRataTarget: due,
      progress: due ? Math.round((cum * 1000) / due) / 10 : 0,
    };
  });
  const byCity = new Map<string, Record<Indicator, number>>();
  for (const r of cumulative.filter((k) => k.dimension === 'city')) {
    if (!byCity.has(r.key)) byCity.set(r.key, { subsidized_trainings: 0, new_certificates: 0, new_high_skill: 0 });
    byCity.get(r.key)![r.indicator] = r.value;
  }
  const cities = (await cityProgress(db, lastDay, byCity))
    .filter((c) => !cityCode || c.cityCode === cityCode)
    .map((c) => ({
      cityName: c.cityName,
      indicator: c.indicator,
      actual: c.actual,
      target: c.target,
      progress: Math.round(c.progress * 1000) / 10,
      gap: c.gap,
      reachable: c.reachable,
      forecastDate: c.forecastDate,
      behind: c.behind,
      periodEnd: c.periodEnd,
    }));
  const names = new Map<string, string>();
  for (const r of await db.query<{ k: string; name: string }>(
    `SELECT 'sector:' || code AS k, name FROM catalog.sectors UNION ALL SELECT 'group:' || code, name FROM catalog.target_groups UNION ALL SELECT 'key_task:' || no, title FROM catalog.key_tasks`,
  ))
    names.set(r.k, r.name);
  const breakdown = inMonth
    .filter((r) => r.dimension in DIMENSION_ZH)
    .map((r) => ({
      dimension: DIMENSION_ZH[r.dimension],
      key: r.key,
      name: names.get(`${r.dimension}:${r.key}`) ?? (r.key === 'none' ? '无项目' : r.key),
      indicator: r.indicator,
      value: r.value,
    }));
  const [money] = await db.query<MonthlyReport['money']>(
    `SELECT (SELECT count(*)::int FROM payables WHERE decision = 'approved' AND applied_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR city_code = $3)) AS "approvedCount",
            (SELECT COALESCE(sum(amount_fen), 0)::bigint FROM payables WHERE decision = 'approved' AND applied_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR city_code = $3)) AS "approvedFen",
            (SELECT count(*)::int FROM subsidy.payment_lines l JOIN payables p USING (application_id) WHERE l.status = 'paid' AND (l.settled_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR p.city_code = $3)) AS "paidCount",
            (SELECT COALESCE(sum(l.amount_fen), 0)::bigint FROM subsidy.payment_lines l JOIN payables p USING (application_id) WHERE l.status = 'paid' AND (l.settled_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR p.city_code = $3)) AS "paidFen",
            (SELECT COALESCE(sum(l.amount_fen), 0)::bigint FROM subsidy.payment_lines l JOIN payables p USING (application_id) WHERE l.status = 'paid' AND l.payee_kind = 'institution' AND (l.settled_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR p.city_code = $3)) AS "institutionPaidFen"`,
    [monthFrom, lastDay, cityCode],
  );
  const integrity = await db.query<MonthlyReport['integrity'][number]>(
    `SELECT detector, count(*)::int AS opened, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed FROM integrity.integrity_cases
     WHERE (created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR city_code = $3) GROUP BY detector ORDER BY detector`,
    [monthFrom, lastDay, cityCode],
  );
  const auditHead = await chainHeadAtClose(db, lastDay);
  return {
    month,
    cityCode,
    scopeName: name.name,
    monthFrom,
    monthTo: lastDay,
    headline,
    cities,
    breakdown,
    money: {
      ...money,
      approvedFen: Number(money.approvedFen),
      paidFen: Number(money.paidFen),
      institutionPaidFen: Number(money.institutionPaidFen),
    },
    integrity,
    auditHead,
  };
}

const auditHeadLine = (r: MonthlyReport) =>
  r.auditHead
    ? `审计链头 / audit chain head: seq ${r.auditHead.seq}, hash ${r.auditHead.hash} (${r.auditHead.day})`
    : '审计链头 / audit chain head: —';
const title = (r: MonthlyReport) =>
  `${r.scopeName}职业技能提升行动月报（${r.month.slice(0, 4)}年${Number(r.month.slice(5))}月）`;

/** The report as a workbook: one sheet per section, Chinese headers with English beside. */
export async function monthlyReportXlsx(r: MonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jineng 技能';
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([xlsxCellValue(title(r))]).font = { bold: true, size: 13 };
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row.map(xlsxCellValue)); // names and keys come from imported data
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  };
  sheet(
    '总体 Summary',
    ['指标 Indicator', '本月 Month', '累计 Cumulative', '目标 Target', '按期目标 Pro-rata', '进度% Progress'],
    [
      ...r.headline.map((h) => [
        INDICATOR_ZH[h.indicator],
        h.month,
        h.cumulative,
        h.target,
        h.proRataTarget,
        h.progress,
      ]),
      [],
      [auditHeadLine(r)],
    ],
  );
  sheet(
    '各市 Cities',
    ['城市 City', '指标 Indicator', '累计 Actual', '目标 Target', '进度% Progress', '预计完成 Forecast', '落后 Behind'],
    r.cities.map((c) => [
      c.cityName,
      INDICATOR_ZH[c.indicator],
      c.actual,
      c.target,
      c.progress,
      forecastZh(c),
      c.behind ? '是' : '否',
    ]),
  );
  sheet(
    '分项 Breakdown',
    ['维度 Dimension', '键 Key', '名称 Name', '指标 Indicator', '本月 Month'],
    r.breakdown.map((b) => [b.dimension, b.key, b.name, INDICATOR_ZH[b.indicator], b.value]),
  );
  sheet(
    '资金 Money',
    ['项目 Item', '笔数 Count', '金额（元）Yuan'],
    [
      ['本月批准补贴 approved', r.money.approvedCount, r.money.approvedFen / 100],
      ['本月支付到账 paid', r.money.paidCount, r.money.paidFen / 100],
      ['其中支付机构（项目制）to institutions', null, r.money.institutionPaidFen / 100],
    ],
  );
  sheet(
    '交互比对 Integrity',
    ['检测项 Detector', '新立案 Opened', '已确认 Confirmed'],
    r.integrity.map((i) => [i.detector, i.opened, i.confirmed]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same report as an A4 PDF in Chinese (Noto CJK embedded). */
export async function monthlyReportPdf(r: MonthlyReport): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.file))
    throw new AppError(
      503,
      'FONT_MISSING',
      '服务器缺少中文字体（fonts-noto-cjk），无法生成报告',
      'the server lacks the Chinese font (fonts-noto-cjk) needed for reports',
    );
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title(r), Author: 'Jineng 技能' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', CJK_FONT.file, CJK_FONT.family);
  doc.font('cjk');
  doc.fontSize(18).text(title(r), { align: 'center' });
  doc
    .moveDown(0.3)
    .fontSize(9)
    .fillColor('#666')
    .text(`统计期间 ${r.monthFrom} 至 ${r.monthTo} · 目标期 ${PLAN.from} 至 ${PLAN.to}`, { align: 'center' })
    .fillColor('#000');
  const table = (heading: string, header: string[], rows: (string | number)[][], widths: number[]) => {
    doc.moveDown(0.8).fontSize(12).text(heading, 48);
    doc.moveDown(0.2).fontSize(9);
    for (const row of [header, ...rows]) {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let x = 48;
      row.forEach((cell, i) => {
        doc.text(String(cell), x, y, { width: widths[i] - 4, lineBreak: false });
        x += widths[i];
      });
      doc.moveDown(0.35);
    }
  };
  table(
    '一、目标进度',
    ['指标', '本月', '累计', '目标', '按期目标', '进度%'],
    r.headline.map((h) => [INDICATOR_ZH[h.indicator], h.month, h.cumulative, h.target, h.proRataTarget, h.progress]),
    [120, 60, 80, 80, 80, 60],
  );
  const behind = r.cities.filter((c) => c.behind);
  table(
    '二、各市进度（累计 / 进度%）',
    ['城市', '指标', '累计', '目标', '进度%', '预计完成'],
    r.cities.map((c) => [
      c.cityName,
      INDICATOR_ZH[c.indicator],
      c.actual,
      c.target,
      c.progress,
      c.reachable ? (c.forecastDate ?? '—') : '无法按期完成',
    ]),
    [70, 110, 70, 80, 60, 90],
  );
  doc
    .moveDown(0.4)
    .fontSize(10)
    .text(
      behind.length
        ? `督促提醒：${[...new Set(behind.map((c) => c.cityName))].join('、')} 进度落后于按期目标，按当前速度无法在${PLAN.to.slice(0, 4)}年底完成。`
        : '各市进度均不低于按期目标。',
      48,
    );
  table(
    '三、本月分项',
    ['维度', '名称', '指标', '本月'],
    r.breakdown
      .filter((b) => b.value > 0)
      .map((b) => [b.dimension, b.name.slice(0, 18), INDICATOR_ZH[b.indicator], b.value]),
    [70, 200, 110, 60],
  );
  table(
    '四、补贴资金（不发现金）',
    ['项目', '笔数', '金额'],
    [
      ['本月批准', r.money.approvedCount, displayYuan(r.money.approvedFen)],
      ['本月到账', r.money.paidCount, displayYuan(r.money.paidFen)],
      ['其中支付机构', '—', displayYuan(r.money.institutionPaidFen)],
    ],
    [160, 80, 160],
  );
  table(
    '五、交互比对',
    ['检测项', '新立案', '已确认'],
    r.integrity.map((i) => [i.detector, i.opened, i.confirmed]),
    [220, 80, 80],
  );
  doc.moveDown(0.8).fontSize(7).fillColor('#666').text(auditHeadLine(r), 48).fillColor('#000');
  doc.end();
  return done;
}

/** The kind of queued job that computes a monthly report (`POST /api/reports/monthly/jobs`). */
export const MONTHLY_REPORT_JOB = 'monthly-report';

/** A monthly report on a worker: the report (as `GET /api/reports/monthly` answers it) is the job's output. */
export function monthlyReportJob(db: Db): JobHandler {
  return {
    kind: MONTHLY_REPORT_JOB,
    retryLimit: 2,
    expireInSeconds: 1800,
    run: async (raw, job) => {
      const d = raw as { month: string; city: string | null };
      job.progress({ done: 0, total: 1, unit: 'reports', step: d.city ?? 'province' });
      return monthlyReport(db, d.month, d.city);
    },
  };
}
