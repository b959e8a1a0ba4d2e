// Progress bars for long transfers (blob put/get) and long admin verbs (decommissionbookie), on
// stderr so stdout stays clean for pipelines. Shown when stderr is a terminal, or always with
// --progress; never with --no-progress or --json.
// cli-progress: the well-kept terminal progress bar for Node (ETA, rate, redraw throttling).
import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';

export interface ProgressFlags {
  readonly progress?: boolean;
  readonly json?: boolean;
}

export function progressWanted(f: ProgressFlags): boolean {
  if (f.json === true || f.progress === false) return false;
  return f.progress === true || process.stderr.isTTY === true;
}

const mib = (n: number): string => (n / (1024 * 1024)).toFixed(1);

/**
 * A pass-through stream that counts bytes into a bar. `total` 0 = unknown (stdin): the bar shows
 * bytes moved only. The bar is drawn on stderr even when it is not a terminal (--progress), one
 * line per redraw, so a log file keeps the history.
 */
export function progressStream(label: string, total: number, enabled: boolean): { stream: Transform; done: () => void } {
  if (!enabled) return { stream: new Transform({ transform: (c, _e, cb) => cb(null, c) }), done: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 1000,
      format: total > 0 ? `${label} [{bar}] {percentage}% | {moved}/{size} MiB | {rate} MiB/s | ETA {eta}s` : `${label} {moved} MiB | {rate} MiB/s`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let moved = 0;
  bar.start(Math.max(total, 1), 0, { moved: '0.0', size: mib(total), rate: '0.0' });
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      moved += chunk.length;
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(total > 0 ? moved : 0, { moved: mib(moved), rate: mib(moved / secs) });
      cb(null, chunk);
    },
  });
  return {
    stream,
    done: () => {
      bar.update(total > 0 ? total : 0, { moved: mib(moved) });
      bar.stop();
    },
  };
}

/** A bar over a count of items (ledgers scanned, segments moved); `update(done, total, note)`. */
export function countBar(label: string, enabled: boolean): { update: (done: number, total: number, note?: string) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 1000, format: `${label} [{bar}] {value}/{total} {note}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, note = '') {
      if (!started) {
        bar.start(Math.max(total, 1), done, { note });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { note });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
