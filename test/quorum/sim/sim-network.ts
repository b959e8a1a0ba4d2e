// The simulated network: a BookieClient that carries each request to a bookie node (the real
// bookie, sim-bookie-node.ts) and the answer
// back, with seeded delays (hence reordering), drops of requests or replies, partitions, and a
// per-request timeout on the simulated clock, like the real TCP client's.
import { QuireError } from '../../../common/errors.js';
import type {
  AddEntryOptions,
  BatchReadOptions,
  BookieClient,
  LongPollResult,
  ReadEntryOptions,
  ReadEntryResult,
  ReadLacResult,
} from '../../../clients/quorum/bookie-client/bookie-client.js';
import type { Prng } from './prng.js';
import type { SimBookieNode } from './sim-bookie-node.js';
import type { Clock } from '../../../clients/quorum/clock.js';

export interface Message {
  readonly bookieId: string;
  readonly op: 'add' | 'read' | 'readLac' | 'writeLac' | 'force' | 'longPoll' | 'batchRead';
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  readonly fence?: boolean;
  readonly recovery?: boolean;
}

/** A scripted fault: 'drop-request' (never arrives), 'drop-reply' (applied, answer lost), or a late answer. */
export type Verdict = 'drop-request' | 'drop-reply' | { delayReplyMs: number };
export type MessageRule = (m: Message) => Verdict | undefined;

export interface NetworkFaults {
  dropRequestRate: number;
  dropReplyRate: number;
  delayMs: [number, number];
}

export class SimNetwork implements BookieClient {
  faults: NetworkFaults = { dropRequestRate: 0, dropReplyRate: 0, delayMs: [1, 10] };
  readonly partitioned = new Set<string>();
  rules: MessageRule[] = [];
  requestTimeoutMs = 5000;
  /** Long polls get their own wait on top of the request timeout. */
  sent = 0;

  constructor(
    private readonly sched: Clock,
    private readonly rng: Prng,
    private readonly bookies: ReadonlyMap<string, SimBookieNode>,
  ) {}

  private delay(): number {
    return this.rng.int(this.faults.delayMs[0], this.faults.delayMs[1]);
  }

  private call<T>(m: Message, run: (b: SimBookieNode) => Promise<T>, extraWaitMs = 0): Promise<T> {
    this.sent++;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const timer = this.sched.setTimeout(() => {
        if (done) return;
        done = true;
        reject(new QuireError('TIMEOUT', `${m.op} to ${m.bookieId} timed out`));
      }, this.requestTimeoutMs + extraWaitMs);
      const settle = (f: () => void) => {
        if (done) return;
        done = true;
        this.sched.clearTimeout(timer);
        f();
      };
      const bookie = this.bookies.get(m.bookieId);
      if (!bookie) {
        this.sched.setTimeout(() => settle(() => reject(new QuireError('BOOKIE_UNAVAILABLE', `unknown bookie ${m.bookieId}`))), 1);
        return;
      }
      let verdict: Verdict | undefined;
      for (const r of this.rules) verdict ??= r(m);
      if (verdict === undefined && this.rng.chance(this.faults.dropRequestRate)) verdict = 'drop-request';
      if (verdict === undefined && this.rng.chance(this.faults.dropReplyRate)) verdict = 'drop-reply';
      if (verdict === 'drop-request' || this.partitioned.has(m.bookieId)) return;
      this.sched.setTimeout(() => {
        if (this.partitioned.has(m.bookieId)) return;
        if (bookie.crashed) {
          // A refused connection is noticed quickly.
          settle(() => reject(new QuireError('BOOKIE_UNAVAILABLE', `bookie ${m.bookieId} is down`)));
          return;
        }
        run(bookie).then(
          (v) => this.deliver(m, verdict, () => settle(() => resolve(v))),
          (e: unknown) => this.deliver(m, verdict, () => settle(() => reject(e))),
        );
      }, this.delay());
    });
  }

  private deliver(m: Message, verdict: Verdict | undefined, f: () => void): void {
    if (verdict === 'drop-reply') return;
    const extra = typeof verdict === 'object' ? verdict.delayReplyMs : 0;
    this.sched.setTimeout(() => {
      if (this.partitioned.has(m.bookieId)) return;
      f();
    }, this.delay() + extra);
  }

  addEntry(bookieId: string, ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddEntryOptions = {}): Promise<void> {
    return this.call({ bookieId, op: 'add', ledgerId, entryId, recovery: options.recovery ?? false }, (b) => b.addEntry(ledgerId, entryId, masterKey, entry, options));
  }

  readEntry(bookieId: string, ledgerId: bigint, entryId: bigint, options: ReadEntryOptions = {}): Promise<ReadEntryResult> {
    return this.call({ bookieId, op: 'read', ledgerId, entryId, fence: options.fence ?? false }, (b) => b.readEntry(ledgerId, entryId, options));
  }

  readLac(bookieId: string, ledgerId: bigint): Promise<ReadLacResult> {
    return this.call({ bookieId, op: 'readLac', ledgerId, entryId: -1n }, (b) => b.readLac(ledgerId));
  }

  writeLac(bookieId: string, ledgerId: bigint, lac: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void> {
    return this.call({ bookieId, op: 'writeLac', ledgerId, entryId: -1n }, (b) => b.writeLac(ledgerId, lac, masterKey, lacBlob));
  }

  forceLedger(bookieId: string, ledgerId: bigint): Promise<void> {
    return this.call({ bookieId, op: 'force', ledgerId, entryId: -1n }, (b) => b.forceLedger(ledgerId));
  }

  longPollRead(bookieId: string, ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LongPollResult> {
    return this.call({ bookieId, op: 'longPoll', ledgerId, entryId: -1n }, (b) => b.longPollRead(ledgerId, previousLac, timeoutMs), timeoutMs);
  }

  async batchRead(bookieId: string, ledgerId: bigint, startEntryId: bigint, options: BatchReadOptions): Promise<Buffer[]> {
    const out: Buffer[] = [];
    for (let i = 0; i < Math.max(1, options.maxCount); i++) {
      try {
        out.push((await this.readEntry(bookieId, ledgerId, startEntryId + BigInt(i), options)).entry);
      } catch (e) {
        if (i === 0) throw e;
        break;
      }
    }
    return out;
  }

  async close(): Promise<void> {}
}
