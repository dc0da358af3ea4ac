import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { idCheckChar } from '../src/kernel/identity.ts';
import { encodeGb18030 } from './support/gb18030.ts';
import { testContext } from './support/context.ts';

const HEADER = 'id_number,name,phone,city_code,groups,insured_months,insured_as_of\n';
const idOf = (n: number) => {
  const first = `32010219900101${String(n).padStart(3, '0')}`;
  return first + idCheckChar(first);
};
const person = (n: number, name: string) => `${idOf(n)},${name},13900000000,320100,G2,0,2026-06-30\n`;
const NAMES = ['张三', '李四丰', '欧阳娜娜', '王五', '赵六'];

function bundle(persons: Buffer | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encoding-'));
  fs.writeFileSync(path.join(dir, 'persons.csv'), persons);
  return dir;
}

describe('importing files in other encodings and with broken rows', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
  });
  afterAll(() => ctx.drop());

  const namesOf = async (from: number, to: number) =>
    (
      await ctx.db.query<{ name: string }>('SELECT name FROM persons WHERE person_key = ANY($1) ORDER BY name', [
        Array.from({ length: to - from + 1 }, (_, i) => ctx.vault.blindIndex(idOf(from + i))),
      ])
    ).map((r) => r.name);

  it('imports a GB18030 file (Excel in China) exactly as its UTF-8 twin, detected or declared', async () => {
    const text = HEADER + NAMES.map((n, i) => person(100 + i, n)).join('');
    const gb = await importBundle(ctx.db, bundle(encodeGb18030(text)), { actor: 'test', vault: ctx.vault });
    expect(gb.errorCount).toBe(0);
    expect(gb.files[0].inserted).toBe(5);
    expect(await namesOf(100, 104)).toEqual([...NAMES].sort());
    const utf8 = await importBundle(ctx.db, bundle(text), { actor: 'test', vault: ctx.vault });
    expect(utf8.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 }); // the twin changes nothing
    const declared = await importBundle(
      ctx.db,
      bundle(encodeGb18030(text)),
      { actor: 'test', vault: ctx.vault },
      { encoding: 'gb18030' },
    );
    expect(declared.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
  });

  it('refuses the one row with an invalid byte sequence (BAD_ENCODING) and imports the others', async () => {
    const bytes = Buffer.concat([
      Buffer.from(HEADER + person(200, '张三') + `${idOf(201)},`),
      Buffer.from([0xe5, 0xbc]),
      Buffer.from(',13900000000,320100,G2,0,2026-06-30\n' + person(202, '李四')),
    ]);
    const r = await importBundle(ctx.db, bundle(bytes), { actor: 'test', vault: ctx.vault });
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([[3, 'name', 'BAD_ENCODING']]);
    expect(r.errors[0].messageZh).toMatch(/UTF-8/);
    expect(r.files[0].inserted).toBe(2);
    expect(await namesOf(200, 202)).toEqual(['张三', '李四']);
  });

  it('refuses a row whose quote never closes at its line, imports the rows before and after it', async () => {
    const text =
      HEADER +
      person(300, '张三') +
      `${idOf(301)},"李四,13900000000,320100,G2,0,2026-06-30\n` +
      person(302, '王五') +
      person(303, '赵六');
    const r = await importBundle(ctx.db, bundle(text), { actor: 'test', vault: ctx.vault });
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([[3, 'name', 'UNTERMINATED_QUOTE']]);
    expect(r.files[0]).toMatchObject({ rows: 4, inserted: 3, errors: 1 });
    expect(await namesOf(300, 303)).toEqual(['张三', '王五', '赵六'].sort());
  });

  it('stores a 10 MB bad cell as at most 200 characters and an ellipsis', async () => {
    const huge = '长'.repeat((10 * 1024 * 1024) / 3);
    const r = await importBundle(ctx.db, bundle(HEADER + person(400, huge) + person(401, '张三')), {
      actor: 'test',
      vault: ctx.vault,
    });
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([[2, 'name', 'TOO_LONG']]);
    expect(r.errors[0].value).toBe('长'.repeat(200) + '…');
    const [stored] = await ctx.db.query<{ value: string; bytes: number }>(
      'SELECT value, octet_length(value)::int AS bytes FROM import_errors WHERE run_id = $1',
      [r.runId],
    );
    expect(stored.value).toBe('长'.repeat(200) + '…');
    expect(stored.bytes).toBeLessThan(1000);
  });

  it('keeps ID numbers masked in the value of a refused unreadable row', async () => {
    const r = await importBundle(ctx.db, bundle(HEADER + `"${idOf(500)},张三,13900000000,320100,G2,0,2026-06-30\n`), {
      actor: 'test',
      vault: ctx.vault,
    });
    expect(r.errors.map((e) => e.reason)).toEqual(['UNTERMINATED_QUOTE']);
    const stored = await ctx.db.query<{ value: string }>('SELECT value FROM import_errors WHERE run_id = $1', [
      r.runId,
    ]);
    expect(JSON.stringify([r.errors, stored])).not.toContain(idOf(500));
  });
});
