// The `quire` CLI transpiled once to JavaScript, for test files that start it as dozens of
// separate processes. `node --import tsx cli/main.ts` pays tsx's loader on every start (about a
// second of CPU: the loader thread, a hook round trip per module, a cache read per file); the
// transpiled tree starts in about half of that. Every verb still runs as its own process.
//
// esbuild (what tsx itself transforms with, same options) writes each module of the entry points'
// import graph as .js into a fresh directory under the checkout's .tmp/ (git-ignored): inside the
// checkout, so bare imports resolve to its node_modules; the same layout, so the files the code
// finds relative to import.meta.url (openapi/, proto/, gateway/console/) are there as symlinks.
// Nothing is cached between test files: each builds its own tree and removes it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Source directories the modules read at run time, relative to their own file (see the top). */
const RESOURCES = ['openapi', 'proto', 'gateway/console'];

export interface CompiledCli {
  /** The build's directory (under the checkout's .tmp/). */
  readonly dir: string;
  /** The compiled `cli/main.ts`: `node <main> <verb> ...` runs what `node --import tsx cli/main.ts <verb> ...` runs. */
  readonly main: string;
  remove(): void;
}

/** Transpiles cli/main.ts with everything it imports. */
export async function compileCli(): Promise<CompiledCli> {
  // The import graph: a bundle pass that writes nothing and lists its inputs (packages stay imports).
  const graph = await build({ entryPoints: [join(root, 'cli', 'main.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', write: false, metafile: true, outdir: 'unused', logLevel: 'silent' });
  const sources = Object.keys(graph.metafile.inputs).map((p) => join(root, p));
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'quire-cli-'));
  try {
    await build({
      entryPoints: sources,
      outdir: dir,
      outbase: root,
      bundle: false,
      platform: 'node',
      format: 'esm',
      // tsx's transform options, so the code runs as it does under tsx.
      target: `node${process.versions.node}`,
      keepNames: true,
      logLevel: 'warning',
    });
    for (const r of RESOURCES) {
      mkdirSync(dirname(join(dir, r)), { recursive: true });
      symlinkSync(join(root, r), join(dir, r));
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const remove = () => rmSync(dir, { recursive: true, force: true });
  // Also gone when the test process ends without its after() hook (a failed before(), an uncaught error).
  process.once('exit', remove);
  return {
    dir,
    main: join(dir, 'cli', 'main.js'),
    remove() {
      process.off('exit', remove);
      remove();
    },
  };
}

export interface CliRun {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

export interface CliRunOptions {
  /** Added to the inherited environment. */
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed (default: nothing). */
  readonly input?: string;
  /** SIGKILL after this long (default 120 s): a hung verb fails its test instead of hanging it. */
  readonly timeoutMs?: number;
}

/**
 * Runs `quire <args>` from the compiled tree as its own process, asynchronously: independent runs
 * can overlap, and servers in the calling process keep serving while one runs.
 */
export function runCli(cli: CompiledCli, args: readonly string[], o: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.main, ...args], { cwd: root, env: { ...process.env, ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out, err });
    });
    // A verb that exits without reading stdin closes the pipe: that is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}
