// The ledger descriptor (BookKeeper's LedgerDescriptor): what the bookie keeps in memory per
// ledger it stores: the master key every write must match, the fence flag, the explicit LAC blob,
// the known LAC and last entry id, and the long-poll waiters on its LAC (lac-long-poll.ts).
// Checkpoints persist it as a LedgerInfo in the ledger index; at open it is rebuilt from there.
import type { TimerHandle } from '../common/timers.js';
import { QuireError } from '../common/errors.js';
import type { LacWaitResult } from './bookie.js';
import type { LedgerInfo } from './storage/ledger-index-format.js';

/** A long-poll wait on one ledger's LAC (bounded and timed by LacLongPoll). */
export interface LacWaiter {
  readonly previousLac: bigint;
  readonly resolve: (r: LacWaitResult) => void;
  timer: TimerHandle | undefined;
}

export const EMPTY_KEY = Buffer.alloc(0);

export function isZeroKey(k: Buffer): boolean {
  for (let i = 0; i < k.length; i++) if (k[i] !== 0) return false;
  return true;
}

export function copyOf(b: Buffer): Buffer {
  const c = Buffer.allocUnsafe(b.length);
  b.copy(c);
  return c;
}

export class LedgerDescriptor {
  /** Set while the fence record is not yet durable; later fence calls wait on it. */
  fenceDurable: Promise<void> | undefined = undefined;
  lacUpdatedAt: number | undefined = undefined;
  waiters: Set<LacWaiter> | undefined = undefined;

  constructor(
    public masterKey: Buffer,
    public fenced = false,
    public explicitLac: Buffer | undefined = undefined,
    public knownLac = -1n,
    public lastEntryId = -1n,
  ) {}

  /** The descriptor of a ledger found in the index at open. */
  static fromInfo(info: LedgerInfo): LedgerDescriptor {
    return new LedgerDescriptor(info.masterKey, info.fenced, info.explicitLac, info.lastKnownLac, info.lastEntryId);
  }

  /** What a checkpoint writes to the index for this ledger. */
  toInfo(): LedgerInfo {
    return { fenced: this.fenced, masterKey: this.masterKey, lastKnownLac: this.knownLac, lastEntryId: this.lastEntryId, explicitLac: this.explicitLac };
  }

  /** The answer to a LAC read or an ended long poll. */
  lacResult(): LacWaitResult {
    return this.lacUpdatedAt === undefined ? { lac: this.knownLac } : { lac: this.knownLac, lacUpdateTimestampMs: this.lacUpdatedAt };
  }
}

/**
 * Checks masterKey against the ledger's stored key (spec §4.5). Returns true when the key must
 * be (re)recorded: a new ledger, or a stored all-zero key being overwritten.
 */
export function keyNeedsRecording(st: LedgerDescriptor | undefined, ledgerId: bigint, masterKey: Buffer): boolean {
  if (st === undefined) return true;
  if (st.masterKey.equals(masterKey)) return false;
  if (isZeroKey(st.masterKey)) return true;
  throw new QuireError('UNAUTHORIZED', `master key mismatch for ledger ${ledgerId}`);
}
