import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvRecords } from './csv-lines.ts';
import { csvLine } from './csv-write.ts';

async function all(text: string, chunkSize = 7) {
  const chunks = (async function* () {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  })();
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of csvRecords(chunks)) out.push(r);
  return out;
}

describe('the streaming CSV splitter', () => {
  it('splits plain lines, strips a BOM and CRLF, skips blank lines', async () => {
    expect(await all('\ufeffa,b\r\n1,2\r\n\r\n3,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', ''] },
    ]);
  });
  it('handles quotes, doubled quotes and line breaks inside fields, keeping first-line numbers', async () => {
    expect(await all('a,b\n"x, y","say ""hi"""\n"multi\nline",z\nlast,1')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 5, fields: ['last', '1'] },
    ]);
  });
  it('reads a quote inside a cell that does not begin with one as an ordinary character', async () => {
    expect(await all('a,b\n5" pipe,x\nok,y\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" pipe', 'x'] },
      { line: 3, fields: ['ok', 'y'] },
    ]);
  });
  it('refuses a record whose closing quote is followed by other text, at its first line, and reads the lines after it', async () => {
    expect(await all('a,b\n1,"x\n2,y\n3,"z"w\n4,v\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'], problem: { reason: 'UNTERMINATED_QUOTE', field: 1, text: 'x' } },
      { line: 3, fields: ['2', 'y'] },
      { line: 4, fields: ['3'], problem: { reason: 'UNTERMINATED_QUOTE', field: 1, text: 'z' } },
      { line: 5, fields: ['4', 'v'] },
    ]);
  });
  it('refuses, at the end of the file, a quote that never closed, and reads every line after it', async () => {
    expect(await all('a,b\n1,"x\n2,y\n3,z')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'], problem: { reason: 'UNTERMINATED_QUOTE', field: 1, text: 'x' } },
      { line: 3, fields: ['2', 'y'] },
      { line: 4, fields: ['3', 'z'] },
    ]);
  });
  it('agrees with csv-parse on any table written by our CSV writer, whatever the chunking', async () => {
    const cell = fc.string({ maxLength: 6 }).map((s) => s.replace(/\r/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 13 }),
        async (rows, chunk) => {
          const text = rows.map((r) => csvLine(r)).join('');
          const expected = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
          const got = (await all(text, chunk)).map((r) => r.fields);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
