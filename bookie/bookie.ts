// The bookie's storage-side contract: what the request processor (bookie/server/) asks of the
// journal + ledger storage, in BookKeeper's vocabulary. Every method either resolves or throws a
// QuireError whose code maps to a wire status through common/errors.ts (NO_SUCH_LEDGER → ENOLEDGER,
// NO_SUCH_ENTRY → ENOENTRY, UNAUTHORIZED → EUA, LEDGER_FENCED → EFENCED, IO_ERROR → EIO,
// BOOKIE_READ_ONLY → EREADONLY, TOO_MANY_REQUESTS → ETOOMANYREQUESTS).
//
// Durability rules (docs/durability.md):
// - addEntry resolves only after the journal record holding the entry is fdatasync'd (unless
//   deferredSync, which resolves once written to the journal buffer; forceLedger makes it durable).
// - fenceLedger resolves only after the fence record is fdatasync'd.
// - the master key is journaled with the first record that names the ledger.
// - writeLac journals the explicit-LAC blob before resolving.

export interface AddOptions {
  /** RECOVERY_ADD: accepted even when the ledger is fenced. */
  readonly recovery: boolean;
  /** DEFERRED_SYNC write flag: ack before the fsync. */
  readonly deferredSync: boolean;
  /** High-priority (recovery) request; may write to a read-only bookie when configured to allow it. */
  readonly highPriority: boolean;
}

export interface LacWaitResult {
  /** The bookie's known LAC when the wait ended (-1n if none). */
  readonly lac: bigint;
  /** Wall-clock ms at which the LAC last advanced, if known. */
  readonly lacUpdateTimestampMs?: number;
}

export interface BookieInfo {
  readonly totalDiskCapacity: bigint;
  readonly freeDiskSpace: bigint;
}

export interface Bookie {
  /**
   * Stores a digest-wrapped entry (bytes 0..7 ledger id, 8..15 entry id, 16..23 LAC). Creates the
   * ledger on first add, recording masterKey. Re-adds of the same entry overwrite and succeed.
   */
  addEntry(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions): Promise<void>;

  /**
   * Optional callback form of addEntry for the server's hot path (no promise per add): `done` is
   * called exactly once, with undefined on success (same moment addEntry would resolve) or the
   * error addEntry would reject with. It may be called before addEntryCb returns.
   */
  addEntryCb?(ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options: AddOptions, done: (err: unknown) => void): void;

  /** Reads a stored entry; entryId -1n means the last entry this bookie holds. No key check. */
  readEntry(ledgerId: bigint, entryId: bigint): Promise<Buffer>;

  /**
   * Optional run read for v2 batch reads: entries startEntryId (>= 0), +1, ... in order without
   * gaps, at most maxCount, with sum(entry bytes + perEntryBytes) <= maxBytes past the first.
   * Rejects as readEntry when the first cannot be read; a failure after some entries ends the
   * run and is returned as `error` (BookKeeper answers what it read).
   */
  readEntries?(ledgerId: bigint, startEntryId: bigint, limits: { maxCount: number; maxBytes: number; perEntryBytes: number }): Promise<{ entries: Buffer[]; error?: unknown }>;

  /** Fences a ledger (creating it with masterKey if unknown); resolves once the fence is durable. */
  fenceLedger(ledgerId: bigint, masterKey: Buffer): Promise<void>;

  /** The bookie's known LAC for a ledger (max of stored entries' LAC fields and explicit LACs). */
  getLastAddConfirmed(ledgerId: bigint): Promise<bigint>;

  /**
   * Long poll: resolves when the known LAC becomes > previousLac, or after timeoutMs with the
   * current LAC. Throws NO_SUCH_LEDGER for unknown ledgers. Bounded: the number of waiters is capped
   * (TOO_MANY_REQUESTS beyond it).
   */
  waitForLacUpdate(ledgerId: bigint, previousLac: bigint, timeoutMs: number): Promise<LacWaitResult>;

  /** WRITE_LAC: stores the blob, advances the known LAC from bytes 8..15, journals it. */
  setExplicitLac(ledgerId: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void>;

  /** READ_LAC parts: the explicit LAC blob and the last stored entry, either may be absent. */
  readLac(ledgerId: bigint): Promise<{ lacBody?: Buffer; lastEntryBody?: Buffer }>;

  /** FORCE_LEDGER: resolves once everything journaled for the ledger so far is durable. */
  forceLedger(ledgerId: bigint): Promise<void>;

  /** Sorted ids of the entries this bookie stores for the ledger. */
  listEntries(ledgerId: bigint): Promise<bigint[]>;

  getBookieInfo(): Promise<BookieInfo>;

  readonly isReadOnly: boolean;

  /** Flushes what must be flushed and closes files. Idempotent. */
  close(): Promise<void>;
}
