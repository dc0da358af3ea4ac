#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx jineng …` works in a checkout after `npm ci`.
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

// The importer's working set is bounded (batches, capped caches; row errors past 10,000 stay in the
// database), so a capped heap makes V8 collect instead of grow: peak RSS stays under 300 MB at any
// file size (bench/RESULTS.md). `import` therefore re-runs itself once with the cap;
// JINENG_IMPORT_HEAP_MB overrides it.
const capped = process.argv[2] === 'import' && !process.env.JINENG_HEAP_CAPPED;
if (capped) {
  const heap = process.env.JINENG_IMPORT_HEAP_MB ?? '192';
  const child = spawn(process.execPath, [`--max-old-space-size=${heap}`, '--max-semi-space-size=8', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, JINENG_HEAP_CAPPED: heap },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  register();
  await import('../src/cli/main.ts');
}
