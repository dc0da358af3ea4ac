#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx jineng …` works in a checkout after `npm ci`.
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

// The importer's working set is bounded (batches, capped caches; row errors past 10,000 stay in the
// database), and so is settlement's (two batches of 1,000 persons in flight), so a capped heap makes
// V8 collect instead of grow: peak RSS stays under 300 MB at any size (bench/RESULTS.md). `import`
// and `settle` therefore re-run themselves once with the cap; JINENG_IMPORT_HEAP_MB overrides it.
const capped = ['import', 'settle'].includes(process.argv[2]) && !process.env.JINENG_HEAP_CAPPED;
if (capped) {
  const heap = process.env.JINENG_IMPORT_HEAP_MB ?? '192';
  const child = spawn(process.execPath, [`--max-old-space-size=${heap}`, '--max-semi-space-size=8', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, JINENG_HEAP_CAPPED: heap },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  // A child killed by a signal kills this process the same way: a caller (or a crash test) sees the kill.
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 0);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  register();
  await import('../src/cli/main.ts');
}
