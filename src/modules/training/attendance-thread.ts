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

/**
 * A piece read and checked, in a form cheap to hand to the main thread (structured clone copies
 * typed arrays as bytes, and one string in one go): the good rows' COPY lines as one string, and
 * per good row its line, where its COPY line ends, and which of the piece's distinct sessions and
 * persons it names (persons repeat row after row: each is looked up and checked once a piece).
 */
export interface ChunkResult {
  seq: number;
  rows: number;
  /** The good rows' COPY lines (attendanceCsvLine), in file order. */
  csv: string;
  /** Per good row: its line in the file. */
  lines: Uint32Array;
  /** Per good row: where its COPY line ends in `csv` (UTF-16 offset; the file is ASCII). */
  ends: Uint32Array;
  /** Per good row: its session, an index into `sessionKeys`. */
  session: Uint32Array;
  /** Per good row: its person, an index into `personKeys`. */
  person: Uint32Array;
  /** The piece's distinct sessions as looked up (`project#no`), and the session_no cell an error shows. */
  sessionKeys: string[];
  sessionCells: string[];
  /** The piece's distinct persons (blind index), and the ID number as an error shows it (masked). */
  personKeys: string[];
  idCells: string[];
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
  const errors: Omit<RowError, 'file'>[] = [];
  const lines: number[] = [];
  const ends: number[] = [];
  const session: number[] = [];
  const person: number[] = [];
  // Distinct by the cells as written: an error shows the cell of its own row, whatever another row wrote.
  const sessionAt = new Map<string, number>();
  const sessionKeys: string[] = [];
  const sessionCells: string[] = [];
  const personAt = new Map<string, number>();
  const personKeys: string[] = [];
  const idCells: string[] = [];
  let csv = '';
  let rows = 0;
  const bytes = Buffer.from(task.bytes, 0, task.length);
  for await (const rec of csvRecords(once(bytes), {
    encoding: 'utf-8',
    firstLine: task.firstLine,
  })) {
    rows++;
    const row = tableRow(setup.header, rec);
    const check = new RowCheck(row.values, setup.today);
    if (row.problem) check.refuse(row.problem);
    const data = parseAttendanceRow(check, index);
    if (check.error) {
      errors.push({ line: row.line, ...check.error });
      continue;
    }
    const sessionCell = row.values.session_no ?? '';
    const s = `${data.project_code}#${sessionCell}`;
    let si = sessionAt.get(s);
    if (si === undefined) {
      si = sessionKeys.length;
      sessionAt.set(s, si);
      sessionKeys.push(`${data.project_code}#${data.session_no}`);
      sessionCells.push(sessionCell);
    }
    const idCell = row.values.id_number ?? '';
    let pi = personAt.get(idCell);
    if (pi === undefined) {
      pi = personKeys.length;
      personAt.set(idCell, pi);
      personKeys.push(data.person_key as string);
      idCells.push(maskIdNumber(idCell));
    }
    csv += attendanceCsvLine(data);
    lines.push(row.line);
    ends.push(csv.length);
    session.push(si);
    person.push(pi);
  }
  const out: ChunkResult = {
    seq: task.seq,
    rows,
    csv,
    lines: Uint32Array.from(lines),
    ends: Uint32Array.from(ends),
    session: Uint32Array.from(session),
    person: Uint32Array.from(person),
    sessionKeys,
    sessionCells,
    personKeys,
    idCells,
    errors,
    ms: performance.now() - t0,
  };
  parentPort!.postMessage(out); // typed arrays clone as a copy of their bytes
}

async function* once(b: Buffer) {
  yield b;
}
