// Per-bookie operations the quorum logic needs (BookKeeper's BookieClient). Every method resolves
// with the bookie's answer or rejects with a QuireError whose code mirrors the bookie status
// (NO_SUCH_LEDGER, NO_SUCH_ENTRY, IO_ERROR, UNAUTHORIZED, LEDGER_FENCED, BOOKIE_READ_ONLY,
// TOO_MANY_REQUESTS, UNKNOWN_LEDGER_STATE, BAD_REQUEST) or a transport failure (TIMEOUT,
// BOOKIE_UNAVAILABLE). Implementations: tcp-bookie-client.ts (real), the simulation's network.

export interface AddEntryOptions {
  /** RECOVERY_ADD: accepted by a fenced ledger (used by ledger recovery). */
  readonly recovery?: boolean;
  /** DEFERRED_SYNC write flag (v3 only): ack before fsync; forceLedger makes it durable. */
  readonly deferredSync?: boolean;
  /** Recovery traffic travels with high priority. */
  readonly highPriority?: boolean;
}

export interface ReadEntryOptions {
  /** Fence the ledger before reading (needs masterKey). */
  readonly fence?: boolean;
  readonly masterKey?: Buffer;
  readonly highPriority?: boolean;
}

export interface ReadEntryResult {
  /** The stored digest-wrapped entry. */
  readonly entry: Buffer;
  /** The bookie's known LAC (v3 maxLAC), when it sent one. */
  readonly maxLac?: bigint;
}

export interface ReadLacResult {
  /** Explicit-LAC blob, if one was written. */
  readonly lacBody?: Buffer;
  /** The last entry the bookie stores, if any. */
  readonly lastEntryBody?: Buffer;
}

export interface LongPollResult {
  /** The bookie's known LAC when it answered. */
  readonly maxLac: bigint;
  /** previousLac + 1 when the bookie piggybacked that entry, else -1. */
  readonly entryId: bigint;
  readonly entry?: Buffer;
  readonly lacUpdateTimestampMs?: bigint;
}

export interface BatchReadOptions {
  /** At most this many entries (BookKeeper's batchReadAsync maxCount; <= 0: no count bound). */
  readonly maxCount: number;
  /** A reply of at most this many bytes (its maxSize; the bookie also caps it with maxBatchReadSize). */
  readonly maxSizeBytes: number;
  readonly fence?: boolean;
  readonly masterKey?: Buffer;
  readonly highPriority?: boolean;
}

export interface BookieClient {
  addEntry(bookieId: string, ledgerId: bigint, entryId: bigint, masterKey: Buffer, entry: Buffer, options?: AddEntryOptions): Promise<void>;
  readEntry(bookieId: string, ledgerId: bigint, entryId: bigint, options?: ReadEntryOptions): Promise<ReadEntryResult>;
  readLac(bookieId: string, ledgerId: bigint): Promise<ReadLacResult>;
  writeLac(bookieId: string, ledgerId: bigint, lac: bigint, masterKey: Buffer, lacBlob: Buffer): Promise<void>;
  forceLedger(bookieId: string, ledgerId: bigint): Promise<void>;
  /** Long-poll read of entry -1 (spec §5.7): waits up to timeoutMs for the LAC to pass previousLac. */
  longPollRead(bookieId: string, ledgerId: bigint, previousLac: bigint, timeoutMs: number, piggyback: boolean): Promise<LongPollResult>;
  /**
   * BATCH_READ_ENTRY: consecutive digest-wrapped entries from startEntryId, within the options'
   * bounds; stops at the first the bookie cannot read (fails only if the first is).
   */
  batchRead(bookieId: string, ledgerId: bigint, startEntryId: bigint, options: BatchReadOptions): Promise<Buffer[]>;
  /**
   * GET_LIST_OF_ENTRIES_OF_LEDGER (v3 only): the ids of the ledger's entries the bookie holds,
   * ascending; NO_SUCH_LEDGER when it holds none. Optional: test doubles may leave it out.
   */
  getListOfEntriesOfLedger?(bookieId: string, ledgerId: bigint): Promise<bigint[]>;
  close(): Promise<void>;
}
