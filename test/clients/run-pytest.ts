// Runs the Python SDK's pytest files (clients/python/tests) as a child process against a live
// gateway named in the environment, with the checkout's SDK on PYTHONPATH (no install, no
// bytecode or cache files left in the tree). A failing or skipped Python test fails the node test
// with pytest's own report; a missing python3/pytest names the install script.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './run-example.js';

export const PYTHON_SDK = join(ROOT, 'clients', 'python');

export interface ProcessResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to completion (bounded), collecting stdout and stderr together. */
export async function runProcess(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProcessResult> {
  const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...opts.env } });
  let output = '';
  const take = (d: Buffer) => (output = (output + d.toString()).slice(-64_000));
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });
  clearTimeout(timer);
  if (result.error) throw new Error(`cannot run ${cmd} (${result.error.message}); install the client toolchains: bash scripts/install-client-toolchains.sh`);
  return { code: result.code, output };
}

/** pytest on the given files (relative to clients/python); returns the number of tests passed. */
export async function runPytest(files: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<number> {
  const r = await runProcess('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rfEs', ...files], {
    cwd: PYTHON_SDK,
    env: { ...env, PYTHONPATH: PYTHON_SDK },
    timeoutMs,
  });
  if (r.code !== 0) throw new Error(`pytest ${files.join(' ')} exited with ${r.code}:\n${r.output}`);
  // The last line: "5 passed in 1.18s" (-q), or "=== 1 failed, 4 passed in ... ===".
  const summary = [...r.output.matchAll(/^=*\s*(\d+ \w+.*) in [\d.]+s/gm)].pop()?.[1] ?? '';
  if (/skipped|xfail|deselected/.test(summary)) throw new Error(`pytest skipped tests (${summary}):\n${r.output}`);
  const passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 0);
  if (passed === 0) throw new Error(`pytest ran no tests:\n${r.output}`);
  return passed;
}
