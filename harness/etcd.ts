// A real etcd server for tests (Debian's etcd-server package, etcd 3.4; scripts/ensure-test-deps.sh
// installs it). One member on free loopback ports with a temporary data dir; stop/start keep the
// data (leases survive a restart, as in production), kill() is SIGKILL. No etcd binary is a loud
// error saying how to get it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './zookeeper.js';

const ETCD_BIN = process.env.QUIRE_ETCD_BIN ?? 'etcd';

export function checkEtcd(): void {
  const r = spawnSync(ETCD_BIN, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`etcd is not installed or not on PATH (bash scripts/ensure-test-deps.sh installs Debian's etcd-server, or apt-get install etcd-server): ${r.error?.message ?? r.stderr}`);
  }
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export interface EtcdServer {
  /** "127.0.0.1:<client port>", as it goes into etcd://<endpoint>/ledgers. */
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  /** SIGTERM, data kept: start() brings the same member back. */
  stop(): Promise<void>;
  /** SIGKILL, data kept. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops and deletes the data dir. */
  destroy(): Promise<void>;
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function waitHealthy(port: number, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`etcd on port ${port} exited (${child.exitCode ?? child.signalCode}); log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd on port ${port} not healthy within ${timeoutMs} ms; log:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : ''}`);
}

/** A single-member etcd on free loopback ports. */
export async function startEtcd(): Promise<EtcdServer> {
  checkEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'quire-etcd-'));
  const port = await freePort();
  const peerPort = await freePort();
  const logFile = join(dir, 'etcd.log');
  const client = `http://127.0.0.1:${port}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'quire-test',
    '--data-dir', join(dir, 'data'),
    '--listen-client-urls', client,
    '--advertise-client-urls', client,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `quire-test=${peer}`,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-level', 'warn',
  ];
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(ETCD_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createWriteStream(logFile, { flags: 'a' });
    c.stdout!.pipe(out);
    c.stderr!.pipe(out);
    children.add(c);
    c.on('exit', () => children.delete(c));
    child = c;
    await waitHealthy(port, c, logFile);
  };
  await start();
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    dataDir: dir,
    start,
    stop: () => stopChild(child, 'SIGTERM'),
    kill: () => stopChild(child, 'SIGKILL'),
    destroy: async () => {
      await stopChild(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
