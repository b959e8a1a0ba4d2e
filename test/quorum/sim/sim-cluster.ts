// One simulated world: scheduler, seeded randomness, bookie nodes (each the real bookie over a
// simulated disk), network, metadata, registry, and real BookKeeperClient instances wired to them.
import type { BookieStorageOptions } from '../../../bookie/bookie-storage-options.js';
import { BookKeeperClient } from '../../../clients/quorum/index.js';
import type { ClientConfig } from '../../../clients/quorum/client-config.js';
import { InMemoryLedgerMetadata, StaticBookieRegistry } from './in-memory-metadata.js';
import { Prng } from './prng.js';
import { SimBookieNode } from './sim-bookie-node.js';
import { SimNetwork } from './sim-network.js';
import { SimScheduler } from './sim-scheduler.js';

class LiveBookieRegistry extends StaticBookieRegistry {
  constructor(
    ids: string[],
    private readonly live: ReadonlyMap<string, SimBookieNode>,
    private readonly ready: Promise<unknown>,
  ) {
    super(ids);
  }
  override async writableBookies(): Promise<string[]> {
    // The first call waits for the bookies' first start (journal and index opened on simulated time).
    await this.ready;
    return this.bookies.filter((b) => !this.live.get(b)!.crashed);
  }
}

export interface SimClusterOptions {
  seed: number;
  bookies: number;
  /** Simulated latency range of a metadata operation (ms). */
  metadataDelayMs?: [number, number];
  /** Storage settings of every bookie (the simulation's small defaults when absent). */
  bookieOptions?: Partial<BookieStorageOptions>;
  /** Journal directories per bookie (default 1). */
  journals?: number;
  /** Id of the first ledger created (default 0). */
  firstLedgerId?: bigint;
}

export class SimCluster {
  readonly sched = new SimScheduler();
  readonly rng: Prng;
  readonly bookies = new Map<string, SimBookieNode>();
  readonly network: SimNetwork;
  readonly metadata: InMemoryLedgerMetadata;
  readonly registry: LiveBookieRegistry;

  constructor(opts: SimClusterOptions) {
    this.rng = new Prng(opts.seed);
    const ids: string[] = [];
    for (let i = 0; i < opts.bookies; i++) {
      const id = `10.0.0.${i + 1}:3181`;
      ids.push(id);
      this.bookies.set(id, new SimBookieNode(id, this.sched, this.rng.fork(), opts.bookieOptions, opts.journals));
    }
    this.network = new SimNetwork(this.sched, this.rng.fork(), this.bookies);
    const [lo, hi] = opts.metadataDelayMs ?? [0, 0];
    const mdRng = this.rng.fork();
    this.metadata = new InMemoryLedgerMetadata(
      () => (hi <= 0 ? Promise.resolve() : new Promise((r) => this.sched.setTimeout(r, mdRng.int(lo, hi)))),
      opts.firstLedgerId,
    );
    // Like ZooKeeper's ephemeral registration: a crashed bookie drops out of the writable list.
    this.registry = new LiveBookieRegistry(ids, this.bookies, Promise.all([...this.bookies.values()].map((b) => b.ready)));
  }

  client(config: Partial<ClientConfig> = {}): BookKeeperClient {
    const rng = this.rng.fork();
    return new BookKeeperClient({
      bookies: this.network,
      metadata: this.metadata,
      registry: this.registry,
      clock: this.sched,
      random: () => rng.next(),
      config,
    });
  }

  bookie(index: number): SimBookieNode {
    return [...this.bookies.values()][index]!;
  }

  /** Runs the simulation until p settles (or fails after untilMs of simulated time). */
  run<T>(p: Promise<T>, what = 'operation', untilMs = this.sched.now() + 600_000): Promise<T> {
    return this.sched.runPromise(p, untilMs, what);
  }
}
