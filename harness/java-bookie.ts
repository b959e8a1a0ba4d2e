// Starts a real Apache BookKeeper 4.17.2 bookie (org.apache.bookkeeper.server.Main, from the jars
// Maven Central serves into test/interop/java/target/lib) with a generated bk_server.conf, against a
// ZooKeeper cluster that must already be formatted. Heap and direct memory are fixed so benchmark
// figures are comparable: -Xmx512m -XX:MaxDirectMemorySize=512m.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureJars, freePort } from './zookeeper.js';

export const JAVA_BOOKIE_HEAP = ['-Xms512m', '-Xmx512m', '-XX:MaxDirectMemorySize=512m'];

export interface JavaBookie {
  readonly child: ChildProcess;
  readonly port: number;
  readonly bookieId: string;
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface JavaBookieOptions {
  readonly zkConnect: string;
  readonly dir: string;
  readonly port?: number;
  /** Extra bk_server.conf lines, key → value. */
  readonly settings?: Record<string, string>;
  readonly startTimeoutMs?: number;
}

function waitForPort(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`Java bookie did not listen on ${port}`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

export async function startJavaBookie(opts: JavaBookieOptions): Promise<JavaBookie> {
  const lib = ensureJars();
  const port = opts.port ?? (await freePort());
  mkdirSync(opts.dir, { recursive: true });
  const conf: Record<string, string> = {
    bookiePort: String(port),
    advertisedAddress: '127.0.0.1',
    allowLoopback: 'true',
    journalDirectories: join(opts.dir, 'journal'),
    ledgerDirectories: join(opts.dir, 'ledgers'),
    metadataServiceUri: `zk+hierarchical://${opts.zkConnect}/ledgers`,
    httpServerEnabled: 'false',
    journalSyncData: 'true',
    journalMaxGroupWaitMSec: '2',
    dbStorage_writeCacheMaxSizeMb: '64',
    dbStorage_readAheadCacheMaxSizeMb: '16',
    ...opts.settings,
  };
  const confPath = join(opts.dir, 'bk_server.conf');
  writeFileSync(confPath, Object.entries(conf).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const child = spawn('java', [...JAVA_BOOKIE_HEAP, '-cp', `${lib}/*`, 'org.apache.bookkeeper.server.Main', '--conf', confPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  await Promise.race([
    waitForPort(port, deadline),
    exited.then((code) => {
      throw new Error(`Java bookie exited with ${code} before listening:\n${stderr}`);
    }),
  ]);
  return {
    child,
    port,
    bookieId: `127.0.0.1:${port}`,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
