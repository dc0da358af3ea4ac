import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMON_HANZI, encodeGb18030 } from '../../../test/support/gb18030.ts';
import { csvRecords } from './csv-lines.ts';
import { csvField } from './csv-write.ts';
import { openTable, type TableRow } from './read-table.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-table-'));
let n = 0;
function fileOf(bytes: Buffer | string): string {
  const f = path.join(dir, `t${n++}.csv`);
  fs.writeFileSync(f, bytes);
  return f;
}

async function readAll(
  file: string,
  opts: Parameters<typeof openTable>[1] = {},
): Promise<{ header: string[]; rows: TableRow[] }> {
  const t = await openTable(file, opts);
  const rows: TableRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { header: t.header, rows };
}

const PERSONS =
  'id_number,name,city_code\n320102199001011234,张三,320100\n320102199001021234,李四丰,320200\n320102199001031234,"王,五",320300\n';

describe('reading a CSV file', () => {
  it('keeps a three-byte character that a chunk boundary splits, whatever the chunk size', async () => {
    const bytes = Buffer.from('id,name\n1,中文\n2,技能\n');
    const at = bytes.indexOf(Buffer.from('中'));
    const split = (async function* () {
      yield bytes.subarray(0, at + 1);
      yield bytes.subarray(at + 1, at + 2);
      yield bytes.subarray(at + 2);
    })();
    const records = [];
    for await (const r of csvRecords(split)) records.push(r);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', '中文'] },
      { line: 3, fields: ['2', '技能'] },
    ]);
    for (const chunkSize of [at + 1, at + 2, 1, 2, 3, 5, 64]) {
      const { rows } = await readAll(fileOf(bytes), { chunkSize });
      expect(rows, `chunk ${chunkSize}`).toEqual([
        { line: 2, values: { id: '1', name: '中文' } },
        { line: 3, values: { id: '2', name: '技能' } },
      ]);
    }
  });

  it('reads a GB18030 file (as Excel in China saves CSV) exactly as its UTF-8 twin, detected or declared', async () => {
    const utf8 = await readAll(fileOf(PERSONS));
    expect(utf8.rows.map((r) => r.values.name)).toEqual(['张三', '李四丰', '王,五']);
    expect(await readAll(fileOf(encodeGb18030(PERSONS)), { chunkSize: 7 })).toEqual(utf8);
    expect(await readAll(fileOf(encodeGb18030(PERSONS)), { encoding: 'gb18030', chunkSize: 7 })).toEqual(utf8);
    expect(await readAll(fileOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PERSONS)])))).toEqual(utf8);
  });

  it('detects the encoding at the first non-ASCII bytes, however late they come', async () => {
    const ascii = 'id,name\n' + Array.from({ length: 2000 }, (_, i) => `${i},x\n`).join('');
    const { rows } = await readAll(fileOf(Buffer.concat([Buffer.from(ascii), encodeGb18030('2000,张三\n')])), {
      chunkSize: 1024,
    });
    expect(rows.at(-1)).toEqual({ line: 2002, values: { id: '2000', name: '张三' } });
  });

  it('refuses a row with an invalid byte sequence (BAD_ENCODING at its line) and reads the rows around it', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,name\n1,张三\n2,'),
      Buffer.from([0xe5, 0xbc]),
      Buffer.from(',x\n3,李四\n'),
    ]);
    const { rows } = await readAll(fileOf(bytes), { chunkSize: 5 });
    expect(rows.map((r) => [r.line, r.values.name, r.problem?.reason, r.problem?.column])).toEqual([
      [2, '张三', undefined, undefined],
      [3, undefined, 'BAD_ENCODING', 'name'],
      [4, '李四', undefined, undefined],
    ]);
    expect(rows[1].problem!.messageZh).toContain('UTF-8');
    expect(rows[1].problem!.messageEn).toContain('UTF-8');
  });

  it('refuses a row of a GB18030 file with a byte sequence GB18030 does not have', async () => {
    const bytes = Buffer.concat([
      encodeGb18030('id,name\n1,张三\n2,'),
      Buffer.from([0x81]),
      encodeGb18030(',x\n3,李四\n'),
    ]);
    const { rows } = await readAll(fileOf(bytes));
    expect(rows.map((r) => [r.line, r.problem?.reason ?? r.values.name])).toEqual([
      [2, '张三'],
      [3, 'BAD_ENCODING'],
      [4, '李四'],
    ]);
  });

  it('refuses, not garbles, UTF-8 rows later in a file that began in GB18030', async () => {
    const head = encodeGb18030('id,name\n' + Array.from({ length: 50 }, (_, i) => `${i},张三\n`).join(''));
    const { rows } = await readAll(
      fileOf(Buffer.concat([head, Buffer.from('50,李四丰\n51,王五\n'), encodeGb18030('52,赵六\n')])),
      { chunkSize: 64 },
    );
    expect(rows.slice(-3).map((r) => [r.line, r.problem?.reason ?? r.values.name])).toEqual([
      [52, 'BAD_ENCODING'],
      [53, 'BAD_ENCODING'],
      [54, '赵六'],
    ]);
    expect(rows.slice(0, 50).every((r) => r.values.name === '张三')).toBe(true);
  });

  it('reports an unterminated quote at the line it opens and reads on from the next line', async () => {
    const text = 'id,name,city\n1,张三,320100\n2,"李四,320200\n3,王五,320300\n4,"赵\n六",320400\n';
    const { rows } = await readAll(fileOf(text), { chunkSize: 4 });
    expect(rows.map((r) => [r.line, r.problem?.reason ?? r.values.name])).toEqual([
      [2, '张三'],
      [3, 'UNTERMINATED_QUOTE'],
      [4, '王五'],
      [5, '赵\n六'],
    ]);
    expect(rows[1].problem).toMatchObject({ column: 'name', value: '李四,320200' });
  });

  it('gives up on a quote still open after 100 lines: reported at its line, the lines after it read as rows', async () => {
    const body = Array.from({ length: 150 }, (_, i) => `${i + 3},x\n`).join('');
    const { rows } = await readAll(fileOf(`id,name\n1,a\n2,"open\n${body}`));
    expect(rows).toHaveLength(152);
    expect(rows[1]).toMatchObject({ line: 3, problem: { reason: 'UNTERMINATED_QUOTE' } });
    expect(rows.slice(2).map((r) => r.values.id)).toEqual(Array.from({ length: 150 }, (_, i) => String(i + 3)));
  });

  it('masks an ID number inside the value of an unreadable row', async () => {
    const { rows } = await readAll(fileOf('name,id_number\n"张三,320102199001011234\n'));
    expect(rows[0].problem?.value).not.toContain('320102199001011234');
  });
});

describe('the reader on random tables', () => {
  const hanzi = fc.constantFrom(...COMMON_HANZI);
  // Line breaks inside a cell are \n: the reader, like Excel, reads a CRLF inside quotes as \n.
  const char = fc.oneof(hanzi, hanzi, fc.constantFrom(',', '"', '\n', ' ', 'a', 'Z', '1', '.'));
  const cell = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
  const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 });
  const cuts = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 });

  async function records(bytes: Buffer, sizes: number[]) {
    const chunks = (async function* () {
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length];
        yield bytes.subarray(at, at + size);
        at += size;
      }
    })();
    const out: string[][] = [];
    for await (const r of csvRecords(chunks)) {
      expect(r.problem).toBeUndefined();
      out.push(r.fields);
    }
    return out;
  }

  it('returns exactly the rows written, in UTF-8 and in GB18030, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(table, cuts, async (rows, sizes) => {
        const text = rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
        expect(await records(Buffer.from(text), sizes)).toEqual(rows);
        expect(await records(encodeGb18030(text), sizes)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
