// Runs one client example as a child process (bounded in time) and returns its last JSON line.
// A missing toolchain is a loud failure naming the install script, never a skip.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ExampleRun {
  readonly summary: Record<string, unknown>;
  readonly stdout: string;
}

export async function runExample(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<ExampleRun> {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });
  clearTimeout(timer);
  if (result.error) {
    throw new Error(`cannot run ${cmd} (${result.error.message}); install the client toolchains: bash scripts/install-client-toolchains.sh`);
  }
  if (result.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.code}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  const last = stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  if (!last) throw new Error(`${cmd} printed no JSON summary\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return { summary: JSON.parse(last) as Record<string, unknown>, stdout };
}

/** The command lines of every example, against a gateway's gRPC target and REST URL. */
export function exampleCommands(grpcTarget: string, restUrl: string): Record<string, { cmd: string; args: string[]; cwd: string }> {
  return {
    'python grpc': { cmd: 'python3', args: ['clients/python/example.py', '--target', grpcTarget], cwd: ROOT },
    'python rest': { cmd: 'python3', args: ['clients/python/rest_example.py', '--url', restUrl], cwd: ROOT },
    go: { cmd: 'go', args: ['run', './examples/ledger', '--target', grpcTarget], cwd: `${ROOT}clients/go` },
    java: { cmd: 'mvn', args: ['-B', '-q', '-Dstyle.color=never', 'compile', 'exec:java', `-Dexec.args=--target ${grpcTarget}`], cwd: `${ROOT}clients/java` },
    typescript: { cmd: process.execPath, args: ['--import', 'tsx', 'clients/typescript/example.ts', '--rest', restUrl, '--grpc', grpcTarget], cwd: ROOT },
  };
}
