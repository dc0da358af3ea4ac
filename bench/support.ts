import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateProvince, type ScaleName } from '../src/synthetic/generate-province.ts';

export const OUT = path.resolve(import.meta.dirname, 'out');

/** The generated bundle for a scale (cached in bench/out, regenerated when missing). */
export async function bundleFor(scale: ScaleName, seed = 2025): Promise<string> {
  const dir = path.join(OUT, `${scale}-${seed}`);
  if (!fs.existsSync(path.join(dir, 'face-templates.csv'))) { // the newest file: older bundles are regenerated
    console.error(`generating ${scale} province (seed ${seed}) …`);
    await generateProvince({ scale, seed, out: dir });
  }
  return dir;
}

export { freshDatabase } from '../test/support/global-setup.ts';

/** Samples this process's RSS; call stop() for the peak in MB. */
export function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return { stop: () => { clearInterval(t); return Math.round(peak / 1e6); } };
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join('/')}`;
}

export function record(line: string) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.appendFileSync(path.join(OUT, 'results.log'), `${new Date().toISOString()} ${line}\n`);
  console.log(line);
}

/** The p-th percentile (nearest rank) of timings in ms. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
