// The cluster the nemesis works on: a real ZooKeeper, `quire bookie` and `quire gateway` child
// processes, and a LinkProxy in front of every server so each client→server link can be cut,
// held or delayed on its own:
//   - ZooKeeper: one proxy per process (each process gets its own connect string);
//   - bookie i listens on 127.0.0.2:P and registers 127.0.0.1:P (advertisedAddress), where its
//     proxy listens; the proxy names each connection's process from /proc (socket-owner.ts);
//   - gateway j's peer listener is reached through its proxy (--advertised-peer-url);
//   - the clients (the workload, link `client->gateway-j`) reach gateway j's REST and gRPC ports
//     through two proxies (fixed ports, so a restarted gateway is behind the same address). Bookie 1's ledger directory is a
// 32 MiB tmpfs (when running as root) so the nemesis can fill it. Bookie 2 runs as
// chaos/fault-bookie.ts (the same bookie service with a slowable fdatasync); the others are
// `quire bookie`.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startZooKeeper, freePort, type ZooKeeperServer } from '../harness/zookeeper.js';
import { startBookieProcess, type BookieProcess } from '../harness/bookie-process.js';
import { metaformat, startGatewayProcess, stopChild, waitReady, type GatewayProcess } from '../harness/gateway-process.js';
import type { GatewayEndpoint } from './client-transport.js';
import { LinkProxy, type LinkMode } from './link-proxy.js';
import { socketOwner } from './socket-owner.js';

export interface ChaosClusterOptions {
  readonly bookies: number;
  readonly gateways: number;
  readonly log: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** Each process's log lines (bookies at warn, gateways at info) are appended to <logDir>/<name>.log. */
  readonly logDir?: string;
}

export type NodeName = string; // zk | bookie-<i> | gateway-<j>, 1-based

const DISK_MB = 32;
/** The bookie whose fdatasync the nemesis can slow down. */
export const FAULT_BOOKIE = 'bookie-2';
const FAULT_BOOKIE_ENTRY = fileURLToPath(new URL('./fault-bookie.ts', import.meta.url));
/** The preload that shifts a process's wall clock (the clock-jump fault). */
const CLOCK_OFFSET_PRELOAD = new URL('./clock-offset.mjs', import.meta.url).href;

/** The name of the workload's end of the client->gateway links. */
export const CLIENT = 'client';
const CLIENT_PROTOCOLS = ['rest', 'grpc'] as const;
const clientProxyKey = (gateway: string, protocol: string) => `client-${protocol}<-${gateway}`;

export class ChaosCluster {
  readonly bookieNames: string[] = [];
  readonly gatewayNames: string[] = [];
  /**
   * server name → its proxy; zk links have one proxy per client process (key `zk<-client`), a
   * gateway's client ports one per protocol (key `client-rest<-gateway-j`, `client-grpc<-…`).
   */
  private readonly proxies = new Map<string, LinkProxy>();
  private readonly bookies = new Map<string, BookieProcess | undefined>();
  private readonly gateways = new Map<string, GatewayProcess | undefined>();
  private readonly bookiePorts = new Map<string, number>();
  private readonly peerPorts = new Map<string, number>();
  /** Each gateway's own REST and gRPC ports (fixed, behind the client proxies). */
  private readonly clientPorts = new Map<string, { rest: number; grpc: number }>();
  /** A gateway's wall-clock offset (ms) for its next start; absent: the real clock. */
  private readonly clockOffsets = new Map<string, number>();
  private zk!: ZooKeeperServer;
  private zkUp = true;
  private uri = '';
  readonly dataDir = mkdtempSync(join(tmpdir(), 'quire-chaos-'));
  /** Where the disk fault writes its ballast (bookie 1's ledger dir, a tmpfs) — undefined without root. */
  diskDir: string | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ChaosClusterOptions) {
    this.timeoutMs = opts.startTimeoutMs ?? 120_000;
    for (let i = 1; i <= opts.bookies; i++) this.bookieNames.push(`bookie-${i}`);
    for (let j = 1; j <= opts.gateways; j++) this.gatewayNames.push(`gateway-${j}`);
  }

    /** The workload's links into the gateways: [CLIENT, gateway]. */
  clientLinks(): [string, string][] {
    return this.gatewayNames.map((g) => [CLIENT, g]);
  }

  /** Every server-to-server link the nemesis may break: [client, server]. */
  links(): [string, string][] {
    const out: [string, string][] = [];
    for (const n of [...this.bookieNames, ...this.gatewayNames]) out.push([n, 'zk']);
    for (const g of this.gatewayNames) for (const b of this.bookieNames) out.push([g, b]);
    for (const a of this.gatewayNames) for (const b of this.gatewayNames) if (a !== b) out.push([a, b]);
    return out;
  }

  private proxiesFor(client: string, server: string): LinkProxy[] {
    const keys = client === CLIENT ? CLIENT_PROTOCOLS.map((p) => clientProxyKey(server, p)) : [server === 'zk' ? `zk<-${client}` : server];
    return keys.map((k) => {
      const p = this.proxies.get(k);
      if (!p) throw new Error(`no proxy for ${client}->${server}`);
      return p;
    });
  }

  /** Sets one link's mode; a client->gateway link is its REST and its gRPC connections alike. */
  setLink(client: string, server: string, mode: LinkMode): void {
    for (const p of this.proxiesFor(client, server)) p.set(client, mode);
  }

  /** "client->server": connections accepted, over every proxy. */
  linkConnections(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, p] of this.proxies) {
      const server = key.startsWith('zk<-') ? 'zk' : key.startsWith('client-') ? key.slice(key.indexOf('<-') + 2) : key;
      const protocol = key.startsWith('client-') ? ` (${key.slice('client-'.length, key.indexOf('<-'))})` : '';
      for (const [client, n] of p.accepted) out[`${client}->${server}${protocol}`] = n;
    }
    return out;
  }

  /** Sessions ZooKeeper expired so far (its log's "Expiring session" lines): proof zk-expiry faults expire. */
  expiredSessions(): number {
    try {
      return (readFileSync(join(this.zk.dataDir, 'server.log'), 'utf8').match(/Expiring session/g) ?? []).length;
    } catch {
      return 0;
    }
  }

  healAll(): void {
    for (const p of this.proxies.values()) p.heal();
  }

  /** The live Quire processes (bookies and gateways) by name, for the soak's memory samples. */
  livePids(): Map<string, number> {
    const m = new Map<string, number>();
    for (const [n, b] of this.bookies) if (b?.child.pid !== undefined && b.child.exitCode === null && b.child.signalCode === null) m.set(n, b.child.pid);
    for (const [n, g] of this.gateways) if (g?.child.pid !== undefined && g.child.exitCode === null && g.child.signalCode === null) m.set(n, g.child.pid);
    return m;
  }

  private gatewayPids(): Map<number, string> {
    const m = new Map<number, string>();
    for (const [n, g] of this.gateways) if (g?.child.pid !== undefined && g.child.exitCode === null) m.set(g.child.pid, n);
    return m;
  }

  async start(): Promise<void> {
    const log = this.opts.log;
    this.zk = await startZooKeeper({ tickTime: 500 });
    log(`ZooKeeper at ${this.zk.connectString}`);
    await metaformat(`zk+hierarchical://${this.zk.connectString}/ledgers`, this.timeoutMs);
    for (const n of [...this.bookieNames, ...this.gatewayNames]) {
      const p = new LinkProxy(`zk<-${n}`, { host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: this.zk.port }, () => Promise.resolve(n));
      await p.start();
      this.proxies.set(`zk<-${n}`, p);
    }
    for (const b of this.bookieNames) {
      const port = await freePort();
      this.bookiePorts.set(b, port);
      const p = new LinkProxy(b, { host: '127.0.0.1', port }, { host: '127.0.0.2', port }, (s) => socketOwner(s, () => this.gatewayPids()));
      await p.start();
      this.proxies.set(b, p);
    }
    for (const g of this.gatewayNames) {
      const peer = await freePort();
      this.peerPorts.set(g, peer);
      const p = new LinkProxy(g, { host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: peer }, (s) => socketOwner(s, () => this.gatewayPids()));
      await p.start();
      this.proxies.set(g, p);
      const ports = { rest: await freePort(), grpc: await freePort() };
      this.clientPorts.set(g, ports);
      for (const protocol of CLIENT_PROTOCOLS) {
        // Every connection into these proxies is the workload's (the runner process).
        const cp = new LinkProxy(clientProxyKey(g, protocol), { host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: ports[protocol] }, () => Promise.resolve(CLIENT));
        await cp.start();
        this.proxies.set(clientProxyKey(g, protocol), cp);
      }
    }
    this.mountDisk();
    for (const b of this.bookieNames) await this.startNode(b);
    for (const g of this.gatewayNames) await this.startNode(g);
  }

  private mountDisk(): void {
    const dir = join(this.dataDir, 'bookie-1', 'ledgers');
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() !== 0) return this.opts.log('not root: no tmpfs, the full-disk fault is off');
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', dir], { encoding: 'utf8' });
    if (m.status !== 0) return this.opts.log(`mount tmpfs failed (${m.stderr.trim()}): the full-disk fault is off`);
    this.diskDir = dir;
  }

  /** Fills the tmpfs to the last byte with a ballast file (ENOSPC for the bookie). */
  fillDisk(): void {
    if (!this.diskDir) return;
    const f = join(this.diskDir, 'chaos-ballast');
    const chunk = Buffer.alloc(1024 * 1024);
    try {
      for (let i = 0; i < DISK_MB + 1; i++) writeFileSync(f, chunk, { flag: 'a' });
    } catch {
      // ENOSPC: full, as wanted
    }
    try {
      for (let i = 0; i < 1024; i++) writeFileSync(f, chunk.subarray(0, 4096), { flag: 'a' });
    } catch {
      // the last pages
    }
  }

  private fsyncControl(): string {
    return join(this.dataDir, `${FAULT_BOOKIE}.fsync-delay-ms`);
  }

  /** Every process runs with the clock preload, its offset in a control file (0: the real clock). */
  private clockEnv(name: string): Record<string, string> {
    const control = this.clockControl(name);
    writeFileSync(control, '0');
    return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${CLOCK_OFFSET_PRELOAD}`.trim(), QUIRE_CHAOS_CLOCK_CONTROL: control };
  }

  private clockControl(name: string): string {
    return join(this.dataDir, `${name}.clock-offset-ms`);
  }

  /** Steps the wall clock of a running bookie or gateway by `offsetMs` (0: back to the real clock); a no-op while it is down. */
  stepClock(name: NodeName, offsetMs: number): void {
    writeFileSync(this.clockControl(name), String(offsetMs));
    const c = (this.bookies.get(name) ?? this.gateways.get(name))?.child;
    if (c && this.isUp(name)) c.kill('SIGUSR2');
  }

  /** Every fdatasync of FAULT_BOOKIE waits `ms` first (0: back to normal); a no-op while it is down. */
  slowFsync(ms: number): void {
    writeFileSync(this.fsyncControl(), String(ms));
    const c = this.bookies.get(FAULT_BOOKIE)?.child;
    if (c && this.isUp(FAULT_BOOKIE)) c.kill('SIGUSR2');
  }

  freeDisk(): void {
    if (this.diskDir) rmSync(join(this.diskDir, 'chaos-ballast'), { force: true });
  }

  private zkUri(client: string): string {
    return `zk+hierarchical://127.0.0.1:${this.proxies.get(`zk<-${client}`)!.port}/ledgers`;
  }

  isUp(name: NodeName): boolean {
    if (name === 'zk') return this.zkUp;
    const c = (this.bookies.get(name) ?? this.gateways.get(name))?.child;
    return c !== undefined && c.exitCode === null && c.signalCode === null;
  }

  async startNode(name: NodeName): Promise<void> {
    if (this.isUp(name)) return;
    if (name === 'zk') {
      await this.zk.start();
      this.zkUp = true;
      return;
    }
    if (this.bookieNames.includes(name)) {
      const dir = join(this.dataDir, name);
      const port = this.bookiePorts.get(name)!;
      const args = ['--port', String(port), '--host', '127.0.0.2', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', this.zkUri(name),
        '--set', `bookieId=${name}`, '--set', 'advertisedAddress=127.0.0.1', '--set', 'diskCheckInterval=1000'];
      const faulty = name === FAULT_BOOKIE;
      const env: Record<string, string> = { ...this.clockEnv(name), ...(faulty ? { QUIRE_CHAOS_CONTROL: this.fsyncControl() } : {}) };
      const b = await startBookieProcess(args, env, this.timeoutMs, faulty ? FAULT_BOOKIE_ENTRY : undefined);
      this.keepLog(name, b.child);
      this.bookies.set(name, b);
    } else {
      const peer = this.peerPorts.get(name)!;
      const ports = this.clientPorts.get(name)!;
      const offset = this.clockOffsets.get(name);
      const env: Record<string, string> = { ...this.clockEnv(name), ...(offset === undefined ? {} : { QUIRE_CHAOS_CLOCK_OFFSET_MS: String(offset) }) };
      // Info level: the writers' takeovers and ends are what a failing seed is read from.
      if (this.opts.logDir !== undefined) env['QUIRE_LOG_LEVEL'] = 'info';
      const g = await startGatewayProcess(this.zkUri(name), name, this.timeoutMs, ['--peer-port', String(peer), '--advertised-peer-url', `http://127.0.0.1:${this.proxies.get(name)!.port}`, '--rest-port', String(ports.rest), '--grpc-port', String(ports.grpc)], env);
      this.keepLog(name, g.child);
      this.gateways.set(name, g);
      await waitReady(`http://127.0.0.1:${g.restPort}`, this.timeoutMs);
    }
    this.opts.log(`${name} started`);
  }

  /** Appends a process's stdout (its JSON log lines, after the start line) to <logDir>/<name>.log. */
  private keepLog(name: string, child: ChildProcess): void {
    if (this.opts.logDir === undefined) return;
    mkdirSync(this.opts.logDir, { recursive: true });
    const out = createWriteStream(join(this.opts.logDir, `${name}.log`), { flags: 'a' });
    out.write(`{"chaos":"${name} started","t":${Date.now()}}\n`);
    child.stdout?.pipe(out);
  }

  /** kill -9 of a gateway, then started again with its wall clock `offsetMs` off (0: the real clock). */
  async restartWithClock(name: NodeName, offsetMs: number): Promise<void> {
    if (!this.gatewayNames.includes(name)) throw new Error(`${name}: only a gateway's clock can be shifted`);
    await this.kill(name);
    if (offsetMs === 0) this.clockOffsets.delete(name);
    else this.clockOffsets.set(name, offsetMs);
    await this.startNode(name);
  }

  /** kill -9. */
  async kill(name: NodeName): Promise<void> {
    if (name === 'zk') {
      this.zkUp = false;
      await this.zk.kill();
      return;
    }
    const c = (this.bookies.get(name) ?? this.gateways.get(name))?.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  }

  /** How the clients reach the gateways that are up: through their client proxies, by name. */
  liveGateways(): GatewayEndpoint[] {
    const out: GatewayEndpoint[] = [];
    const port = (name: string, protocol: string) => this.proxies.get(clientProxyKey(name, protocol))!.port;
    for (const [name, g] of this.gateways) if (g && this.isUp(name)) out.push({ name, url: `http://127.0.0.1:${port(name, 'rest')}`, grpc: `127.0.0.1:${port(name, 'grpc')}` });
    return out;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.gateways.values()].map((g) => (g ? stopChild(g.child, 15_000) : undefined)));
    await Promise.all([...this.bookies.values()].map((b) => (b ? stopChild(b.child, 15_000) : undefined)));
    for (const p of this.proxies.values()) await p.stop();
    await this.zk?.destroy();
    if (this.diskDir) {
      this.freeDisk();
      spawnSync('umount', ['-l', this.diskDir]);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
