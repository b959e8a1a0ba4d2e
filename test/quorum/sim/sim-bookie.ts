// A simulated bookie with the semantics the client relies on (spec §5.3, §5.4, §8.4, §8.5):
// master-key check, durable fencing, RECOVERY_ADD past a fence, acks only once an add is on
// "disk", known LAC, long-poll waiters. A crash loses what was not yet durable and any reply in
// flight; a restart rebuilds the known LAC from the last durable entry.
import { QuireError } from '../../../common/errors.js';
import type { AddEntryOptions, LongPollResult, ReadEntryOptions, ReadEntryResult, ReadLacResult } from '../../../clients/quorum/bookie-client/bookie-client.js';
import type { Prng } from './prng.js';
import type { Clock } from '../../../clients/quorum/clock.js';

interface StoredEntry {
  bytes: Buffer;
  durable: boolean;
}

interface LedgerState {
  masterKey: Buffer;
  fenced: boolean;
  entries: Map<bigint, StoredEntry>;
  lac: bigint;
  explicitLac?: Buffer;
  /** Set while a fence is being made durable. */
  fenceDurable?: Promise<boolean> | undefined;
}

interface Waiter {
  previousLac: bigint;
  resolve: (r: LongPollResult) => void;
  timer: unknown;
}

export interface BookieFaults {
  /** Probability that a read answers EIO. */
  readIoErrorRate: number;
  /** Disk write latency range (ms). */
  diskDelayMs: [number, number];
}

export class SimBookie {
  readonly ledgers = new Map<bigint, LedgerState>();
  crashed = false;
  /** Incremented on crash, so disk completions scheduled before it are void. */
  private epoch = 0;
  private waiters = new Map<bigint, Waiter[]>();
  faults: BookieFaults = { readIoErrorRate: 0, diskDelayMs: [1, 5] };
  /** Test hook: decide a read's fate ('ioerror' forces EIO). */
  readHook: ((ledgerId: bigint, entryId: bigint, opts: ReadEntryOptions) => 'ioerror' | undefined) | null = null;
  readonly log: string[] = [];

  constructor(
    readonly id: string,
    private readonly sched: Clock,
    private readonly rng: Prng,
  ) {}

  private diskDelay(): Promise<boolean> {
    const epoch = this.epoch;
    const [lo, hi] = this.faults.diskDelayMs;
    return new Promise((resolve) => this.sched.setTimeout(() => resolve(epoch === this.epoch && !this.crashed), this.rng.int(lo, hi)));
  }

  private unavailable(): QuireError {
    return new QuireError('BOOKIE_UNAVAILABLE', `bookie ${this.id} is down`);
  }

  private ledgerFor(ledgerId: bigint, masterKey: Buffer): LedgerState {
    let l = this.ledgers.get(ledgerId);
    if (!l) {
      l = { masterKey: Buffer.from(masterKey), fenced: false, entries: new Map(), lac: -1n };
      this.ledgers.set(ledgerId, l);
    } else if (!l.masterKey.equals(masterKey)) {
      throw new QuireError('UNAUTHORIZED', `bookie ${this.id}: wrong master key for ledger ${ledgerId}`);
    }
    return l;
  }

  async addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, opts: AddEntryOptions): Promise<void> {
    if (this.crashed) throw this.unavailable();
    const l = this.ledgerFor(ledgerId, masterKey);
    if (l.fenced && !opts.recovery) throw new QuireError('LEDGER_FENCED', `bookie ${this.id}: ledger ${ledgerId} is fenced`);
    const stored: StoredEntry = { bytes: Buffer.from(entry), durable: false };
    // A re-add must not put an already durable copy at risk: it replaces it only once durable.
    if (!l.entries.get(entryId)?.durable) l.entries.set(entryId, stored);
    this.log.push(`add ${ledgerId}:${entryId}${opts.recovery ? ' recovery' : ''}`);
    if (!(await this.diskDelay())) throw this.unavailable();
    stored.durable = true;
    l.entries.set(entryId, stored);
    this.advanceLac(ledgerId, l, entry.readBigInt64BE(16));
  }

  private advanceLac(ledgerId: bigint, l: LedgerState, lac: bigint): void {
    if (lac <= l.lac) return;
    l.lac = lac;
    const ws = this.waiters.get(ledgerId) ?? [];
    const keep: Waiter[] = [];
    for (const w of ws) {
      if (lac > w.previousLac) {
        this.sched.clearTimeout(w.timer);
        w.resolve(this.pollAnswer(l, w.previousLac));
      } else keep.push(w);
    }
    this.waiters.set(ledgerId, keep);
  }

  private lastEntry(l: LedgerState): [bigint, StoredEntry] | null {
    let best: [bigint, StoredEntry] | null = null;
    for (const [id, e] of l.entries) if (!best || id > best[0]) best = [id, e];
    return best;
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: ReadEntryOptions): Promise<ReadEntryResult> {
    if (this.crashed) throw this.unavailable();
    if (this.readHook?.(ledgerId, entryId, opts) === 'ioerror' || this.rng.chance(this.faults.readIoErrorRate)) {
      throw new QuireError('IO_ERROR', `bookie ${this.id}: injected read I/O error`);
    }
    let l = this.ledgers.get(ledgerId);
    if (opts.fence) {
      if (!opts.masterKey) throw new QuireError('UNAUTHORIZED', 'fence without a master key');
      l = this.ledgerFor(ledgerId, opts.masterKey);
      this.log.push(`fence ${ledgerId} (read ${entryId})`);
      if (!l.fenced) {
        l.fenced = true;
        // The fence is durable before the answer (a crash before that loses it, and the answer).
        const state = l;
        l.fenceDurable = this.diskDelay().then((ok) => {
          if (!ok) state.fenced = false;
          state.fenceDurable = undefined;
          return ok;
        });
      }
      if (l.fenceDurable && !(await l.fenceDurable)) throw this.unavailable();
    }
    if (!l) throw new QuireError('NO_SUCH_LEDGER', `bookie ${this.id}: no ledger ${ledgerId}`);
    const found = entryId === -1n ? this.lastEntry(l)?.[1] : l.entries.get(entryId);
    if (!found) throw new QuireError('NO_SUCH_ENTRY', `bookie ${this.id}: no entry ${ledgerId}:${entryId}`);
    return { entry: found.bytes, maxLac: l.lac };
  }

  async readLac(ledgerId: bigint): Promise<ReadLacResult> {
    if (this.crashed) throw this.unavailable();
    const l = this.ledgers.get(ledgerId);
    if (!l) throw new QuireError('NO_SUCH_LEDGER', `bookie ${this.id}: no ledger ${ledgerId}`);
    const last = this.lastEntry(l);
    if (!last && !l.explicitLac) throw new QuireError('NO_SUCH_ENTRY', `bookie ${this.id}: ledger ${ledgerId} is empty`);
    return { ...(l.explicitLac ? { lacBody: l.explicitLac } : {}), ...(last ? { lastEntryBody: last[1].bytes } : {}) };
  }

  async writeLac(ledgerId: bigint, lac: bigint, masterKey: Buffer, blob: Buffer): Promise<void> {
    if (this.crashed) throw this.unavailable();
    const l = this.ledgerFor(ledgerId, masterKey);
    l.explicitLac = Buffer.from(blob);
    if (!(await this.diskDelay())) throw this.unavailable();
    this.advanceLac(ledgerId, l, lac);
  }

  async forceLedger(_ledgerId: bigint): Promise<void> {
    if (this.crashed) throw this.unavailable();
    if (!(await this.diskDelay())) throw this.unavailable();
  }

  private pollAnswer(l: LedgerState, previousLac: bigint): LongPollResult {
    if (l.lac > previousLac) {
      const e = l.entries.get(previousLac + 1n);
      if (e) return { maxLac: l.lac, entryId: previousLac + 1n, entry: e.bytes };
    }
    return { maxLac: l.lac, entryId: -1n };
  }

  longPollRead(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LongPollResult> {
    if (this.crashed) return Promise.reject(this.unavailable());
    const l = this.ledgers.get(ledgerId);
    if (!l) return Promise.reject(new QuireError('NO_SUCH_LEDGER', `bookie ${this.id}: no ledger ${ledgerId}`));
    if (l.lac > previousLac || timeoutMs <= 0) return Promise.resolve(this.pollAnswer(l, previousLac));
    return new Promise((resolve) => {
      const w: Waiter = { previousLac, resolve, timer: null };
      w.timer = this.sched.setTimeout(() => {
        const ws = this.waiters.get(ledgerId) ?? [];
        this.waiters.set(ledgerId, ws.filter((x) => x !== w));
        resolve(this.pollAnswer(l, previousLac));
      }, timeoutMs);
      const ws = this.waiters.get(ledgerId) ?? [];
      ws.push(w);
      this.waiters.set(ledgerId, ws);
    });
  }

  crash(): void {
    this.crashed = true;
    this.epoch++;
    for (const ws of this.waiters.values()) for (const w of ws) this.sched.clearTimeout(w.timer);
    this.waiters.clear();
    for (const l of this.ledgers.values()) {
      for (const [id, e] of l.entries) if (!e.durable) l.entries.delete(id);
    }
    this.log.push('crash');
  }

  restart(): void {
    this.crashed = false;
    for (const l of this.ledgers.values()) {
      // Rebuild the known LAC as a restarted Java bookie does: from the last entry's LAC field.
      let lac = -1n;
      let last = -1n;
      for (const [id, e] of l.entries) if (id > last) {
        last = id;
        lac = e.bytes.readBigInt64BE(16);
      }
      l.lac = lac;
    }
    this.log.push('restart');
  }

  /** Durable copy of an entry, for the checkers. */
  durableEntry(ledgerId: bigint, entryId: bigint): Buffer | undefined {
    const e = this.ledgers.get(ledgerId)?.entries.get(entryId);
    return e?.durable ? e.bytes : undefined;
  }

  isFenced(ledgerId: bigint): boolean {
    return this.ledgers.get(ledgerId)?.fenced ?? false;
  }
}
