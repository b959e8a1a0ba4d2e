// Decoded forms of the bookie wire protocol's messages (spec §2 and §3), shared by the bookie
// server and the quorum client. Field names follow BookkeeperProtocol.proto (proto/bookkeeper/).
// Codecs: protocol/v3-codec.ts (protobuf), protocol/v2-codec.ts (binary), protocol/frame.ts (framing).

export const ProtocolVersion = { VERSION_ONE: 1, VERSION_TWO: 2, VERSION_THREE: 3 } as const;

export const OperationType = {
  READ_ENTRY: 1,
  ADD_ENTRY: 2,
  RANGE_READ_ENTRY: 3,
  RANGE_ADD_ENTRY: 4,
  AUTH: 5,
  WRITE_LAC: 6,
  READ_LAC: 7,
  GET_BOOKIE_INFO: 8,
  START_TLS: 9,
  FORCE_LEDGER: 10,
  GET_LIST_OF_ENTRIES_OF_LEDGER: 11,
  BATCH_READ_ENTRY: 12,
} as const;

export const ReadFlag = { FENCE_LEDGER: 1, ENTRY_PIGGYBACK: 2 } as const;
export const AddFlag = { RECOVERY_ADD: 1 } as const;
export const WriteFlag = { DEFERRED_SYNC: 0x1 } as const;
export const BookieInfoFlag = { TOTAL_DISK_CAPACITY: 0x01n, FREE_DISK_SPACE: 0x02n } as const;

/** Priority the Java client puts on recovery adds and reads. */
export const RECOVERY_PRIORITY = 100;

/** Name a bookie with auth disabled answers AUTH requests with (spec §2.5). */
export const AUTH_DISABLED_PLUGIN = 'AuthDisabledPlugin';

export interface PacketHeader {
  version: number;
  operation: number;
  txnId: bigint;
  priority?: number;
}

export interface ReadRequest {
  flag?: number;
  ledgerId: bigint;
  entryId: bigint;
  masterKey?: Buffer;
  previousLAC?: bigint;
  timeOut?: bigint;
}

export interface AddRequest {
  flag?: number;
  ledgerId: bigint;
  entryId: bigint;
  masterKey: Buffer;
  body: Buffer;
  writeFlags?: number;
}

export interface AuthMessage {
  authPluginName: string;
  payload: Buffer;
}

export interface WriteLacRequest {
  ledgerId: bigint;
  lac: bigint;
  masterKey: Buffer;
  body: Buffer;
}

export interface LedgerRequest {
  ledgerId: bigint;
}

export interface GetBookieInfoRequest {
  requested?: bigint;
}

export interface ContextPair {
  key: string;
  value: string;
}

export interface Request {
  header: PacketHeader;
  readRequest?: ReadRequest;
  addRequest?: AddRequest;
  authRequest?: AuthMessage;
  writeLacRequest?: WriteLacRequest;
  readLacRequest?: LedgerRequest;
  getBookieInfoRequest?: GetBookieInfoRequest;
  startTLSRequest?: Record<string, never>;
  forceLedgerRequest?: LedgerRequest;
  getListOfEntriesOfLedgerRequest?: LedgerRequest;
  requestContext?: ContextPair[];
}

export interface ReadResponse {
  status: number;
  ledgerId: bigint;
  entryId: bigint;
  body?: Buffer;
  maxLAC?: bigint;
  lacUpdateTimestamp?: bigint;
}

export interface AddResponse {
  status: number;
  ledgerId: bigint;
  entryId: bigint;
}

export interface LedgerStatusResponse {
  status: number;
  ledgerId: bigint;
}

export interface ReadLacResponse {
  status: number;
  ledgerId: bigint;
  lacBody?: Buffer;
  lastEntryBody?: Buffer;
}

export interface GetBookieInfoResponse {
  status: number;
  totalDiskCapacity?: bigint;
  freeDiskSpace?: bigint;
}

export interface GetListOfEntriesOfLedgerResponse {
  status: number;
  ledgerId: bigint;
  availabilityOfEntriesOfLedger?: Buffer;
}

export interface Response {
  header: PacketHeader;
  status: number;
  readResponse?: ReadResponse;
  addResponse?: AddResponse;
  authResponse?: AuthMessage;
  writeLacResponse?: LedgerStatusResponse;
  readLacResponse?: ReadLacResponse;
  getBookieInfoResponse?: GetBookieInfoResponse;
  startTLSResponse?: Record<string, never>;
  forceLedgerResponse?: LedgerStatusResponse;
  getListOfEntriesOfLedgerResponse?: GetListOfEntriesOfLedgerResponse;
}

// ---- v2 binary protocol (spec §3) ----

export const V2Opcode = {
  ADDENTRY: 1,
  READENTRY: 2,
  AUTH: 3,
  READ_LAC: 4,
  WRITE_LAC: 5,
  GET_BOOKIE_INFO: 6,
  BATCH_READ_ENTRY: 7,
} as const;

export const V2Flag = {
  NONE: 0x0,
  DO_FENCING: 0x1,
  RECOVERY_ADD: 0x2,
  HIGH_PRIORITY: 0x4,
} as const;

/** v2 return codes (the rc int32). */
export const V2Rc = {
  EOK: 0,
  ENOLEDGER: 1,
  ENOENTRY: 2,
  EBADREQ: 100,
  EIO: 101,
  EUA: 102,
  EBADVERSION: 103,
  EFENCED: 104,
  EREADONLY: 105,
  ETOOMANYREQUESTS: 106,
  EUNKNOWNLEDGERSTATE: 107,
} as const;

export const V2_CURRENT_VERSION = 2;
export const MASTER_KEY_LENGTH = 20;

export type V2Request =
  | { kind: 'add'; version: number; flags: number; masterKey: Buffer; ledgerId: bigint; entryId: bigint; body: Buffer }
  | { kind: 'read'; version: number; flags: number; ledgerId: bigint; entryId: bigint; masterKey?: Buffer }
  | { kind: 'auth'; version: number; auth: AuthMessage }
  | {
      kind: 'batch-read';
      version: number;
      flags: number;
      ledgerId: bigint;
      startEntryId: bigint;
      requestId: bigint;
      maxCount: number;
      maxSize: bigint;
      masterKey?: Buffer;
    };

export type V2Response =
  | { kind: 'add'; version: number; rc: number; ledgerId: bigint; entryId: bigint }
  | { kind: 'read'; version: number; rc: number; ledgerId: bigint; entryId: bigint; body?: Buffer }
  | { kind: 'auth'; version: number; auth: AuthMessage }
  | { kind: 'batch-read'; version: number; rc: number; ledgerId: bigint; startEntryId: bigint; requestId: bigint; bodies: Buffer[] };
