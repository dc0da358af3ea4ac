import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import { retryTransient } from '../../db/retry.ts';
import { BULK_ROWS, refreshStatistics } from '../../db/statistics.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import { SYSTEM_PROVINCE, type Actor } from '../../kernel/auth.ts';
import { maskIdNumber, type PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { catalogNames, loadReferenceCodes } from '../catalog/index.ts';
import { FILE_SPECS, type FileContext, type FileSpec, type ParsedRow } from './files.ts';
import { carrierKeys, mayTagWithCarrier, programmeCodes, tagsProjects } from '../programmes/index.ts';
import { openTable } from '../../kernel/tabular/read-table.ts';
import {
  fileRefusal,
  importRowRefusal,
  mayImportFile,
  type ScopeNames,
  type StoredFacts,
} from './interchange.policy.ts';
import { REF_NAMES, RefCache, resolveRefs, type RefKind } from './references.ts';
import { RowCheck, clipRowError, clipText, type RowError } from '../../kernel/tabular/row-check.ts';
import { ERRORS_IN_MEMORY, countErrors, storeErrors } from './import-errors.ts';
import { importThreaded, threadable, type ThreadOptions } from './import-threads.ts';
import type { FileEncoding } from '../../kernel/tabular/decode.ts';

interface Pending {
  line: number;
  values: Record<string, string>;
  parsed: ParsedRow;
}

export interface ImportOptions {
  /** The audit name of who imports. */
  actor: string;
  vault: PiiVault;
  /**
   * Whose scope every row must lie in, before and after its change (interchange.policy.ts): a city
   * officer's or a department's upload. Unset: the province's authority (the CLI, the demo).
   */
  importer?: Actor;
  clock?: Clock;
  batchSize?: number;
  /** Called as rows are read: file, rows done in this file, bytes read of the file / total. */
  onProgress?: (p: ImportProgress) => void;
  /** The run to record under (a job created beforehand); a new one otherwise. */
  runId?: string;
  /** How parsing threads read the attendance file (import-threads.ts); tests make the pieces small. */
  threads?: ThreadOptions;
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: number;
  warnings: string[];
}

export interface ImportResult {
  runId: string;
  files: FileSummary[];
  /** The first ERRORS_IN_MEMORY row errors; all of them are in `import_errors` (run_id). */
  errors: RowError[];
  errorCount: number;
}

export { ERRORS_IN_MEMORY };

/** A file to import; `encoding` when its encoding is declared rather than detected (CSV only). */
export interface ImportFile {
  spec: FileSpec;
  path: string;
  encoding?: FileEncoding;
}

/** Finds the files of a bundle in standard order, CSV or XLSX. */
export function bundleFiles(dir: string, read: { encoding?: FileEncoding } = {}): ImportFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new Error(`数据包目录不存在 / bundle folder not found: ${dir}`);
  const out: ImportFile[] = [];
  for (const spec of FILE_SPECS) {
    for (const ext of ['.csv', '.xlsx']) {
      const p = path.join(dir, spec.file + ext);
      if (fs.existsSync(p)) out.push({ spec, path: p, encoding: read.encoding });
    }
  }
  return out;
}

/**
 * Imports an interchange bundle (interchange.md § Import rules): every file streamed in batches,
 * each batch one transaction, bad rows reported and skipped, good rows upserted. Idempotent:
 * importing the same bundle again writes nothing. `read.encoding` declares the CSV files' encoding.
 */
export async function importBundle(
  db: Db,
  dir: string,
  opts: ImportOptions,
  read: { encoding?: FileEncoding } = {},
): Promise<ImportResult> {
  return importFiles(db, bundleFiles(dir, read), path.basename(path.resolve(dir)), opts);
}

export async function importFiles(
  db: Db,
  files: ImportFile[],
  source: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const clock = opts.clock ?? systemClock;
  const runId = opts.runId ?? newId();
  if (!opts.runId) {
    await db.query(`INSERT INTO import_runs (id, source, actor, status, started_at) VALUES ($1,$2,$3,'running',$4)`, [
      runId,
      source,
      opts.actor,
      clock.now(),
    ]);
  }
  const ref = await loadReferenceCodes(db);
  const programmes = await programmeCodes(db);
  const carriers = await carrierKeys(db);
  const importer = opts.importer ?? SYSTEM_PROVINCE;
  // A department's refusals name sectors and key tasks in words (loaded once per run, only for departments).
  const names = opts.importer?.role === 'department_officer' ? await catalogNames(db) : undefined;
  const today = chinaDate(clock.now());
  const result: ImportResult = { runId, files: [], errors: [], errorCount: 0 };
  try {
    for (const f of files) {
      const summary = await importFile(
        db,
        f.spec,
        f.path,
        {
          ...opts,
          today,
          runId,
          ctx: {
            ref,
            vault: opts.vault,
            programmes,
            tagsProjects: tagsProjects(importer),
            carriers,
            tagsWithCarrierOf: (city) => mayTagWithCarrier(importer, city),
          },
          encoding: f.encoding,
          names,
        },
        result,
      );
      result.files.push(summary);
      await db.query(`UPDATE import_runs SET summary = $2 WHERE id = $1`, [
        runId,
        JSON.stringify({ files: result.files }),
      ]);
    }
    // Statistics for the tables this load changed in bulk (per table: a small file of a big bundle needs none).
    const bulk = files
      .map((f, i) => ({
        table: f.spec.file === 'shortage' ? 'shortage_list' : f.spec.file,
        rows: result.files[i].inserted + result.files[i].updated,
      }))
      .filter((w) => w.rows >= BULK_ROWS);
    await refreshStatistics(
      db,
      bulk.map((w) => w.table),
      bulk.reduce((n, w) => n + w.rows, 0),
    );
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE import_runs SET status = 'done', finished_at = $2, summary = $3 WHERE id = $1`, [
        runId,
        clock.now(),
        JSON.stringify({ files: result.files, errors: result.errorCount }),
      ]);
      await recordAudit(
        tx,
        [
          {
            actor: opts.actor,
            action: 'import.run',
            entity: 'import_run',
            entityId: runId,
            after: { source, files: result.files.map(({ warnings: _w, ...s }) => s) },
          },
        ],
        clock,
      );
    });
  } catch (e) {
    await db
      .query(`UPDATE import_runs SET status = 'failed', finished_at = $2 WHERE id = $1`, [runId, clock.now()])
      .catch(() => {});
    throw e;
  }
  return result;
}

async function importFile(
  db: Db,
  spec: FileSpec,
  file: string,
  o: ImportOptions & {
    today: string;
    runId: string;
    ctx: FileContext;
    encoding?: FileEncoding;
    names?: ScopeNames;
  },
  all: Pick<ImportResult, 'errors' | 'errorCount'>,
): Promise<FileSummary> {
  const name = path.basename(file);
  const summary: FileSummary = { file: name, rows: 0, inserted: 0, updated: 0, unchanged: 0, errors: 0, warnings: [] };
  const bytesTotal = fs.statSync(file).size;
  const rowBytes = bytesPerRow(file, bytesTotal);
  const fileErrors: RowError[] = [];
  const report = (e: RowError) => {
    fileErrors.push(clipRowError(e)); // a 10 MB cell is kept, stored and reported as ≤ 200 characters
    summary.errors++;
  };
  const importer = o.importer ?? SYSTEM_PROVINCE;
  if (!mayImportFile(importer, spec.file)) {
    const why = fileRefusal(name);
    report({
      file: name,
      line: 1,
      column: '',
      value: '',
      reason: 'OUT_OF_SCOPE',
      messageZh: why.zh,
      messageEn: why.en,
    });
    await storeErrors(db, o.runId, fileErrors);
    countErrors(fileErrors, all);
    return summary;
  }
  const table = await openTable(file, { encoding: o.encoding });

  const missing = spec.columns.filter((c) => !table.header.includes(c));
  const unknown = table.header.filter((h) => !spec.columns.includes(h));
  if (unknown.length)
    summary.warnings.push(`未知列已忽略 / unknown columns ignored: ${unknown.map((h) => clipText(h, 50)).join(', ')}`);
  // Optional columns may be absent; only a missing key or required column stops the file.
  const required = spec.columns.filter((c) => !OPTIONAL_COLUMNS.has(`${spec.file}.${c}`));
  const missingRequired = missing.filter((c) => required.includes(c));
  if (missingRequired.length) {
    report({
      file: name,
      line: 1,
      column: missingRequired[0],
      value: '',
      reason: 'MISSING_COLUMN',
      messageZh: `缺少必需的列：${missingRequired.join(', ')}，整个文件未导入`,
      messageEn: `missing required columns: ${missingRequired.join(', ')}; the file was not imported`,
    });
    await storeErrors(db, o.runId, fileErrors);
    countErrors(fileErrors, all);
    return summary;
  }

  // The attendance file, when plain enough to cut at any line end, is read by parsing threads.
  const cut = spec.file === 'attendance' ? await threadable(file, o.encoding, o.threads) : null;
  if (cut) {
    await importThreaded(
      {
        db,
        spec,
        file,
        name,
        header: table.header,
        today: o.today,
        vault: o.vault,
        importer,
        names: o.names,
        runId: o.runId,
        summary,
        fileErrors,
        report,
        all,
        onProgress: o.onProgress,
      },
      cut,
      o.threads,
    );
    table.close?.();
    return summary;
  }

  // 5,000 rows: fewer round trips and commits (1.3× the rows/s of 2,000 at city scale), still a bounded heap.
  const batchSize = o.batchSize ?? 5000;
  const refCache = new RefCache();
  let batch: Pending[] = [];
  // One batch is written while the next is read and checked: the database and the parser
  // work at the same time (on PostgreSQL they are two processes, two cores).
  let inflight: Promise<void> = Promise.resolve();
  const write = async (checked: Promise<Pending[]>, previous: Promise<void>) => {
    const good = await checked;
    await previous;
    const errors = fileErrors.splice(0);
    if (good.length) {
      // A deadlock with a device sending the same events rolls the batch back whole: run it again.
      const counts = await retryTransient(() =>
        db.transaction(async (tx) => {
          const c = await spec.write(
            tx,
            good.map((g) => g.parsed.data),
            o.actor,
          );
          await storeErrors(tx, o.runId, errors);
          return c;
        }),
      );
      summary.inserted += counts.inserted;
      summary.updated += counts.updated;
      summary.unchanged += counts.unchanged;
    } else {
      await storeErrors(db, o.runId, errors);
    }
    countErrors(errors, all); // only once stored: a retried batch counts its refusals once
  };
  // A batch's references are looked up while the batch before it is written (another pooled
  // connection): no file refers to rows of its own, so the earlier batch cannot change the answer.
  const flush = async () => {
    const current = batch;
    batch = [];
    const checked = checkReferences(db, spec, name, current, { importer, names: o.names }, report, refCache);
    checked.catch(() => {}); // awaited in write
    const previous = inflight;
    inflight = write(checked, previous);
    inflight.catch(() => {}); // awaited below; avoid an unhandled rejection in between
    await previous; // at most one batch waits behind the one being written
  };

  for await (const row of table.rows) {
    summary.rows++;
    const check = new RowCheck(row.values, o.today);
    if (row.problem) check.refuse(row.problem); // undecodable bytes or an unclosed quote (read-table.ts)
    const parsed = spec.parse(check, o.ctx);
    if (check.error) report({ file: name, line: row.line, ...check.error });
    else batch.push({ line: row.line, values: row.values, parsed });
    if (batch.length >= batchSize) await flush();
    if (summary.rows % 1000 === 0) {
      await yieldToIo(); // lets the in-flight batch's database replies through
      o.onProgress?.({
        file: name,
        rows: summary.rows,
        bytesDone: Math.min(bytesTotal, Math.round(summary.rows * rowBytes)),
        bytesTotal,
      });
    }
  }
  await flush();
  await inflight;
  o.onProgress?.({ file: name, rows: summary.rows, bytesDone: bytesTotal, bytesTotal });
  return summary;
}

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

const OPTIONAL_COLUMNS = new Set([
  'institutions.listed_from',
  'institutions.blacklisted_from',
  'persons.phone',
  'persons.groups',
  'persons.insured_months',
  'persons.insured_as_of',
  'projects.level',
  'projects.key_task',
  'projects.fee_per_person',
  'projects.programmes',
  'projects.carriers',
  'sessions.site_lat',
  'sessions.site_lon',
  'attendance.face_score',
  'attendance.lat',
  'attendance.lon',
  'attendance.device_id',
  'certificates.level',
  'certificates.project_code',
  'employment.end_date',
  'employment.contract_months',
  'applications.project_code',
  'shortage.valid_to',
]);

// Progress counts rows (cheap); bytes are estimated from the average row size of the file's first 64 KiB.
function bytesPerRow(file: string, total: number): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(Math.min(total, 65536));
  fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  return buf.length / Math.max(1, buf.toString('utf8').split('\n').length);
}

/**
 * Drops rows whose references point nowhere, or that the importer may not write: each row must lie
 * in the importer's scope as stored now and as it will be (interchange.policy.ts).
 */
async function checkReferences(
  db: Db,
  spec: FileSpec,
  file: string,
  rows: Pending[],
  { importer, names }: { importer: Actor; names?: ScopeNames },
  report: (e: RowError) => void,
  cache: RefCache,
): Promise<Pending[]> {
  const [resolved, stored] = await Promise.all([
    resolveRefs(
      db,
      rows.flatMap((r) => r.parsed.refs),
      cache,
    ),
    storedFacts(db, spec, rows, importer),
  ]);
  const good: Pending[] = [];
  for (const r of rows) {
    const missing = r.parsed.refs.find((x) => !resolved.get(x.kind)?.has(x.key));
    if (missing) {
      const raw = r.values[missing.column] ?? '';
      const names = REF_NAMES[missing.kind];
      report({
        file,
        line: r.line,
        column: missing.column,
        value: missing.column.endsWith('id_number') ? maskIdNumber(raw) : raw,
        reason: `UNKNOWN_${missing.kind.toUpperCase()}`,
        messageZh: `${missing.column}：${names.zh}`,
        messageEn: `${missing.column}: ${names.en}`,
      });
      continue;
    }
    if (importer.role !== 'province_admin') {
      const via = (kind: RefKind) => resolved.get(kind)!.get(r.parsed.refs.find((x) => x.kind === kind)!.key)!;
      const before = spec.stored ? (stored.get(spec.stored.key(r.parsed.data)) ?? null) : null;
      const refusal = importRowRefusal(importer, spec.file, before, spec.facts(r.parsed.data, via), names);
      if (refusal) {
        report({
          file,
          line: r.line,
          column: refusal.column,
          value: refusal.value,
          reason: 'OUT_OF_SCOPE',
          messageZh: refusal.zh,
          messageEn: refusal.en,
        });
        continue;
      }
    }
    good.push(r);
  }
  return good;
}

/** Where the records a batch would change lie now (only needed when the importer is not the province). */
async function storedFacts(
  db: Db,
  spec: FileSpec,
  rows: Pending[],
  importer: Actor,
): Promise<Map<string, StoredFacts>> {
  if (importer.role === 'province_admin' || !spec.stored || rows.length === 0) return new Map();
  const { sql, key } = spec.stored;
  const found = await db.query<StoredFacts & { k: string }>(sql, [rows.map((r) => key(r.parsed.data))]);
  return new Map(found.map(({ k, ...facts }) => [k, facts]));
}
