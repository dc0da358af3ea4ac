import { toXlsx } from '../../http/xlsx.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { FundCheck } from './reports.ts';

const FINDING_ZH: Record<string, string> = {
  BELOW_FRONT_LINE_SHARE: '一线职工培训占比不足',
  NO_SPENDING: '当年未使用',
};

/** 低于一线占比的企业名单, by department (the sector it answers for), as XLSX. */
export function belowShareXlsx(year: number, funds: FundCheck[], shareBp: number): Promise<Buffer> {
  const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(2)}%`);
  return toXlsx(
    `${year}年一线占比不足企业`,
    [
      ['主管领域 Department (sector)', 'sector'],
      ['企业 Enterprise', 'name'],
      ['统一社会信用代码 Credit code', 'code'],
      ['城市 City', 'city'],
      ['提取额（元）Set aside', 'extracted'],
      ['使用合计（元）Spent', 'spent'],
      ['一线职工培训（元）Front line', 'front'],
      ['一线占比 Share', 'share'],
      [`应不低于 Required`, 'required'],
      ['问题 Finding', 'finding'],
      ['在册职工 Employees on record', 'employees'],
      ['平台培训人数 Trained on the platform', 'trained'],
      ['结业人数 Completed', 'completed'],
    ],
    funds
      .filter((f) => f.finding !== null)
      .map((f) => ({
        sector: f.sectorName,
        name: f.name,
        code: f.enterpriseCode,
        city: f.cityName,
        extracted: formatYuan(f.extractedFen),
        spent: formatYuan(f.spentFen),
        front: formatYuan(f.frontLineFen),
        share: pct(f.frontLineShareBp),
        required: pct(shareBp),
        finding: FINDING_ZH[f.finding!] ?? f.finding,
        employees: f.employeesRecorded,
        trained: f.employeesTrained,
        completed: f.employeesCompleted,
      })),
  );
}
