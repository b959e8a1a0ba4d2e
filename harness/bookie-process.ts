// Starts `quire bookie` as a child process (through tsx, so no build is needed) and waits for its
// "bookie-started" line. Used by crash tests: kill -9 is only honest against a separate process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = fileURLToPath(new URL('../', import.meta.url));
// From source (tests) run cli/main.ts through tsx; from dist/ (benchmarks) run the compiled CLI.
const compiled = import.meta.url.endsWith('.js');
const cliArgs = compiled ? ['cli/main.js'] : ['--import', 'tsx', 'cli/main.ts'];

/** bin/quire's default BOOKIE_GC_OPTS, read from the script itself so the two cannot differ. */
export function defaultBookieGcOpts(): string {
  const m = /^DEFAULT_BOOKIE_GC_OPTS="([^"]*)"$/m.exec(readFileSync(join(root, compiled ? '..' : '.', 'bin', 'quire'), 'utf8'));
  if (!m) throw new Error('bin/quire has no DEFAULT_BOOKIE_GC_OPTS="..." line');
  return m[1]!;
}

/**
 * Node flags for bookie processes: the V8 flags `bin/quire bookie` runs with (BOOKIE_GC_OPTS, its
 * default unless set; empty for V8's defaults), then QUIRE_BOOKIE_NODE_ARGS, e.g. "--cpu-prof" to
 * profile a benchmark.
 */
function nodeArgs(): string[] {
  const flags = `${process.env.BOOKIE_GC_OPTS ?? defaultBookieGcOpts()} ${process.env.QUIRE_BOOKIE_NODE_ARGS ?? ''}`;
  return flags.split(' ').filter((a) => a !== '');
}

export interface BookieProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly bookieId: string;
  readonly httpPort: number | undefined;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** The last 64 KiB of the process's stdout (its JSON log lines), for tests that check a log. */
  stdoutTail(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `entry`: another script that takes `quire bookie`'s arguments and prints the same start line
 * (chaos/fault-bookie.ts, a bookie with injectable faults); default the CLI. A `.js` entry runs
 * without tsx: e.g. harness/compiled-cli.ts's `main`, with `bookie` as the first argument.
 */
export async function startBookieProcess(args: string[], env: Record<string, string> = {}, startTimeoutMs = 30_000, entry?: string): Promise<BookieProcess> {
  const command = entry === undefined ? [...cliArgs, 'bookie'] : compiled || entry.endsWith('.js') ? [entry.replace(/\.ts$/, '.js')] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, [...nodeArgs(), ...command, ...args], {
    cwd: root,
    env: { ...process.env, QUIRE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout = (stdout + d.toString()).slice(-64 * 1024);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = await new Promise<{ port: number; bookieId: string; httpPort: number | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running: its pipes would keep the test process alive after the test.
      child.kill('SIGKILL');
      reject(new Error(`bookie did not start in ${startTimeoutMs} ms; stderr:\n${stderr}`));
    }, startTimeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string; port?: number; bookieId?: string; httpPort?: number };
        if (ev.event === 'bookie-started') {
          clearTimeout(timer);
          resolve({ port: ev.port!, bookieId: ev.bookieId!, httpPort: ev.httpPort });
        }
      } catch {
        // not a JSON line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      // The bookie logs to stdout (JSON lines): its last lines say why it stopped.
      reject(new Error(`bookie exited with ${code} before starting; stderr:\n${stderr}\nstdout (last lines):\n${stdout.split('\n').slice(-6).join('\n')}`));
    });
  });
  return {
    child,
    ...started,
    exited,
    stdoutTail: () => stdout,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A bookie's /metrics (httpServerEnabled) as `name{labels}` → value, e.g. `x_count{success="true"}`. */
export async function scrapeBookieMetrics(httpPort: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (m) out.set(m[1]! + (m[2] ?? ''), Number(m[3]));
  }
  return out;
}

/** Resident set size of a process now (Linux: VmRSS in /proc/<pid>/status), in bytes. */
export function rssBytesOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

/**
 * Starts `n` bookie processes side by side (argsOf(i) for the i-th) — their start-ups overlap, so
 * a test's cluster is up sooner. Each is pushed onto `into` as soon as it is up, so the caller's
 * cleanup also stops those that started when another one failed.
 */
export async function startBookieProcesses(n: number, argsOf: (i: number) => string[], into: BookieProcess[], env: Record<string, string> = {}, startTimeoutMs = 120_000): Promise<BookieProcess[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const b = await startBookieProcess(argsOf(i), env, startTimeoutMs);
      into.push(b);
      return b;
    }),
  );
}
