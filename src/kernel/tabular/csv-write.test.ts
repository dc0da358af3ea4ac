import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { copyCsvLine, csvLine, errorReportCsv } from './csv-write.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;
const cells = (text: string) => parse(text, { relax_column_count: true }) as string[][];

describe('CSV written for people (formula injection)', () => {
  it('neutralises a text cell starting with = + - @, tab or CR with a leading apostrophe', () => {
    const evil = [
      '=HYPERLINK("http://evil.example","点我")',
      "+1+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1',
      '\r=1',
    ];
    expect(cells(csvLine(evil))[0]).toEqual(evil.map((v) => `'${v}`));
  });

  it('leaves plain numbers, negative amounts and ordinary text as they are', () => {
    const fine = [-12.5, '-12.50', '+3', '42', 0, '0.00', '张三', 'a=b', '2025-03-01T08:30:00+08:00', "'=already", ''];
    expect(cells(csvLine(fine))[0]).toEqual(fine.map(String));
  });

  it('writes data for COPY exactly as it is', () => {
    expect(cells(copyCsvLine(['=1+2', '-x']))[0]).toEqual(['=1+2', '-x']);
  });

  it('neutralises a malicious value in the import error report, keeping its line number', () => {
    const report = errorReportCsv([
      {
        file: 'persons.csv',
        line: 7,
        column: 'name',
        value: '=HYPERLINK("http://evil.example","x")',
        reason: 'TOO_LONG',
        messageZh: '名字太长',
        messageEn: 'too long',
      },
    ]);
    expect(cells(report)[1]).toEqual([
      'persons.csv',
      '7',
      'name',
      `'=HYPERLINK("http://evil.example","x")`,
      'TOO_LONG',
      '名字太长',
      'too long',
    ]);
  });

  it('for any string: the cell read back never starts a formula unless it is a plain number, and is the string or the string after one apostrophe', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.constantFrom(...TRIGGERS), fc.string()).map(([t, s]) => t + s),
      fc.double({ noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(text, fc.integer(), (s, n) => {
        const [cell, number] = cells(csvLine([s, n]))[0] ?? [''];
        expect(number).toBe(String(n));
        if (TRIGGERS.includes(cell.charAt(0))) expect(cell).toMatch(PLAIN_NUMBER);
        expect(cell === s || cell === `'${s}`).toBe(true);
        if (cell !== s) expect(TRIGGERS.includes(s.charAt(0)) && !PLAIN_NUMBER.test(s)).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
