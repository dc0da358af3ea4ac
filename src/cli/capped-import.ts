import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../kernel/context.ts';
import {
  importUpload,
  type ImportJobData,
  type ImportJobOutput,
  type ImportProgress,
  type ImportRunner,
} from '../modules/interchange/index.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/jineng.js');

/** The heap an import may use, in MB: the CLI's cap (bin/jineng.js), JINENG_IMPORT_HEAP_MB overrides it. */
export const importHeapMb = (): number => Number(process.env.JINENG_IMPORT_HEAP_MB) || 192;

/** What the child tells its worker over the IPC channel. */
type ChildMessage =
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'done'; output: ImportJobOutput }
  | { kind: 'failed'; message: string };

/**
 * Runs each queued import in a child process whose heap is capped like `jineng import`'s
 * (`--max-old-space-size`, docs/operations.md § Memory): the worker's own heap stays small, and a
 * large upload makes V8 collect instead of grow. The child reports progress over IPC; if it fails
 * or dies, the attempt fails and the queue retries it (each attempt starts the run over). If the
 * worker dies, the child's IPC channel closes and it exits at once, so a retry never races it.
 */
export function cappedImportRunner(heapMb = importHeapMb()): ImportRunner {
  return (d, progress) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=8', BIN, 'import-job'],
        {
          env: { ...process.env, JINENG_HEAP_CAPPED: String(heapMb), JINENG_IMPORT_JOB: JSON.stringify(d) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      let output: ImportJobOutput | undefined;
      let failure: string | undefined;
      child.on('message', (m: ChildMessage) => {
        if (m.kind === 'progress') progress(m.progress);
        else if (m.kind === 'done') output = m.output;
        else failure = m.message;
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (output && code === 0) resolve(output);
        else
          reject(
            new Error(
              failure ??
                `导入子进程异常退出 / the import process ended (${signal ?? `exit ${code}`}; heap cap ${heapMb} MB)`,
            ),
          );
      });
    });
}

/** The child's side (`jineng import-job`, hidden): imports the job's upload and reports to its worker. */
export async function runImportChild(open: () => Promise<AppContext>): Promise<void> {
  const send = (m: ChildMessage) => new Promise<void>((r) => (process.send ? process.send(m, () => r()) : r()));
  // The worker is gone (killed, or stopped): stop writing now; its job will be retried.
  const orphaned = () => process.exit(1);
  process.once('disconnect', orphaned);
  const d = JSON.parse(process.env.JINENG_IMPORT_JOB ?? 'null') as ImportJobData | null;
  if (!d) throw new Error('JINENG_IMPORT_JOB is not set: this command is run by a worker');
  const ctx = await open();
  try {
    const output = await importUpload(ctx.db, ctx.vault, d, (progress) => void send({ kind: 'progress', progress }));
    await send({ kind: 'done', output });
  } catch (e) {
    await send({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    process.exitCode = 1;
  } finally {
    await ctx.db.close();
    process.off('disconnect', orphaned);
    process.disconnect?.();
  }
}
