// The gateway's transport-free ledger service: what REST (gateway/rest/) and gRPC (gateway/grpc/)
// both call, with the same semantics. Ids are bigint here; transports render them as strings.
// Errors are QuireError codes from common/errors.ts; transports map them through that one table
// (HTTP problem+json / gRPC status), never on their own.

export type DigestTypeName = 'CRC32' | 'CRC32C' | 'HMAC' | 'DUMMY';
export type LedgerStateName = 'OPEN' | 'IN_RECOVERY' | 'CLOSED';
/** RAW: entries are the caller's bytes. ENVELOPE: each entry framed by the gateway (exactly-once). */
export type EntryFormatName = 'RAW' | 'ENVELOPE';

export interface CreateLedgerRequest {
  readonly ensembleSize?: number;
  readonly writeQuorumSize?: number;
  readonly ackQuorumSize?: number;
  readonly digestType?: DigestTypeName;
  readonly password?: Buffer;
  readonly customMetadata?: Readonly<Record<string, string>>;
  /** RAW (default): entries are the caller's bytes. ENVELOPE: framed, needed for exactly-once appends. */
  readonly entryFormat?: EntryFormatName;
  /**
   * Idempotency: creates with the same request id (from any instance) give the same ledger; a
   * retry after a lost answer does not leave a second, orphaned ledger open.
   */
  readonly requestId?: string;
}

export interface LedgerInfo {
  readonly ledgerId: bigint;
  readonly state: LedgerStateName;
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
  readonly digestType: DigestTypeName;
  /** Last entry of a closed ledger; the last add confirmed known to the gateway otherwise. */
  readonly lastEntryId: bigint;
  readonly entryFormat: EntryFormatName;
  /** BookKeeper's ledger length: bytes stored up to lastEntryId (envelopes included). */
  readonly storedLength: bigint;
  /** Sum of the callers' payload bytes up to lastEntryId; undefined when not known (docs/gateway.md). */
  readonly payloadLength?: bigint;
  readonly segments: ReadonlyArray<{ readonly firstEntryId: bigint; readonly bookies: readonly string[] }>;
  readonly customMetadata: Readonly<Record<string, string>>;
  readonly createdAtMs?: number;
  /** Gateway instance currently holding the write handle, if any. */
  readonly owner?: string;
}

export interface AppendOptions {
  readonly password?: Buffer;
  /** Compare-and-append: fail with a conflict unless the entry gets exactly this id. */
  readonly expectedEntryId?: bigint;
  /** Exactly-once: a retry with the same (producerId, sequence) returns the first append's receipt. */
  readonly producerId?: string;
  readonly sequence?: bigint;
}

/** What an acknowledged append proves. */
export interface DurabilityReceipt {
  readonly ledgerId: bigint;
  readonly entryId: bigint;
  /** LAC after this append (≥ entryId: the entry is confirmed). */
  readonly lastAddConfirmed: bigint;
  /** Bookies of the entry's write set (where it is stored). */
  readonly writeSet: readonly string[];
  readonly ackQuorumSize: number;
  /** True when this is a replay of an earlier append with the same (producerId, sequence). */
  readonly duplicate: boolean;
  /** Bookies that acked (fsync'd) the entry before the gateway acked it (≥ Qa); absent on duplicates. */
  readonly ackedBy?: readonly string[];
}

export interface Entry {
  readonly entryId: bigint;
  readonly data: Buffer;
}

export interface ReadRangeRequest {
  readonly password?: Buffer;
  readonly fromEntryId: bigint;
  /** Bounds: at most this many entries and (about) this many bytes; the server caps both. */
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  /** Read past the LAC (entries not yet confirmed may still disappear after recovery). */
  readonly unconfirmed?: boolean;
}

export interface ReadRangeResult {
  readonly entries: Entry[];
  /** Where the next page starts; absent when the range reached the end known now. */
  readonly nextEntryId?: bigint;
  readonly lastAddConfirmed: bigint;
  readonly sealed: boolean;
}

export interface TailRequest {
  readonly password?: Buffer;
  readonly fromEntryId: bigint;
  /** Long-poll wait for new entries when none are available now (ms, capped by the server). */
  readonly waitMs?: number;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

export interface SealResult {
  readonly ledgerId: bigint;
  readonly lastEntryId: bigint;
  /** BookKeeper's ledger length (bytes stored, envelopes included). */
  readonly storedLength: bigint;
  /** Sum of payload bytes; undefined when not known. */
  readonly payloadLength?: bigint;
}

export interface ListLedgersResult {
  readonly ledgerIds: bigint[];
  readonly nextPageToken?: string;
}

export interface LedgerService {
  createLedger(req: CreateLedgerRequest): Promise<LedgerInfo>;
  append(ledgerId: bigint, data: Buffer, opts?: AppendOptions): Promise<DurabilityReceipt>;
  /** All-or-nothing from the caller's view: entries get consecutive ids; on error none was acked. */
  appendBatch(ledgerId: bigint, data: Buffer[], opts?: AppendOptions): Promise<DurabilityReceipt[]>;
  readEntry(ledgerId: bigint, entryId: bigint, opts?: { password?: Buffer; unconfirmed?: boolean }): Promise<Entry>;
  readRange(ledgerId: bigint, req: ReadRangeRequest): Promise<ReadRangeResult>;
  /** The LAC (for a sealed ledger: its last entry). */
  lastAddConfirmed(ledgerId: bigint, opts?: { password?: Buffer }): Promise<{ lastAddConfirmed: bigint; sealed: boolean }>;
  /** Confirmed entries from `fromEntryId` on, waiting up to waitMs for the first one. */
  tail(ledgerId: bigint, req: TailRequest): Promise<ReadRangeResult>;
  /** Writer's close: seals at the LAC. */
  close(ledgerId: bigint, opts?: { password?: Buffer }): Promise<SealResult>;
  /** Fence + recover + close a ledger whose writer may be dead; returns the sealed end. */
  recover(ledgerId: bigint, opts?: { password?: Buffer }): Promise<SealResult>;
  /** The password is checked when the ledger has one (omit = empty password). */
  delete(ledgerId: bigint, opts?: { password?: Buffer }): Promise<void>;
  list(opts: { pageSize?: number; pageToken?: string }): Promise<ListLedgersResult>;
  metadata(ledgerId: bigint): Promise<LedgerInfo>;
  /** Ready when metadata and enough bookies are reachable. */
  readiness(): Promise<{ ready: boolean; reason?: string }>;
  shutdown(): Promise<void>;
}
