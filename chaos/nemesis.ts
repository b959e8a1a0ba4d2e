// The nemesis: a schedule of faults drawn from the seed before the run starts (so a seed names one
// schedule exactly), then played against the cluster one fault at a time: inject, hold for the
// fault's duration, heal, pause. The menu (docs/chaos.md):
//   kill      kill -9 of a bookie, a gateway or ZooKeeper, started again after the hold
//   partition one client→server link dropped (connections reset) or held (a black hole)
//   client-partition the workload's link to one gateway (its REST and gRPC ports) dropped or held
//   delay     one link's bytes (a client->gateway link too) delayed by 50–400 ms each way
//   zk-expiry one process's ZooKeeper link held past the session timeout (10 s), so the server
//             expires the session: ephemeral registrations and owner records go
//   disk-full bookie 1's ledger directory (a 32 MiB tmpfs) filled to ENOSPC, then freed
//   slow-fsync every fdatasync of bookie 2 (chaos/fault-bookie.ts) waits 100–1000 ms first
//   clock-jump a gateway restarted with its wall clock 1–15 minutes ahead or behind, then
//             restarted on the real clock after the hold (chaos/clock-offset.mjs)
//   clock-step the wall clock of a running bookie or gateway stepped 1–15 minutes ahead or
//             behind, then stepped back after the hold, without a restart
import { FAULT_BOOKIE, type ChaosCluster } from './chaos-cluster.js';
import { Rng } from './rng.js';

export type FaultKind = 'kill' | 'partition' | 'client-partition' | 'delay' | 'zk-expiry' | 'disk-full' | 'slow-fsync' | 'clock-jump' | 'clock-step';

export interface Fault {
  readonly atMs: number;
  readonly kind: FaultKind;
  readonly target: string;
  readonly server?: string;
  readonly mode?: 'drop' | 'hold';
  readonly delayMs?: number;
  readonly holdMs: number;
}

/** ZooKeeper sessions last at most 20 ticks of 500 ms; holding the link longer expires them. */
const EXPIRY_HOLD_MS = 14_000;

export function schedule(seed: number, durationMs: number, nodes: { bookies: string[]; gateways: string[]; links: [string, string][]; clientLinks: [string, string][]; disk: boolean }): Fault[] {
  const rng = new Rng(seed);
  const kinds: FaultKind[] = ['kill', 'kill', 'partition', 'partition', 'client-partition', 'delay', 'zk-expiry', 'slow-fsync', 'clock-jump', 'clock-step', ...(nodes.disk ? (['disk-full'] as const) : [])];
  // First every kind once (in a seeded order), so even a short run covers the menu; then at random.
  const firstRound = [...new Set(kinds)];
  for (let i = firstRound.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [firstRound[i], firstRound[j]] = [firstRound[j]!, firstRound[i]!];
  }
  const out: Fault[] = [];
  for (let at = 3000 + rng.int(3000); at < durationMs; ) {
    const kind = firstRound.shift() ?? rng.pick(kinds);
    let f: Fault;
    switch (kind) {
      case 'kill': {
        const r = rng.int(10);
        const target = r === 0 ? 'zk' : r < 5 ? rng.pick(nodes.gateways) : rng.pick(nodes.bookies);
        f = { atMs: at, kind, target, holdMs: 1000 + rng.int(5000) };
        break;
      }
      case 'partition':
      case 'client-partition': {
        const [c, s] = rng.pick(kind === 'partition' ? nodes.links : nodes.clientLinks);
        f = { atMs: at, kind, target: c, server: s, mode: rng.int(2) === 0 ? 'drop' : 'hold', holdMs: 2000 + rng.int(8000) };
        break;
      }
      case 'delay': {
        const [c, s] = rng.pick([...nodes.links, ...nodes.clientLinks]);
        f = { atMs: at, kind, target: c, server: s, delayMs: 50 + rng.int(350), holdMs: 4000 + rng.int(8000) };
        break;
      }
      case 'zk-expiry':
        f = { atMs: at, kind, target: rng.pick([...nodes.bookies, ...nodes.gateways]), server: 'zk', holdMs: EXPIRY_HOLD_MS };
        break;
      case 'disk-full':
        f = { atMs: at, kind, target: 'bookie-1', holdMs: 4000 + rng.int(8000) };
        break;
      case 'clock-jump':
        f = { atMs: at, kind, target: rng.pick(nodes.gateways), delayMs: (rng.int(2) === 0 ? -1 : 1) * 60_000 * (1 + rng.int(15)), holdMs: 4000 + rng.int(8000) };
        break;
      case 'clock-step':
        f = { atMs: at, kind, target: rng.pick([...nodes.bookies, ...nodes.gateways]), delayMs: (rng.int(2) === 0 ? -1 : 1) * 60_000 * (1 + rng.int(15)), holdMs: 4000 + rng.int(8000) };
        break;
      case 'slow-fsync':
        f = { atMs: at, kind, target: FAULT_BOOKIE, delayMs: 100 + rng.int(900), holdMs: 4000 + rng.int(8000) };
        break;
    }
    out.push(f);
    at += f.holdMs + 1000 + rng.int(3000);
  }
  return out;
}

export function describe(f: Fault): string {
  switch (f.kind) {
    case 'kill':
      return `kill -9 ${f.target}, restart after ${f.holdMs} ms`;
    case 'partition':
    case 'client-partition':
      return `${f.mode} ${f.target}->${f.server} for ${f.holdMs} ms`;
    case 'delay':
      return `delay ${f.target}->${f.server} by ${f.delayMs} ms for ${f.holdMs} ms`;
    case 'zk-expiry':
      return `hold ${f.target}->zk for ${f.holdMs} ms (session expiry)`;
    case 'disk-full':
      return `fill ${f.target}'s ledger dir for ${f.holdMs} ms`;
    case 'clock-jump':
      return `restart ${f.target} with its clock ${f.delayMs! > 0 ? '+' : ''}${f.delayMs! / 60_000} min for ${f.holdMs} ms`;
    case 'clock-step':
      return `step ${f.target}'s running clock ${f.delayMs! > 0 ? '+' : ''}${f.delayMs! / 60_000} min for ${f.holdMs} ms`;
    case 'slow-fsync':
      return `slow ${f.target}'s fdatasync by ${f.delayMs} ms for ${f.holdMs} ms`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Plays the schedule; resolves when it is done or `stopped()` says so, with every fault healed. */
export async function play(cluster: ChaosCluster, faults: readonly Fault[], t0: number, stopped: () => boolean, log: (l: string) => void): Promise<Map<FaultKind, number>> {
  const injected = new Map<FaultKind, number>();
  for (const f of faults) {
    const wait = t0 + f.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    if (stopped()) break;
    log(`nemesis +${Math.round((Date.now() - t0) / 1000)}s: ${describe(f)}`);
    injected.set(f.kind, (injected.get(f.kind) ?? 0) + 1);
    try {
      switch (f.kind) {
        case 'kill':
          await cluster.kill(f.target);
          await sleep(f.holdMs);
          await cluster.startNode(f.target);
          break;
        case 'partition':
        case 'client-partition':
          cluster.setLink(f.target, f.server!, { kind: f.mode! });
          await sleep(f.holdMs);
          cluster.setLink(f.target, f.server!, { kind: 'up', delayMs: 0 });
          break;
        case 'delay':
          cluster.setLink(f.target, f.server!, { kind: 'up', delayMs: f.delayMs! });
          await sleep(f.holdMs);
          cluster.setLink(f.target, f.server!, { kind: 'up', delayMs: 0 });
          break;
        case 'zk-expiry':
          cluster.setLink(f.target, 'zk', { kind: 'hold' });
          await sleep(f.holdMs);
          cluster.setLink(f.target, 'zk', { kind: 'up', delayMs: 0 });
          break;
        case 'disk-full':
          cluster.fillDisk();
          await sleep(f.holdMs);
          cluster.freeDisk();
          break;
        case 'clock-jump':
          await cluster.restartWithClock(f.target, f.delayMs!);
          await sleep(f.holdMs);
          await cluster.restartWithClock(f.target, 0);
          break;
        case 'clock-step':
          cluster.stepClock(f.target, f.delayMs!);
          await sleep(f.holdMs);
          cluster.stepClock(f.target, 0);
          break;
        case 'slow-fsync':
          cluster.slowFsync(f.delayMs!);
          await sleep(f.holdMs);
          cluster.slowFsync(0);
          break;
      }
    } catch (e) {
      log(`nemesis: ${describe(f)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  cluster.healAll();
  cluster.freeDisk();
  cluster.slowFsync(0);
  for (const n of [...cluster.bookieNames, ...cluster.gatewayNames]) cluster.stepClock(n, 0);
  return injected;
}
