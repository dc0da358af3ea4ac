import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { toXlsx } from './xlsx.ts';
import { monthlyReportXlsx, type MonthlyReport } from '../modules/reporting/monthly-report.ts';

async function sheetCells(buffer: Buffer, sheet = 1): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: ExcelJS.Cell[] = [];
  wb.worksheets[sheet - 1].eachRow((row) => row.eachCell((c) => out.push(c)));
  return out;
}

describe('XLSX written for people (formula injection)', () => {
  it('keeps a text cell starting with = as neutralised text, never a formula; numbers stay numbers', async () => {
    const buffer = await toXlsx(
      't',
      [
        ['名 Name', 'name'],
        ['额 Amount', 'amount'],
        ['文 Text', 'text'],
        ['对象 Object', 'obj'],
      ],
      [
        { name: '=HYPERLINK("http://evil.example","点我")', amount: -12.5, text: '-12.50', obj: { formula: 'A1*2' } },
        { name: '@SUM(A1)', amount: 3, text: '张三', obj: null },
      ],
    );
    const cells = await sheetCells(buffer);
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const values = cells.slice(4).map((c) => c.value);
    expect(values).toEqual([
      `'=HYPERLINK("http://evil.example","点我")`,
      -12.5,
      '-12.50',
      '{"formula":"A1*2"}',
      `'@SUM(A1)`,
      3,
      '张三',
      '',
    ]);
  });

  it('neutralises names and keys of the monthly report workbook', async () => {
    const report: MonthlyReport = {
      month: '2026-11',
      cityCode: null,
      scopeName: '江苏省',
      monthFrom: '2026-11-01',
      monthTo: '2026-11-30',
      headline: [],
      cities: [
        {
          cityName: '=1+1',
          indicator: 'subsidized_trainings',
          actual: 5,
          target: 10,
          progress: -50,
          gap: 3,
          reachable: false,
          forecastDate: null,
          behind: true,
          periodEnd: '2027-12-31',
        },
      ],
      breakdown: [{ dimension: 'group', key: '+G1', name: '@x', indicator: 'subsidized_trainings', value: 2 }],
      money: { approvedCount: 0, approvedFen: 0, paidCount: 0, paidFen: 0, institutionPaidFen: 0 },
      integrity: [],
      auditHead: null,
    };
    const buffer = await monthlyReportXlsx(report);
    const cities = (await sheetCells(buffer, 2)).map((c) => c.value);
    expect(cities).toContain("'=1+1");
    expect(cities).toContain(-50);
    const breakdown = (await sheetCells(buffer, 3)).map((c) => c.value);
    expect(breakdown).toEqual(expect.arrayContaining(["'+G1", "'@x", 2]));
  });
});
