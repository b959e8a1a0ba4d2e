// Runs test/interop/java/.../JavaClientDriver.java — Apache BookKeeper's own Java client driven by
// the interop tests — compiled once with javac against the Maven Central jars.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { JAR_DIR, JAVA_DIR } from '../../harness/zookeeper.js';

export const DRIVER_CLASSES = join(JAVA_DIR, 'target', 'quire-client-classes');
const SOURCE = join(JAVA_DIR, 'src', 'main', 'java', 'dev', 'quire', 'interop', 'JavaClientDriver.java');

export type DriverEvent = Record<string, string | number | boolean>;

export function compileJavaDriver(): void {
  mkdirSync(DRIVER_CLASSES, { recursive: true });
  const r = spawnSync('javac', ['-d', DRIVER_CLASSES, '-cp', `${JAR_DIR}/*`, SOURCE], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`javac failed (need JDK 17+ and the jars from scripts/ensure-java-deps.sh):\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
}

/** The java command line that runs the driver with `args`. */
export function javaDriverArgs(args: string[]): string[] {
  return ['-cp', `${DRIVER_CLASSES}:${JAR_DIR}/*`, 'dev.quire.interop.JavaClientDriver', ...args];
}

/** Runs the driver to completion; resolves with its JSON events, rejects with its output on failure. */
export function runJavaDriver(args: string[], timeoutMs = 120_000, env: Record<string, string> = {}): Promise<DriverEvent[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', javaDriverArgs(args), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-20000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as DriverEvent);
      if (code === 0) resolve(events);
      else reject(new Error(`JavaClientDriver ${args.join(' ')} exited ${code}\nstdout:\n${out}\nstderr (tail):\n${err.slice(-6000)}`));
    });
  });
}
