import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain periodic lines when output is not a TTY (CI, logs). */
export function progressBar(label: string) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} {bar} {percentage}% | {value}/{total} {unit}`, hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(value: number, total: number, unit = '') {
        if (!started) {
          bar.start(total, value, { unit });
          started = true;
        }
        bar.setTotal(total);
        bar.update(value, { unit });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(value: number, total: number, unit = '') {
      if (Date.now() - last < 2000 && value < total) return;
      last = Date.now();
      process.stderr.write(`${label} ${value}/${total} ${unit}\n`);
    },
    stop() {},
  };
}
