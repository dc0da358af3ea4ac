import fs from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { xlsxCellValue } from '../../kernel/cells.ts';
import { AppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import { CJK_FONT } from '../evaluation/index.ts';
import { INSTITUTION_TYPE_NAMES } from '../registry/index.ts';
import type { collegeSessions, collegesWorkload, collegeWorkload, CollegeYear } from './workload.ts';

type Report = Awaited<ReturnType<typeof collegesWorkload>>;
type Detail = Awaited<ReturnType<typeof collegeWorkload>>;
type Sessions = Awaited<ReturnType<typeof collegeSessions>>;

const typeName = (t: string) => (INSTITUTION_TYPE_NAMES as Record<string, { zh: string }>)[t]?.zh ?? t;
const chinaTime = (d: Date) =>
  new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const SUMMARY_COLUMNS: [string, (c: CollegeYear) => unknown][] = [
  ['院校 College', (c) => c.name],
  ['统一社会信用代码 Credit code', (c) => c.creditCode],
  ['城市 City', (c) => c.cityName],
  ['类型 Type', (c) => typeName(c.type)],
  ['课次 Sessions', (c) => c.sessions],
  ['实际分钟 Minutes', (c) => c.minutes],
  ['课时 Class hours', (c) => c.classHours],
  ['折算工作量（学时）Workload hours', (c) => c.workloadHours],
  ['平台拨付（元）Platform income', (c) => formatYuan(c.platformIncomeFen)],
  ['其他收入（元）Other income', (c) => formatYuan(c.otherIncomeFen)],
  ['成本（元）Costs', (c) => formatYuan(c.costFen)],
  ['净收入（元）Net income', (c) => formatYuan(c.netIncomeFen)],
  ['绩效工资增核上限（元）Performance-pay cap', (c) => formatYuan(c.performancePayCapFen)],
  ['已申报收支 Reported', (c) => (c.reported ? '是' : '否')],
];

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: unknown[][]) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  // Names, titles and teachers come from imported data: every cell through xlsxCellValue (docs/security.md).
  for (const r of rows) ws.addRow(r.map((v) => xlsxCellValue(v ?? '')));
  ws.columns.forEach((c, i) => {
    c.width = Math.max(12, (header[i]?.length ?? 8) + 4);
  });
}

function parametersSheet(wb: ExcelJS.Workbook, params: Report['parameters']) {
  sheet(
    wb,
    '参数',
    ['参数 Parameter', '数值 Value', '单位 Unit', '依据 Source', '出处 Reference'],
    params.map((p) => [p.code, p.value, p.unit, p.sourceZh, p.sourceRef]),
  );
}

/** 教育厅's workbook: every college in scope for the year, and the parameters with their sentences. */
export async function collegesXlsx(r: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jineng 技能';
  sheet(
    wb,
    `${r.year}年院校工作量`,
    SUMMARY_COLUMNS.map(([h]) => h),
    r.colleges.map((c) => SUMMARY_COLUMNS.map(([, f]) => f(c))),
  );
  parametersSheet(wb, r.parameters);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One college's workbook: summary, by course, by teacher, payments, and every session (the figures' source). */
export async function collegeXlsx(d: Detail, sessions: Sessions): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jineng 技能';
  sheet(
    wb,
    '汇总',
    ['项目 Item', '数值 Value'],
    SUMMARY_COLUMNS.map(([h, f]) => [h, f(d.college)]),
  );
  sheet(
    wb,
    '按课程',
    [
      '项目编号 Project',
      '名称 Title',
      '职业 Occupation',
      '等级 Level',
      '课次 Sessions',
      '分钟 Minutes',
      '课时 Class hours',
    ],
    d.byCourse.map((c) => [
      c.projectCode,
      c.title,
      c.occupationName,
      c.levelName ?? '',
      c.sessions,
      c.minutes,
      c.classHours,
    ]),
  );
  sheet(
    wb,
    '按教师',
    ['教师 Teacher', '课次 Sessions', '分钟 Minutes', '课时 Class hours'],
    d.byTeacher.map((t) => [t.teacher ?? '（未登记）', t.sessions, t.minutes, t.classHours]),
  );
  sheet(
    wb,
    '平台拨付',
    ['申领编号 Claim', '项目编号 Project', '金额（元）Amount', '到账时间 Paid at'],
    d.payments.map((p) => [p.claimId, p.projectCode ?? '', formatYuan(p.amountFen), chinaTime(p.settledAt)]),
  );
  sheet(
    wb,
    '课次明细',
    [
      '项目编号 Project',
      '名称 Title',
      '课次 No.',
      '开始 Starts',
      '结束 Ends',
      '教师 Teacher',
      '场所 Site',
      '分钟 Minutes',
      '课时 Class hours',
    ],
    sessions.map((s) => [
      s.projectCode,
      s.title,
      s.sessionNo,
      chinaTime(s.startsAt),
      chinaTime(s.endsAt),
      s.teacher ?? '（未登记）',
      s.siteName ?? '',
      s.minutes,
      s.classHours,
    ]),
  );
  parametersSheet(wb, d.parameters);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One college's report as an A4 PDF in Chinese: the figures, by course, by teacher, and the sentences they rest on. */
export async function collegePdf(d: Detail): Promise<Buffer> {
  if (!fs.existsSync(CJK_FONT.file))
    throw new AppError(
      503,
      'FONT_MISSING',
      '服务器缺少中文字体（fonts-noto-cjk），无法生成报告',
      'the server lacks the Chinese font (fonts-noto-cjk) needed for reports',
    );
  const title = `${d.college.name} ${d.year}年面向社会培训工作量折算及收支`;
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title, Author: 'Jineng 技能' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', CJK_FONT.file, CJK_FONT.family);
  doc.font('cjk');
  doc.fontSize(16).text(title, { align: 'center' });
  const table = (heading: string, rows: unknown[][], widths: number[]) => {
    doc.moveDown(0.8).fontSize(12).text(heading, 48);
    doc.moveDown(0.2).fontSize(9);
    for (const row of rows) {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let x = 48;
      row.forEach((cell, i) => {
        doc.text(String(cell ?? ''), x, y, { width: widths[i]! - 4, lineBreak: false });
        x += widths[i]!;
      });
      doc.moveDown(0.35);
    }
  };
  table(
    '一、汇总',
    SUMMARY_COLUMNS.map(([h, f]) => [h.split(/\s(?=[A-Z])/)[0], f(d.college)]),
    [220, 260],
  );
  table(
    '二、按课程（职业 / 等级）',
    [
      ['项目', '职业', '等级', '课次', '课时'],
      ...d.byCourse.map((c) => [c.projectCode, c.occupationName, c.levelName ?? '—', c.sessions, c.classHours]),
    ],
    [80, 200, 80, 60, 60],
  );
  table(
    '三、按教师',
    [
      ['教师', '课次', '分钟', '课时'],
      ...d.byTeacher.map((t) => [t.teacher ?? '（未登记）', t.sessions, t.minutes, t.classHours]),
    ],
    [200, 80, 80, 80],
  );
  doc.moveDown(0.8).fontSize(12).text('四、依据', 48);
  doc.fontSize(9);
  for (const p of d.parameters)
    doc.text(`${p.code}（${p.value} ${p.unit}）：“${p.sourceZh}”——${p.sourceRef}`, 48, undefined, { width: 500 });
  doc
    .moveDown(0.8)
    .fillColor('#666')
    .text('每项数字可在平台“院校工作量”页面追溯至课次明细；课时按实际上下课时间计。', 48, undefined, { width: 500 });
  doc.end();
  return done;
}
