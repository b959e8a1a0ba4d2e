// Runs test/interop/java/.../JavaClientDriver.java — Apache BookKeeper's own Java client driven by
// the interop tests — compiled with javac against the Maven Central jars, once per source version.
// A test file starts one driver JVM (startJavaDriver, the driver's `serve` mode) and sends it every
// scenario: a JVM start and BookKeeper's class loading cost seconds each, and every scenario still
// builds its own Java clients from scratch. write-hold (killed mid-stream) runs alone
// (javaDriverArgs).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { SHORT_JVM_FLAGS } from '../../harness/jvm-flags.js';
import { JAR_DIR, JAVA_DIR } from '../../harness/zookeeper.js';

const SOURCES = join(JAVA_DIR, 'src', 'main', 'java', 'dev', 'quire', 'interop');

export type DriverEvent = Record<string, string | number | boolean>;

/**
 * Compiles test/interop/java/src/.../<name>.java into target/classes-<name>-<hash> and returns that
 * directory. The hash covers the source and the jar names, so an edited source (or another pom)
 * gets a fresh build while every later test file reuses it; checkouts sharing one target/ never
 * see each other's versions. Built under a temporary name and renamed, so a reader never sees a
 * half-written directory.
 */
export function compileJavaClass(name: string): string {
  const source = join(SOURCES, `${name}.java`);
  const hash = createHash('sha256').update(readFileSync(source)).update(readdirSync(JAR_DIR).sort().join('\n')).digest('hex').slice(0, 16);
  const classes = join(JAVA_DIR, 'target', `classes-${name}-${hash}`);
  if (existsSync(classes)) return classes;
  const tmp = `${classes}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('javac', [...SHORT_JVM_FLAGS.map((f) => `-J${f}`), '-d', tmp, '-cp', `${JAR_DIR}/*`, source], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`javac ${basename(source)} failed (need JDK 17+ and the jars from scripts/ensure-java-deps.sh):\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  }
  try {
    renameSync(tmp, classes);
  } catch (e) {
    // Another test process built the same version first: use its output.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(classes)) throw e;
  }
  return classes;
}

/** The java command line that runs the driver with `args` (compiling it first if needed). */
export function javaDriverArgs(args: string[]): string[] {
  return [...SHORT_JVM_FLAGS, '-cp', `${compileJavaClass('JavaClientDriver')}:${JAR_DIR}/*`, 'dev.quire.interop.JavaClientDriver', ...args];
}

export interface DriverRunOptions {
  /** Extra ClientConfiguration properties file for this command (QUIRE_CLIENT_CONF), e.g. TLS keys. */
  readonly clientConf?: string;
  /** Bound on the command; past it the JVM is killed (the next command starts another). */
  readonly timeoutMs?: number;
}

export interface JavaDriver {
  /** Runs one driver command; resolves with its JSON events, rejects with the Java error and output on failure. */
  run(args: string[], options?: DriverRunOptions): Promise<DriverEvent[]>;
  /** Ends the JVM (end of input, then the clients' closes) and waits for it. */
  close(): Promise<void>;
}

interface Pending {
  readonly events: DriverEvent[];
  readonly log: string[];
  finish(err?: Error): void;
}

/** The stdout/stderr lines kept per command for failure messages (bounded). */
const LOG_LINES = 400;
/** How long close() lets the JVM finish its clients' closes before killing it. */
const CLOSE_MS = 30_000;

/** A driver JVM in serve mode; commands run one at a time, in the order given. */
export function startJavaDriver(): JavaDriver {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let current: Pending | undefined;
  let stderr: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const keep = (buf: string[], line: string) => {
    buf.push(line);
    if (buf.length > LOG_LINES) buf.shift();
  };

  const launch = (): ChildProcess => {
    const c = spawn('java', javaDriverArgs(['serve']), { stdio: ['pipe', 'pipe', 'pipe'] });
    // A dead JVM fails the command through 'exit'; the write that hit it needs no second report.
    c.stdin!.on('error', () => undefined);
    stderr = [];
    createInterface({ input: c.stdout! }).on('line', (line) => {
      const p = current;
      if (!p) return;
      if (!line.startsWith('{')) return keep(p.log, line);
      const e = JSON.parse(line) as DriverEvent;
      if (e.event !== 'done') return void p.events.push(e);
      p.finish(e.ok === true ? undefined : new Error(`failed: ${String(e.error)}`));
    });
    createInterface({ input: c.stderr! }).on('line', (line) => keep(stderr, line));
    exited = new Promise((resolve) =>
      c.once('exit', (code, signal) => {
        if (child === c) child = undefined;
        current?.finish(new Error(`the driver JVM exited (${code ?? signal})`));
        resolve();
      }),
    );
    return c;
  };

  const runOne = (args: string[], options: DriverRunOptions): Promise<DriverEvent[]> => {
    if (args.some((a) => /[\t\n]/.test(a)) || /[\t\n]/.test(options.clientConf ?? '')) throw new Error('driver arguments may not hold tabs or newlines');
    const c = (child ??= launch());
    const timeoutMs = options.timeoutMs ?? 120_000;
    return new Promise<DriverEvent[]>((resolve, reject) => {
      const p: Pending = {
        events: [],
        log: [],
        finish(err) {
          if (current !== p) return;
          current = undefined;
          clearTimeout(timer);
          if (!err) return resolve(p.events);
          const events = p.events.map((e) => JSON.stringify(e)).join('\n');
          reject(new Error(`JavaClientDriver ${args.join(' ')} ${err.message}\nevents:\n${events}\nstdout:\n${p.log.join('\n')}\nstderr (tail):\n${stderr.join('\n').slice(-6000)}`));
        },
      };
      current = p;
      const timer = setTimeout(() => {
        p.finish(new Error(`timed out after ${timeoutMs} ms`));
        c.kill('SIGKILL');
      }, timeoutMs);
      c.stdin!.write([options.clientConf ?? '', ...args].join('\t') + '\n');
    });
  };

  // Started now, so the JVM starts while the test brings its cluster up.
  child = launch();
  return {
    run(args, options = {}) {
      const result = queue.then(() => runOne(args, options));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      const c = child;
      if (!c) return;
      c.stdin!.end();
      // The JVM closes the last clients and exits; bounded, since a test's after() must end.
      const timer = setTimeout(() => c.kill('SIGKILL'), CLOSE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
