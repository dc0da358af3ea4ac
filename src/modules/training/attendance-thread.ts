import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BlindIndexer, maskIdNumber } from '../../kernel/pii.ts';
import { csvRecords } from '../../kernel/tabular/csv-lines.ts';
import { tableRow } from '../../kernel/tabular/table-row.ts';
import { RowCheck } from '../../kernel/tabular/row-check.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';
import { attendanceCsvLine, parseAttendanceRow } from './attendance-row.ts';

/**
 * A parsing thread: reads pieces of an attendance file (whole lines, plain ASCII without quotes,
 * interchange/import-threads.ts) exactly as the single-threaded importer does — the same CSV reader, the same
 * row checks — and hands back COPY-ready lines, the keys to look up and the refused rows.
 */
/** What every parsing thread is told once. */
export interface ParseSetup {
  header: string[];
  today: string;
  /** The blind index's key (PiiVault.blindIndexKey): threads compute person keys, nothing else. */
  indexKey: Uint8Array;
}

/** A piece of the file: whole lines, the first of them `firstLine`. */
export interface ChunkTask {
  seq: number;
  bytes: ArrayBuffer;
  length: number;
  firstLine: number;
}

/** A piece read and checked: per good row its line, look-up keys, the cells an error would show, its COPY line. */
export interface ChunkResult {
  seq: number;
  rows: number;
  lines: number[];
  sessions: string[];
  persons: string[];
  sessionCells: string[];
  /** The ID number masked: it is only shown, in an UNKNOWN_PERSON error. */
  idCells: string[];
  csv: string[];
  errors: Omit<RowError, 'file'>[];
  /** The thread's time on this piece. */
  ms: number;
}

/** The thread's entry, for `new Worker` (a .mjs that registers the TypeScript loader first). */
export const ATTENDANCE_THREAD = new URL('./attendance-thread.mjs', import.meta.url);

// Imported on the main thread for its types and entry only; works on a parsing thread.
if (!isMainThread) {
  const setup = workerData as ParseSetup;
  const index = new BlindIndexer(Buffer.from(setup.indexKey));
  parentPort!.on('message', (task: ChunkTask) => void parsePiece(task, setup, index));
}

async function parsePiece(task: ChunkTask, setup: ParseSetup, index: BlindIndexer): Promise<void> {
  const t0 = performance.now();
  const out: ChunkResult = {
    seq: task.seq,
    rows: 0,
    lines: [],
    sessions: [],
    persons: [],
    sessionCells: [],
    idCells: [],
    csv: [],
    errors: [],
    ms: 0,
  };
  const bytes = Buffer.from(task.bytes, 0, task.length);
  for await (const rec of csvRecords(once(bytes), {
    encoding: 'utf-8',
    firstLine: task.firstLine,
  })) {
    out.rows++;
    const row = tableRow(setup.header, rec);
    const check = new RowCheck(row.values, setup.today);
    if (row.problem) check.refuse(row.problem);
    const data = parseAttendanceRow(check, index);
    if (check.error) {
      out.errors.push({ line: row.line, ...check.error });
      continue;
    }
    out.lines.push(row.line);
    out.sessions.push(`${data.project_code}#${data.session_no}`);
    out.persons.push(data.person_key as string);
    out.sessionCells.push(row.values.session_no ?? '');
    out.idCells.push(maskIdNumber(row.values.id_number ?? ''));
    out.csv.push(attendanceCsvLine(data));
  }
  out.ms = performance.now() - t0;
  parentPort!.postMessage(out);
}

async function* once(b: Buffer) {
  yield b;
}
