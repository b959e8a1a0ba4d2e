// `npm run cluster`: the production topology as plain processes on this machine — a real
// ZooKeeper (Apache ZooKeeper 3.9 from Maven Central, harness/zookeeper.ts), `quire shell
// metaformat`, three `quire bookie` processes and two gateway processes (REST + gRPC) — then
// prints every address and waits. Ctrl-C (SIGINT) or SIGTERM stops everything it started; so does
// any failure while starting. The e2e tests (test/e2e/) run this script and read its JSON line.
//   npm run cluster -- [--bookies 3] [--gateways 2] [--data-dir DIR] [--json] [--gateway-arg=--flag=value ...]
//     [--gateway-node-arg=--cpu-prof ...]
// The cluster is ephemeral: ZooKeeper's data lives in a temp dir and goes with it, so bookie data
// is removed too unless --data-dir names where to keep it (for a look after the run).
import { type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { startBookieProcess, type BookieProcess } from '../harness/bookie-process.js';
import { metaformat, startGatewayProcess, stopChild, waitReady, type GatewayProcess } from '../harness/gateway-process.js';


export interface ClusterOptions {
  readonly bookies: number;
  readonly gateways: number;
  /** Where bookie data goes; default a temp dir removed on stop. */
  readonly dataDir?: string;
  /** Bound on each start step (ms). */
  readonly startTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Extra `quire gateway` arguments (e.g. limits: --blob-chunk-bytes, --limit name=value). */
  readonly gatewayArgs?: readonly string[];
  /** Arguments to node for each gateway process (e.g. --cpu-prof --cpu-prof-dir=DIR). */
  readonly gatewayNodeArgs?: readonly string[];
}

export interface ClusterInfo {
  readonly event: 'cluster-started';
  readonly zookeeper: string;
  readonly metadataServiceUri: string;
  readonly dataDir: string;
  readonly bookies: { id: string; port: number; httpPort: number | undefined; pid: number }[];
  readonly gateways: { id: string; rest: string; grpc: string; pid: number }[];
}

export interface ProcessCluster {
  readonly info: ClusterInfo;
  /** SIGKILL gateway i (0-based); its entry in info.gateways stays until it is started again. */
  killGateway(i: number): Promise<void>;
  /** Starts gateway i again under the same id (new ports; info.gateways[i] is updated). */
  restartGateway(i: number): Promise<void>;
  /** SIGKILL bookie i (0-based). */
  killBookie(i: number): Promise<void>;
  /** Starts bookie i again on its directories, under the same bookie id. */
  restartBookie(i: number): Promise<void>;
  stop(): Promise<void>;
}

const fulfilled = <T>(rs: PromiseSettledResult<T>[]): T[] => rs.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));

function rethrowFirst(rs: PromiseSettledResult<unknown>[]): void {
  const failed = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function startProcessCluster(opts: ClusterOptions): Promise<ProcessCluster> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const tempData = opts.dataDir === undefined;
  const dataDir = opts.dataDir !== undefined ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'quire-cluster-'));
  mkdirSync(dataDir, { recursive: true });
  let zk: ZooKeeperServer | undefined;
  const bookies: BookieProcess[] = [];
  const gateways: GatewayProcess[] = [];
  let stopped: Promise<void> | undefined;
  // Reverse start order: gateways drain and seal first, then bookies, then ZooKeeper.
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(gateways.map((g) => stopChild(g.child, 15_000)));
      await Promise.all(bookies.map((b) => stopChild(b.child, 15_000)));
      await zk?.destroy();
      if (tempData) rmSync(dataDir, { recursive: true, force: true });
    })());
  try {
    log('starting ZooKeeper');
    zk = await startZooKeeper();
    log(`ZooKeeper at ${zk.connectString}`);
    const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    log(`formatting ${uri}`);
    await metaformat(uri, timeoutMs);
    const bookieArgs = (i: number) => {
      const dir = join(dataDir, `bookie-${i}`);
      return ['--port', '0', '--host', '127.0.0.1', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', uri,
        '--set', `bookieId=bookie-${i}`, '--set', 'httpServerEnabled=true', '--set', 'httpServerPort=0'];
    };
    // The bookies start side by side, then the gateways: none waits for a sibling (each has its own
    // id, directories and port 0), so the cluster is up after the slowest, not the sum of them all.
    // Each is kept as soon as it is up, so a failure of one still stops the others (stop()).
    const indices = (n: number) => Array.from({ length: n }, (_, k) => k + 1);
    const startedBookies = await Promise.allSettled(indices(opts.bookies).map(async (i) => {
      log(`starting bookie ${i}`);
      const b = await startBookieProcess(bookieArgs(i), {}, timeoutMs);
      log(`bookie ${i} up (pid ${b.child.pid})`);
      return b;
    }));
    bookies.push(...fulfilled(startedBookies));
    rethrowFirst(startedBookies);
    const startedGateways = await Promise.allSettled(indices(opts.gateways).map(async (i) => {
      log(`starting gateway ${i}`);
      const g = await startGatewayProcess(uri, `gateway-${i}`, timeoutMs, opts.gatewayArgs, {}, opts.gatewayNodeArgs);
      log(`gateway ${i} up (pid ${g.child.pid})`);
      await waitReady(`http://127.0.0.1:${g.restPort}`, timeoutMs);
      return g;
    }));
    rethrowFirst(startedGateways);
    // In id order (gateway-1 first), whichever came up first.
    gateways.splice(0, gateways.length, ...fulfilled(startedGateways));
    const bookieInfo = (b: BookieProcess) => ({ id: b.bookieId, port: b.port, httpPort: b.httpPort, pid: b.child.pid! });
    const gatewayInfo = (g: GatewayProcess) => ({ id: g.id, rest: `http://127.0.0.1:${g.restPort}`, grpc: `127.0.0.1:${g.grpcPort}`, pid: g.child.pid! });
    const killed = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGKILL');
      });
    const info: ClusterInfo = {
      event: 'cluster-started',
      zookeeper: zk.connectString,
      metadataServiceUri: uri,
      dataDir,
      bookies: bookies.map(bookieInfo),
      gateways: gateways.map(gatewayInfo),
    };
    return {
      info,
      stop,
      killGateway: (i) => killed(gateways[i]!.child),
      async restartGateway(i) {
        await killed(gateways[i]!.child);
        const g = await startGatewayProcess(uri, gateways[i]!.id, timeoutMs);
        gateways[i] = g;
        await waitReady(`http://127.0.0.1:${g.restPort}`, timeoutMs);
        info.gateways[i] = gatewayInfo(g);
      },
      killBookie: (i) => killed(bookies[i]!.child),
      async restartBookie(i) {
        await killed(bookies[i]!.child);
        const b = await startBookieProcess(bookieArgs(i + 1), {}, timeoutMs);
        bookies[i] = b;
        info.bookies[i] = bookieInfo(b);
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bookies: { type: 'string', default: '3' },
      gateways: { type: 'string', default: '2' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      // An extra `quire gateway` argument (repeatable), e.g. --gateway-arg=--blob-chunk-bytes=2097152.
      'gateway-arg': { type: 'string', multiple: true },
      // An argument to node for each gateway process (repeatable), e.g. --gateway-node-arg=--cpu-prof.
      'gateway-node-arg': { type: 'string', multiple: true },
    },
  });
  const bookies = Number(values.bookies);
  const gateways = Number(values.gateways);
  if (!Number.isInteger(bookies) || bookies < 1 || !Number.isInteger(gateways) || gateways < 1) {
    console.error('cluster: --bookies and --gateways must be positive integers');
    process.exit(2);
  }
  // Progress (with pids) goes to stderr, so a failed start says what it had started and stopped.
  const say = (l: string) => console.error(`cluster: ${l}`);
  let cluster: ProcessCluster | undefined;
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping everything');
    void (cluster?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  try {
    cluster = await startProcessCluster({ bookies, gateways, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), ...(values['gateway-arg'] ? { gatewayArgs: values['gateway-arg'] } : {}), ...(values['gateway-node-arg'] ? { gatewayNodeArgs: values['gateway-node-arg'] } : {}), log: say });
  } catch (e) {
    console.error(`cluster: failed to start (everything started was stopped): ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  if (stopping) return;
  const i = cluster.info;
  console.log(JSON.stringify(i));
  if (!values.json) {
    console.log(`\nQuire cluster is up (bookie data in ${i.dataDir}):`);
    console.log(`  ZooKeeper   ${i.zookeeper}   metadataServiceUri=${i.metadataServiceUri}`);
    for (const b of i.bookies) console.log(`  bookie      ${b.id}  port ${b.port}${b.httpPort ? `  metrics http://127.0.0.1:${b.httpPort}/metrics` : ''}  (pid ${b.pid})`);
    for (const g of i.gateways) console.log(`  gateway     ${g.id}  REST ${g.rest}  gRPC ${g.grpc}  (pid ${g.pid})`);
    const g = i.gateways[0]!;
    console.log(`\nTry:\n  curl -s -XPOST ${g.rest}/v1/ledgers -H 'Quire-Ledger-Password: pw'`);
    console.log(`  grpcurl -plaintext ${g.grpc} list`);
    console.log('Ctrl-C stops everything this started.');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
