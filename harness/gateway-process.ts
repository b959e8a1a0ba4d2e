// `quire gateway` and `quire shell metaformat` as child processes (through tsx from source, the
// compiled CLI from dist/), for the process-level clusters: scripts/cluster.ts and chaos/.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly id: string;
  readonly restPort: number;
  readonly grpcPort: number;
}

// From source run cli/main.ts through tsx; from dist/ (benchmarks) run the compiled CLI.
const compiled = import.meta.url.endsWith('.js');

function nodeCli(args: string[], nodeArgs: readonly string[] = []): string[] {
  return [...nodeArgs, ...(compiled ? [args[0]!.replace(/\.ts$/, '.js'), ...args.slice(1)] : ['--import', 'tsx', ...args])];
}

/** Runs `quire shell metaformat` as its own process, as an operator would. */
export async function metaformat(uri: string, timeoutMs: number): Promise<void> {
  const child = spawn(process.execPath, nodeCli(['cli/main.ts', 'shell', 'metaformat', '--metadataServiceUri', uri]), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`quire shell metaformat failed (exit ${code}):\n${out}`);
}

/**
 * A gateway process: `quire gateway` (REST + gRPC) on free ports; `env` adds to the inherited
 * environment, `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS does not take).
 */
export async function startGatewayProcess(uri: string, id: string, timeoutMs: number, extraArgs: readonly string[] = [], env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<GatewayProcess> {
  const child = spawn(process.execPath, nodeCli(['cli/main.ts', 'gateway', '--metadata-service-uri', uri, '--gateway-id', id, '--host', '127.0.0.1', '--rest-port', '0', '--grpc-port', '0', '--peer-port', '0', ...extraArgs], nodeArgs), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUIRE_LOG_LEVEL: process.env.QUIRE_LOG_LEVEL ?? 'warn', ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const started = await new Promise<{ restPort: number; grpcPort: number }>((resolvePorts, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway ${id} did not start within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string; restPort?: number; grpcPort?: number };
        if (ev.event === 'gateway-started') {
          clearTimeout(timer);
          resolvePorts({ restPort: ev.restPort!, grpcPort: ev.grpcPort! });
        }
      } catch {
        // a log line, not ours
      }
    });
    void exited.then((c) => {
      clearTimeout(timer);
      reject(new Error(`gateway ${id} exited with ${c} before starting; stderr:\n${stderr}`));
    });
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  return { child, id, ...started };
}

/** Polls /readyz until 200 (metadata session up, bookies writable), bounded. */
export async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
      last = `${r.status} ${await r.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

