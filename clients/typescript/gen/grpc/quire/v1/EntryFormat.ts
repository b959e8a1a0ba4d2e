// Original file: proto/quire/v1/ledger.proto

/**
 * How a ledger's entries are stored, chosen at create time (recorded in the ledger's custom
 * metadata as quire.envelope; ledgers without it, e.g. written by other BookKeeper clients, are raw).
 */
export const EntryFormat = {
  /**
   * the default: raw
   */
  ENTRY_FORMAT_UNSPECIFIED: 'ENTRY_FORMAT_UNSPECIFIED',
  /**
   * Each entry is exactly the caller's bytes: every BookKeeper client reads what was sent.
   */
  ENTRY_FORMAT_RAW: 'ENTRY_FORMAT_RAW',
  /**
   * Each entry carries the gateway's envelope (docs/gateway.md); needed for exactly-once appends.
   */
  ENTRY_FORMAT_ENVELOPE: 'ENTRY_FORMAT_ENVELOPE',
} as const;

/**
 * How a ledger's entries are stored, chosen at create time (recorded in the ledger's custom
 * metadata as quire.envelope; ledgers without it, e.g. written by other BookKeeper clients, are raw).
 */
export type EntryFormat =
  /**
   * the default: raw
   */
  | 'ENTRY_FORMAT_UNSPECIFIED'
  | 0
  /**
   * Each entry is exactly the caller's bytes: every BookKeeper client reads what was sent.
   */
  | 'ENTRY_FORMAT_RAW'
  | 1
  /**
   * Each entry carries the gateway's envelope (docs/gateway.md); needed for exactly-once appends.
   */
  | 'ENTRY_FORMAT_ENVELOPE'
  | 2

/**
 * How a ledger's entries are stored, chosen at create time (recorded in the ledger's custom
 * metadata as quire.envelope; ledgers without it, e.g. written by other BookKeeper clients, are raw).
 */
export type EntryFormat__Output = typeof EntryFormat[keyof typeof EntryFormat]
