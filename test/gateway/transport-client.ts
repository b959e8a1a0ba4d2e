// A small transport-neutral client of the gateway, so one scenario suite (scenarios.ts) runs over
// REST (rest-transport.ts) and gRPC (the gRPC adapter implements the same interface). Ids are
// decimal strings, payloads Buffers; failures throw TransportError carrying the error-table code.

export interface AppendOpts {
  readonly password?: string;
  readonly producerId?: string;
  readonly sequence?: string;
  readonly expectedEntryId?: string;
}

export interface ReceiptView {
  readonly ledgerId: string;
  readonly entryId: string;
  readonly lastAddConfirmed: string;
  readonly writeSet: readonly string[];
  readonly ackQuorumSize: number;
  readonly duplicate: boolean;
  /** Bookies that acked the entry; absent on duplicates. */
  readonly ackedBy?: readonly string[];
}

export interface PageView {
  readonly entries: readonly { readonly entryId: string; readonly data: Buffer }[];
  readonly nextEntryId?: string;
  readonly lastAddConfirmed: string;
  readonly sealed: boolean;
}

export interface SealView {
  readonly ledgerId: string;
  readonly lastEntryId: string;
  readonly length: string;
  readonly storedLength: string;
  readonly payloadLength?: string;
}

export interface LedgerView {
  readonly ledgerId: string;
  readonly state: 'OPEN' | 'IN_RECOVERY' | 'CLOSED';
  readonly lastEntryId: string;
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
  readonly customMetadata: Readonly<Record<string, string>>;
  readonly owner?: string;
  readonly entryFormat: 'RAW' | 'ENVELOPE';
  readonly storedLength: string;
  readonly payloadLength?: string;
}

export interface CreateOpts {
  readonly password?: string;
  readonly ensembleSize?: number;
  readonly writeQuorumSize?: number;
  readonly ackQuorumSize?: number;
  readonly digestType?: 'CRC32' | 'CRC32C' | 'HMAC' | 'DUMMY';
  readonly customMetadata?: Readonly<Record<string, string>>;
  readonly entryFormat?: 'RAW' | 'ENVELOPE';
}

export interface TransportClient {
  readonly name: string;
  createLedger(opts?: CreateOpts): Promise<LedgerView>;
  info(ledgerId: string): Promise<LedgerView>;
  list(opts?: { pageSize?: number; pageToken?: string }): Promise<{ ledgers: string[]; nextPageToken?: string }>;
  append(ledgerId: string, data: Buffer, opts?: AppendOpts): Promise<ReceiptView>;
  appendBatch(ledgerId: string, data: Buffer[], opts?: AppendOpts): Promise<ReceiptView[]>;
  read(ledgerId: string, from: string, opts?: { password?: string; limit?: number; maxBytes?: number }): Promise<PageView>;
  readEntry(ledgerId: string, entryId: string, opts?: { password?: string }): Promise<Buffer>;
  lac(ledgerId: string, opts?: { password?: string }): Promise<{ lastAddConfirmed: string; sealed: boolean }>;
  tail(ledgerId: string, from: string, waitMs: number, opts?: { password?: string }): Promise<PageView>;
  close(ledgerId: string, opts?: { password?: string }): Promise<SealView>;
  recover(ledgerId: string, opts?: { password?: string }): Promise<SealView>;
  delete(ledgerId: string, opts?: { password?: string }): Promise<void>;
}

/** What every transport reports on failure: the error-table code and its facts. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly field?: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'TransportError';
  }
}

/** For assert.rejects: matches a TransportError with this code (and field). */
export function transportError(code: string, field?: string) {
  return (e: unknown): boolean => {
    if (!(e instanceof TransportError)) throw new Error(`expected TransportError ${code}, got ${String(e)}`);
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.message}`);
    if (field !== undefined && e.field !== field) throw new Error(`expected field ${field}, got ${String(e.field)} (${e.message})`);
    return true;
  };
}
