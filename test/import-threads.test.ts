import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { importBundle, type ImportResult } from '../src/modules/interchange/index.ts';
import { threadable } from '../src/modules/interchange/import-threads.ts';
import { eventCsvLine } from '../src/db/copy-events.ts';
import { ATTENDANCE_COLUMNS, attendanceCsvLine } from '../src/modules/training/index.ts';
import { testContext } from './support/context.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../demo/small/bundle');
// Threads on the example's attendance file, cut into 4 KiB pieces (≈ 35 rows): many piece boundaries.
const THREADED = { count: 2, minBytes: 0, chunkBytes: 4096 };
const SERIAL = { count: 0 };

/** The example bundle with an attendance file full of what the importer must refuse or get right. */
function bundleWithBadAttendance(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threads-'));
  for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
  const file = path.join(dir, 'attendance.csv');
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const good = lines[10].split(',');
  const variant = (i: number, v: string) => good.map((c, j) => (j === i ? v : c)).join(',');
  const bad = [
    variant(1, '999'), // unknown session
    variant(2, withCheckDigit('11010119900307777')), // a valid ID of nobody registered
    variant(2, '12345'), // not an ID number
    variant(3, 'yesterday'), // not a time
    variant(7, '91'), // latitude out of range
    variant(5, 'pigeon'), // unknown method
    good.slice(0, 4).join(','), // too few cells
    '',
    `${lines[20]}\r`, // a CRLF line
    variant(9, 'D'.repeat(6000)), // a line longer than a piece
  ];
  // Bad rows spread through the file, so they fall in different pieces and both threads.
  const out = [header];
  lines.forEach((l, i) => {
    out.push(l);
    if (i % 400 === 7) out.push(bad[(i / 400) | 0] ?? bad[0]);
  });
  fs.writeFileSync(file, `${out.join('\n')}\n${lines[30]}`); // the last line without a line end
  return dir;
}

/** An 18-character ID number: 17 digits and their ISO 7064 check character. */
function withCheckDigit(d17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...d17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return d17 + '10X98765432'[sum % 11];
}

const byLine = (r: ImportResult) => r.errors.filter((e) => e.file === 'attendance.csv').sort((a, b) => a.line - b.line);
const summary = (r: ImportResult) => r.files.find((f) => f.file === 'attendance.csv');

describe('the attendance file read by parsing threads', () => {
  let serial: Awaited<ReturnType<typeof testContext>>;
  let threaded: Awaited<ReturnType<typeof testContext>>;
  let dir: string;
  let a: ImportResult;
  let b: ImportResult;
  beforeAll(async () => {
    dir = bundleWithBadAttendance();
    serial = await testContext();
    threaded = await testContext();
    a = await importBundle(serial.db, dir, { actor: 'test', vault: serial.vault, threads: SERIAL });
    b = await importBundle(threaded.db, dir, { actor: 'test', vault: threaded.vault, threads: THREADED });
  }, 120_000);
  afterAll(async () => {
    await serial.drop();
    await threaded.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (ctx: typeof serial) =>
    (
      await ctx.db.query<{ n: number; digest: string }>(
        `SELECT count(*)::int AS n, md5(string_agg(a::text, '|' ORDER BY a::text)) AS digest
         FROM (SELECT project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id FROM attendance) a`,
      )
    )[0];

  it('refuses the same rows, on the same lines, with the same words as the main-thread reader', () => {
    expect(byLine(a).length).toBeGreaterThanOrEqual(8);
    expect(byLine(b)).toEqual(byLine(a));
    expect(new Set(byLine(a).map((e) => e.reason))).toEqual(
      new Set([
        'UNKNOWN_SESSION',
        'UNKNOWN_PERSON',
        'ID_FORMAT',
        'BAD_TIMESTAMP',
        'OUT_OF_RANGE',
        'UNKNOWN_CODE',
        'REQUIRED',
      ]),
    );
    expect(summary(b)).toEqual(summary(a));
  });

  it('stores the same events', async () => {
    const [x, y] = [await stored(serial), await stored(threaded)];
    expect(y).toEqual(x);
    expect(x.n).toBe(summary(a)!.inserted);
  });

  it('a rerun writes nothing and refuses the same rows again', async () => {
    const again = await importBundle(threaded.db, dir, { actor: 'test', vault: threaded.vault, threads: THREADED });
    const first = summary(b)!;
    expect(summary(again)).toMatchObject({
      inserted: 0,
      unchanged: first.inserted + first.unchanged,
      errors: first.errors,
    });
    expect(byLine(again)).toEqual(byLine(b));
    expect(await stored(threaded)).toEqual(await stored(serial));
  }, 60_000);

  it('a city officer’s import: the same out-of-scope refusals either way', async () => {
    const nanjing: Actor = {
      userId: 'nanjing',
      username: 'nanjing',
      displayName: 'nanjing',
      role: 'city_officer',
      cityCode: '320100',
      institutionCode: null,
      enterpriseCode: null,
      personKey: null,
      sectors: [],
      keyTasks: [],
    };
    const only = fs.mkdtempSync(path.join(os.tmpdir(), 'threads-scope-'));
    fs.copyFileSync(path.join(dir, 'attendance.csv'), path.join(only, 'attendance.csv'));
    const opts = { actor: 'city_officer:nanjing', importer: nanjing };
    const x = await importBundle(serial.db, only, { ...opts, vault: serial.vault, threads: SERIAL });
    const y = await importBundle(threaded.db, only, { ...opts, vault: threaded.vault, threads: THREADED });
    expect(byLine(x).some((e) => e.reason === 'OUT_OF_SCOPE')).toBe(true);
    expect(byLine(y)).toEqual(byLine(x));
    expect(summary(y)).toEqual(summary(x));
    fs.rmSync(only, { recursive: true, force: true });
  }, 60_000);

  /** An attendance-only bundle of `lines` (the data rows) under the bad bundle's header. */
  const attendanceOnly = (lines: string[]): string => {
    const only = fs.mkdtempSync(path.join(os.tmpdir(), 'threads-only-'));
    const [header] = fs.readFileSync(path.join(dir, 'attendance.csv'), 'utf8').split('\n');
    fs.writeFileSync(path.join(only, 'attendance.csv'), `${[header, ...lines].join('\n')}\n`);
    return only;
  };
  const exampleRows = () =>
    fs.readFileSync(path.join(EXAMPLE, 'attendance.csv'), 'utf8').trimEnd().split('\n').slice(1);

  it('a file holding the same event twice: the optimistic COPY falls back, counts stay exact', async () => {
    const rows = exampleRows();
    // One duplicate next to its twin (the same piece), one 300 lines on (another piece, another thread).
    const lines = [...rows.slice(0, 11), rows[10], ...rows.slice(11, 350), rows[50], ...rows.slice(350)];
    const only = attendanceOnly(lines);
    const counts = [];
    for (const [ctx, threads] of [
      [serial, SERIAL],
      [threaded, THREADED],
    ] as const) {
      await ctx.db.exec('DELETE FROM attendance');
      const r = await importBundle(ctx.db, only, { actor: 'test', vault: ctx.vault, threads });
      counts.push(summary(r));
      expect(byLine(r)).toEqual([]);
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[1]).toMatchObject({ rows: rows.length + 2, inserted: rows.length, unchanged: 2, errors: 0 });
    expect(await stored(threaded)).toEqual(await stored(serial));
    expect((await stored(threaded)).n).toBe(rows.length);
    fs.rmSync(only, { recursive: true, force: true });
  }, 120_000);

  it('a partial rerun: the rows already stored are found unchanged, the rest inserted', async () => {
    // After the test above both databases hold the example's events; take out those after a date.
    const cut = '2025-07-01T00:00:00+08:00';
    const only = attendanceOnly(exampleRows());
    const counts = [];
    for (const [ctx, threads] of [
      [serial, SERIAL],
      [threaded, THREADED],
    ] as const) {
      const [{ n }] = await ctx.db.query<{ n: number }>(
        'WITH d AS (DELETE FROM attendance WHERE check_in_at >= $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
        [cut],
      );
      expect(n).toBeGreaterThan(100);
      const r = await importBundle(ctx.db, only, { actor: 'test', vault: ctx.vault, threads });
      expect(summary(r)).toMatchObject({ inserted: n, unchanged: exampleRows().length - n, errors: 0 });
      counts.push(summary(r));
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(await stored(threaded)).toEqual(await stored(serial));
    fs.rmSync(only, { recursive: true, force: true });
  }, 120_000);

  it('writes each event as the generic COPY writer does', () => {
    const base = {
      project_code: 'P000001',
      session_no: 3,
      person_key: 'abc-_DEF',
      check_in_at: new Date('2025-03-01T08:30:00+08:00'),
      check_out_at: new Date('2025-03-01T11:30:05.250+08:00'),
      method: 'face_terminal',
      face_score: 0.875,
      lat: 32.05,
      lon: -118.78,
      device_id: 'T-1',
    };
    for (const d of [
      base,
      { ...base, face_score: null, lat: null, lon: null, device_id: null },
      { ...base, face_score: 0, lat: 1e-7, device_id: 'a,"b"\r\nc' },
    ])
      expect(attendanceCsvLine(d)).toBe(eventCsvLine(ATTENDANCE_COLUMNS, d));
  });

  it('leaves a file with a quote or a non-ASCII byte to the main-thread reader', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threads-plain-')), 'attendance.csv');
    const text = fs.readFileSync(path.join(dir, 'attendance.csv'), 'utf8');
    fs.writeFileSync(f, `\uFEFF${text}`);
    expect(await threadable(f, undefined, { minBytes: 0 })).toEqual({
      dataStart: text.indexOf('\n') + 4,
      firstLine: 2,
    });
    fs.writeFileSync(f, `${text}P1,1,"x",2026-01-01T08:00:00+08:00\n`);
    expect(await threadable(f, undefined, { minBytes: 0 })).toBeNull();
    fs.writeFileSync(f, `${text}P1,1,终端\n`);
    expect(await threadable(f, undefined, { minBytes: 0 })).toBeNull();
    expect(await threadable(f, undefined, { count: 0, minBytes: 0 })).toBeNull();
  });

  it('leaves a file with a line over 1 MiB to the main-thread reader (a thread heap is 32 MB)', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threads-long-')), 'attendance.csv');
    const read = fs.readFileSync(path.join(dir, 'attendance.csv'), 'utf8');
    const text = read.endsWith('\n') ? read : `${read}\n`;
    fs.writeFileSync(f, `${text}${'x'.repeat(1 << 20)}\n`);
    expect(await threadable(f, undefined, { minBytes: 0 })).not.toBeNull(); // exactly 1 MiB and its newline
    // A longer line, crossing the scanner's 4 MiB reads, wherever it falls in the file.
    for (const before of [0, (1 << 20) - 40]) {
      fs.writeFileSync(
        f,
        `${text}${'y,1\n'.repeat(before)}${'x'.repeat((1 << 20) + 1)}\n${text.slice(text.indexOf('\n') + 1)}`,
      );
      expect(await threadable(f, undefined, { minBytes: 0 })).toBeNull();
    }
  });
});
