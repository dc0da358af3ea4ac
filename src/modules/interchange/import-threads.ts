import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/client.ts';
import { retryTransient } from '../../db/retry.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import type { FileEncoding } from '../../kernel/tabular/decode.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';
import {
  ATTENDANCE_THREAD,
  writeAttendanceCsv,
  type ChunkResult,
  type ChunkTask,
  type ParseSetup,
} from '../training/index.ts';
import type { FileSpec } from './files.ts';
import { countErrors, storeErrors } from './import-errors.ts';
import { importRowRefusal, type ScopeNames } from './interchange.policy.ts';
import { REF_NAMES, RefCache, resolveRefs, type Ref, type RefKind } from './references.ts';

/**
 * The attendance file (nine rows in ten of a province bundle) read by parsing threads: the main
 * thread cuts the file into pieces of whole lines, N threads read and check them (training/attendance-thread.ts:
 * the same CSV reader and row checks as the single-threaded importer) into COPY-ready lines, and
 * the main thread, in file order, looks up their references and COPYs them, one piece a batch.
 * Row errors, counts, idempotence and progress are those of importFile (import-bundle.ts).
 */

/**
 * Where the time of threaded imports went, summed over this process's runs (the import bench
 * prints it): the threads' parsing, and the main thread's waits for a parsed piece (the threads
 * are behind) and for the batch before to be written (the database is behind).
 */
export const threadTimes = { pieces: 0, parseMs: 0, waitParseMs: 0, waitWriteMs: 0 };

/** 512 KiB: about 4,500 attendance rows, near the 5,000-row batch of the single-threaded path. */
const CHUNK_BYTES = 512 << 10;

export interface ThreadOptions {
  /** Threads (default importThreads()). */
  count?: number;
  /** Files from this size on are read by threads (default 8 MiB). */
  minBytes?: number;
  /** Bytes a piece (default 512 KiB). */
  chunkBytes?: number;
}

/**
 * How many parsing threads (JINENG_IMPORT_THREADS; 0 turns them off): one fewer than the cores, at
 * least one, at most four. On 2 cores that is one: two were faster on a loaded machine but peaked at
 * 323 MB RSS, over the 300 MB goal one thread keeps (bench/RESULTS.md, session 5).
 */
export function importThreads(): number {
  const set = process.env.JINENG_IMPORT_THREADS;
  if (set !== undefined && set !== '') return Math.max(0, Number.parseInt(set, 10) || 0);
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Longest line a parsing thread is given (a real attendance row is about 100 bytes). */
const MAX_LINE_BYTES = 1 << 20;

/** Files smaller than this are read on the main thread: starting threads costs more than they save. */
const MIN_BYTES = 8 << 20;

/**
 * Where the data of a file the threads can read begins, or null. Only a CSV file that is plain
 * ASCII (a UTF-8 BOM aside) with no quote anywhere: then every line is a whole record, any cut at a
 * line end is exact and every encoding reads it alike. Anything else takes the main-thread reader.
 */
export async function threadable(
  file: string,
  encoding: FileEncoding | undefined,
  opts: ThreadOptions = {},
): Promise<{ dataStart: number; firstLine: number } | null> {
  if (!file.toLowerCase().endsWith('.csv') || (opts.count ?? importThreads()) === 0) return null;
  if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'gb18030') return null;
  if (fs.statSync(file).size < (opts.minBytes ?? MIN_BYTES)) return null;
  let dataStart = -1;
  let firstLine = 1;
  let sinceNewline = 0; // bytes of the line still open at the end of the last read
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fd.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      let piece = buf.subarray(0, bytesRead);
      if (pos === 0 && piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf) piece = piece.subarray(3);
      if (!isAscii(piece) || piece.indexOf(0x22) >= 0) return null; // native scans: ≈ 1 ms a MB
      // A thread's heap is small (32 MB): a line longer than MAX_LINE_BYTES goes to the main reader,
      // which refuses it as a row like any other. One lastIndexOf per MAX_LINE_BYTES finds such a line.
      let at = 0;
      for (;;) {
        const nl = piece.lastIndexOf(10, at + MAX_LINE_BYTES - sinceNewline);
        if (nl >= at) {
          sinceNewline = 0;
          at = nl + 1;
          continue;
        }
        if (at + MAX_LINE_BYTES - sinceNewline < piece.length) return null;
        sinceNewline += piece.length - at;
        break;
      }
      if (dataStart < 0) {
        // The header is the first line with something on it (csv-lines.ts skips empty lines).
        const base = pos + (bytesRead - piece.length);
        let at = 0;
        for (;;) {
          const nl = piece.indexOf(10, at);
          if (nl < 0) break;
          const line = piece.subarray(at, nl);
          at = nl + 1;
          if (line.length > (line[line.length - 1] === 13 ? 1 : 0)) {
            dataStart = base + at;
            break;
          }
          firstLine++;
        }
        if (dataStart < 0) return null; // no header line in the first piece: leave it to the main thread
        firstLine++; // the header's own line
      }
      pos += bytesRead;
    }
  } finally {
    await fd.close();
  }
  return dataStart < 0 ? null : { dataStart, firstLine };
}

export interface ThreadedImport {
  db: Db;
  spec: FileSpec;
  file: string;
  name: string;
  header: string[];
  today: string;
  vault: PiiVault;
  importer: Actor;
  names?: ScopeNames;
  runId: string;
  /** Counts of the file, updated as batches are written. */
  summary: { rows: number; inserted: number; updated: number; unchanged: number; errors: number };
  /** The file's refused rows not stored yet (report adds to it; a batch's write stores and empties it). */
  fileErrors: RowError[];
  report: (e: RowError) => void;
  all: { errors: RowError[]; errorCount: number };
  onProgress?: (p: { file: string; rows: number; bytesDone: number; bytesTotal: number }) => void;
}

/** Imports the rows of an attendance file `threadable` accepted, from `dataStart` on. */
export async function importThreaded(
  t: ThreadedImport,
  at: { dataStart: number; firstLine: number },
  opts: ThreadOptions = {},
): Promise<void> {
  const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
  const pool = new ParsePool(Math.max(1, opts.count ?? importThreads()), {
    header: t.header,
    today: t.today,
    indexKey: new Uint8Array(t.vault.blindIndexKey()),
  });
  const bytesTotal = fs.statSync(t.file).size;
  const cache = new RefCache();
  // As on the main-thread path: one batch is written while the next one's references are looked up.
  let inflight: Promise<void> = Promise.resolve();
  const take = async (piece: Promise<ChunkResult>, bytesDone: number) => {
    let t0 = performance.now();
    const r = await piece;
    threadTimes.waitParseMs += performance.now() - t0;
    threadTimes.pieces++;
    threadTimes.parseMs += r.ms;
    t.summary.rows += r.rows;
    for (const e of r.errors) t.report({ file: t.name, ...e });
    const checked = checkPiece(t, r, cache);
    checked.catch(() => {}); // awaited in write
    const previous = inflight;
    inflight = write(t, checked, previous);
    inflight.catch(() => {});
    t0 = performance.now();
    await previous;
    threadTimes.waitWriteMs += performance.now() - t0;
    t.onProgress?.({ file: t.name, rows: t.summary.rows, bytesDone, bytesTotal });
  };
  const queued: { piece: Promise<ChunkResult>; end: number }[] = [];
  const fd = await fs.promises.open(t.file, 'r');
  try {
    let pos = at.dataStart;
    let line = at.firstLine;
    let carry = Buffer.alloc(0);
    let seq = 0;
    for (;;) {
      const size = Math.max(chunkBytes, carry.length * 2);
      const buf = Buffer.allocUnsafeSlow(size); // its own ArrayBuffer: moved to the thread, not copied
      carry.copy(buf, 0);
      const { bytesRead } = await fd.read(buf, carry.length, size - carry.length, pos);
      pos += bytesRead;
      const filled = carry.length + bytesRead;
      if (filled === 0) break;
      const eof = bytesRead === 0 || pos >= bytesTotal;
      const cut = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
      if (cut === 0) {
        carry = Buffer.from(buf.subarray(0, filled)); // a line longer than the piece: read more
        continue;
      }
      carry = Buffer.from(buf.subarray(cut, filled));
      const firstLine = line;
      line += countNewlines(buf.subarray(0, cut)); // before the bytes move to the thread
      const piece = pool.parse({ seq: seq++, bytes: buf.buffer, length: cut, firstLine });
      queued.push({ piece, end: pos - carry.length });
      // Two pieces a thread in flight: threads never wait for work, memory stays a few MB.
      if (queued.length >= 2 * pool.size) {
        const next = queued.shift()!;
        await take(next.piece, next.end);
      }
      if (eof) break;
    }
    for (const q of queued.splice(0)) await take(q.piece, q.end);
    await inflight;
  } finally {
    await fd.close();
    await pool.close();
  }
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

interface CheckedPiece {
  csv: string;
  count: number;
}

/**
 * A piece's rows whose session and person exist and that the importer may write (importFile's
 * checkReferences): the piece's distinct sessions and persons are looked up, and when every row
 * passes — nearly always — the thread's COPY text is written as it came.
 */
async function checkPiece(t: ThreadedImport, r: ChunkResult, cache: RefCache): Promise<CheckedPiece> {
  const refs: Ref[] = [];
  for (const key of r.sessionKeys) refs.push({ kind: 'session', key, column: 'session_no' });
  for (const key of r.personKeys) refs.push({ kind: 'person', key, column: 'id_number' });
  const resolved = await resolveRefs(t.db, refs, cache);
  const sessions = r.sessionKeys.map((k) => resolved.get('session')?.get(k));
  const persons = r.personKeys.map((k) => resolved.get('person')?.get(k));
  const everyone = t.importer.role === 'province_admin';
  if (everyone && !sessions.includes(undefined) && !persons.includes(undefined))
    return { csv: r.csv, count: r.lines.length };
  let csv = '';
  let count = 0;
  let from = 0; // the start of the COPY text not yet taken
  for (let i = 0; i < r.lines.length; i++) {
    const session = sessions[r.session[i]];
    const person = persons[r.person[i]];
    const missing: RefKind | null = !session ? 'session' : !person ? 'person' : null;
    let refused = false;
    if (missing) {
      const column = missing === 'session' ? 'session_no' : 'id_number';
      t.report({
        file: t.name,
        line: r.lines[i],
        column,
        value: missing === 'session' ? r.sessionCells[r.session[i]] : r.idCells[r.person[i]],
        reason: `UNKNOWN_${missing.toUpperCase()}`,
        messageZh: `${column}：${REF_NAMES[missing].zh}`,
        messageEn: `${column}: ${REF_NAMES[missing].en}`,
      });
      refused = true;
    } else if (!everyone) {
      const facts = { session: session!, person: person! };
      const refusal = importRowRefusal(
        t.importer,
        t.spec.file,
        null, // attendance rows are events: nothing stored is changed
        t.spec.facts({}, (kind) => facts[kind as 'session' | 'person']),
        t.names,
      );
      if (refusal) {
        t.report({
          file: t.name,
          line: r.lines[i],
          column: refusal.column,
          value: refusal.value,
          reason: 'OUT_OF_SCOPE',
          messageZh: refusal.zh,
          messageEn: refusal.en,
        });
        refused = true;
      }
    }
    const start = i ? r.ends[i - 1] : 0;
    if (refused) {
      csv += r.csv.slice(from, start);
      from = r.ends[i];
    } else count++;
  }
  csv += r.csv.slice(from);
  return { csv, count };
}

async function write(t: ThreadedImport, checked: Promise<CheckedPiece>, previous: Promise<void>): Promise<void> {
  const good = await checked;
  await previous;
  const errors = t.fileErrors.splice(0);
  if (good.count) {
    // A deadlock with a device sending the same events rolls the batch back whole: run it again.
    const counts = await retryTransient(() =>
      t.db.transaction(async (tx) => {
        const c = await writeAttendanceCsv(tx, good.csv, good.count);
        await storeErrors(tx, t.runId, errors);
        return c;
      }),
    );
    t.summary.inserted += counts.inserted;
    t.summary.updated += counts.updated;
    t.summary.unchanged += counts.unchanged;
  } else {
    await storeErrors(t.db, t.runId, errors);
  }
  countErrors(errors, t.all); // only once stored: a retried batch counts its refusals once
}

/** N parsing threads; pieces go round the threads, each thread answers its pieces in order. */
class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: unknown) => void }>();
  private failed: unknown = null;
  constructor(
    readonly size: number,
    setup: ParseSetup,
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(ATTENDANCE_THREAD, {
        workerData: setup,
        // Each thread holds a piece or two: small heaps collect early, so the process stays within its
        // RSS goal (96 MB heaps: 385 MB peak at city scale with two threads).
        resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
      });
      w.on('message', (r: ChunkResult) => {
        this.waiting.get(r.seq)?.resolve(r);
        this.waiting.delete(r.seq);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`解析线程异常退出 / a parsing thread exited (${code})`));
      });
      this.workers.push(w);
    }
  }

  parse(task: ChunkTask): Promise<ChunkResult> {
    if (this.failed) return Promise.reject(this.failed);
    const p = new Promise<ChunkResult>((resolve, reject) => this.waiting.set(task.seq, { resolve, reject }));
    p.catch(() => {}); // awaited in order by the caller
    this.workers[task.seq % this.size].postMessage(task, [task.bytes]);
    return p;
  }

  private fail(e: unknown) {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  async close() {
    this.failed ??= new Error('closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
