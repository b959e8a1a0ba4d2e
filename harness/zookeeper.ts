// Real Apache ZooKeeper servers for tests (ZooKeeper 3.9.3 from the jars Maven put in
// test/interop/java/target/lib). A single server, or a 3-server ensemble whose leader can be
// found (4lw `srvr` → "Mode: leader") and killed. Servers bind to loopback on free ports with
// temporary data dirs. No Java or no jars is a loud error saying how to get them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHORT_JVM_FLAGS } from './jvm-flags.js';

// From dist/ (benchmarks) the Java project still lives in the source tree.
export const JAVA_DIR = fileURLToPath(new URL('../test/interop/java/', import.meta.url)).replace('/dist/test/', '/test/');
export const JAR_DIR = join(JAVA_DIR, 'target', 'lib');

/**
 * Makes sure the BookKeeper/ZooKeeper jars are present: scripts/ensure-java-deps.sh is the one place
 * that knows which jars (the pom lists them) and runs Maven when any is missing.
 */
export function ensureJars(): string {
  const script = fileURLToPath(new URL('../scripts/ensure-java-deps.sh', import.meta.url)).replace('/dist/scripts/', '/scripts/');
  const r = spawnSync('bash', [script], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${script} failed; install a JDK 17+ and Maven with access to Maven Central:\n${r.error?.message ?? ''}${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return JAR_DIR;
}

export function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`java is not installed or not on PATH (install a JDK 17+, e.g. apt-get install openjdk-17-jdk-headless): ${r.error?.message ?? r.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Sends a ZooKeeper four-letter word and returns the reply ('' if the server is not answering). */
export function fourLetterWord(port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, timeoutMs);
    sock.on('connect', () => sock.write(word));
    sock.on('data', (d) => (out += d.toString('utf8')));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on('error', () => undefined);
  });
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

interface ServerSpec {
  readonly id: number;
  readonly clientPort: number;
  readonly dir: string;
}

function spawnServer(spec: ServerSpec, mainClass: string, cfgPath: string): ChildProcess {
  const logFile = join(spec.dir, 'server.log');
  const child = spawn('java', ['-Xmx256m', ...SHORT_JVM_FLAGS, '-Dzookeeper.admin.enableServer=false', '-cp', `${JAR_DIR}/*`, mainClass, cfgPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function waitServing(port: number, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ZooKeeper on port ${port} exited (${child.exitCode ?? child.signalCode}); log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    const reply = await fourLetterWord(port, 'srvr', 1000);
    if (/Mode: (standalone|leader|follower)/.test(reply)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`ZooKeeper on port ${port} did not start serving within ${timeoutMs} ms; log:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : ''}`);
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const BASE_CONFIG = (tickTime: number): string[] => [
  `tickTime=${tickTime}`,
  'initLimit=20',
  'syncLimit=10',
  'admin.enableServer=false',
  '4lw.commands.whitelist=srvr,stat,ruok,mntr,cons',
  'maxClientCnxns=0',
];

export interface ZooKeeperServer {
  readonly connectString: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops (SIGTERM) and keeps the data dir so start() can bring it back. */
  stop(): Promise<void>;
  /** SIGKILL (a crash); the data dir stays, so start() brings it back with its sessions' state. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops and deletes the data dir. */
  destroy(): Promise<void>;
}

export interface ZooKeeperTestOptions {
  /** ZooKeeper tick; sessions may last 2..20 ticks. Default 500 ms (sessions of 1 s .. 10 s). */
  tickTime?: number;
}

/** A standalone ZooKeeper server on a free loopback port. */
export async function startZooKeeper(options: ZooKeeperTestOptions = {}): Promise<ZooKeeperServer> {
  checkJava();
  ensureJars();
  const dir = mkdtempSync(join(tmpdir(), 'quire-zk-'));
  const port = await freePort();
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(cfg, [...BASE_CONFIG(options.tickTime ?? 500), `dataDir=${join(dir, 'data')}`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', ''].join('\n'));
  mkdirSync(join(dir, 'data'), { recursive: true });
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawnServer({ id: 0, clientPort: port, dir }, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg);
    await waitServing(port, child, join(dir, 'server.log'));
  };
  await start();
  return {
    connectString: `127.0.0.1:${port}`,
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

export interface EnsembleMember {
  readonly id: number;
  readonly clientPort: number;
  readonly running: boolean;
}

export interface ZooKeeperEnsemble {
  /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3". */
  readonly connectString: string;
  readonly members: readonly EnsembleMember[];
  /** Id of the server reporting "Mode: leader" (waits up to 30 s for an election to finish). */
  findLeader(): Promise<number>;
  kill(id: number): Promise<void>;
  start(id: number): Promise<void>;
  destroy(): Promise<void>;
}

/** A quorum of `size` QuorumPeerMain servers (default 3) with distinct ports and myid files. */
export async function startZooKeeperEnsemble(size = 3, options: ZooKeeperTestOptions = {}): Promise<ZooKeeperEnsemble> {
  checkJava();
  ensureJars();
  const base = mkdtempSync(join(tmpdir(), 'quire-zk-ensemble-'));
  const specs: (ServerSpec & { quorumPort: number; electionPort: number })[] = [];
  for (let id = 1; id <= size; id++) {
    specs.push({ id, clientPort: await freePort(), quorumPort: await freePort(), electionPort: await freePort(), dir: join(base, `server${id}`) });
  }
  const procs = new Map<number, ChildProcess>();
  for (const s of specs) {
    mkdirSync(join(s.dir, 'data'), { recursive: true });
    writeFileSync(join(s.dir, 'data', 'myid'), `${s.id}\n`);
    const lines = [...BASE_CONFIG(options.tickTime ?? 500), `dataDir=${join(s.dir, 'data')}`, `clientPort=${s.clientPort}`, 'clientPortAddress=127.0.0.1'];
    for (const o of specs) lines.push(`server.${o.id}=127.0.0.1:${o.quorumPort}:${o.electionPort}`);
    writeFileSync(join(s.dir, 'zoo.cfg'), lines.join('\n') + '\n');
  }
  const startOne = async (id: number): Promise<void> => {
    const s = specs.find((x) => x.id === id)!;
    procs.set(id, spawnServer(s, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(s.dir, 'zoo.cfg')));
  };
  for (const s of specs) await startOne(s.id);
  await Promise.all(specs.map((s) => waitServing(s.clientPort, procs.get(s.id)!, join(s.dir, 'server.log'))));
  const running = (id: number): boolean => {
    const p = procs.get(id);
    return p !== undefined && p.exitCode === null && p.signalCode === null;
  };
  return {
    connectString: specs.map((s) => `127.0.0.1:${s.clientPort}`).join(','),
    get members() {
      return specs.map((s) => ({ id: s.id, clientPort: s.clientPort, running: running(s.id) }));
    },
    async findLeader() {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        for (const s of specs) {
          if (!running(s.id)) continue;
          if (/Mode: leader/.test(await fourLetterWord(s.clientPort, 'srvr', 1000))) return s.id;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('no ZooKeeper server reports Mode: leader within 30 s');
    },
    async kill(id) {
      await stopChild(procs.get(id), 'SIGKILL');
    },
    async start(id) {
      await startOne(id);
      const s = specs.find((x) => x.id === id)!;
      await waitServing(s.clientPort, procs.get(id)!, join(s.dir, 'server.log'));
    },
    async destroy() {
      for (const p of procs.values()) await stopChild(p, 'SIGKILL');
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface TcpProxy {
  /** "127.0.0.1:<proxy port>" to give clients instead of the server's address. */
  readonly connectString: string;
  /** Cuts every connection and refuses new ones: a network partition between client and server. */
  pause(): Promise<void>;
  /** Accepts connections again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `targetPort`, for partitioning a client from ZooKeeper in tests. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<import('node:net').Socket>();
  let server: import('node:net').Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const srv = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client);
        sockets.add(upstream);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve());
      server = srv;
    });
  const stop = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    const srv = server;
    server = undefined;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  };
  await listen();
  return { connectString: `127.0.0.1:${port}`, pause: stop, resume: listen, close: stop };
}
