import { parentPort, workerData } from 'node:worker_threads';
import { BlindIndexer, maskIdNumber } from '../../kernel/pii.ts';
import { csvRecords } from '../../kernel/tabular/csv-lines.ts';
import { tableRow } from '../../kernel/tabular/read-table.ts';
import { RowCheck } from '../../kernel/tabular/row-check.ts';
import { attendanceCsvLine, parseAttendanceRow } from '../training/index.ts';
import type { ChunkResult, ParseSetup, ChunkTask } from './import-threads.ts';

/**
 * A parsing thread: reads pieces of an attendance file (whole lines, plain ASCII without quotes,
 * import-threads.ts) exactly as the single-threaded importer does — the same CSV reader, the same
 * row checks — and hands back COPY-ready lines, the keys to look up and the refused rows.
 */
const setup = workerData as ParseSetup;
const index = new BlindIndexer(Buffer.from(setup.indexKey));

parentPort!.on('message', async (task: ChunkTask) => {
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
});

async function* once(b: Buffer) {
  yield b;
}
