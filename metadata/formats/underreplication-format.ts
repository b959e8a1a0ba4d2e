// The text-format nodes of BookKeeper's under-replication tree (DataFormats.proto), byte for byte
// what protobuf TextFormat prints so BookKeeper's ZkLedgerUnderreplicationManager reads Quire's
// nodes and Quire reads BookKeeper's:
//   ledgers/.../urL<id>     UnderreplicatedLedgerFormat { repeated string replica = 1; optional int64 ctime = 2; }
//                           e.g. replica: "10.0.0.5:3181"\nctime: 1700000000000\n
//   locks/urL<id>           LockDataFormat { optional string bookieId = 1; }
//   auditorelection/V_<n>   AuditorVoteFormat { optional string bookieId = 1; } (also the election node's data)
//   LAYOUT                  LedgerRereplicationLayoutFormat { required string type = 1; required int32 version = 2; }: type: "BASIC"\nversion: 1\n
import { QuireError } from '../../common/errors.js';
import { TextReader, parseText, printText, type PrintField } from './text-format.js';

export interface UnderreplicatedLedgerRecord {
  /** The bookies of the ledger's ensembles found missing (BookKeeper's "replica" list). */
  readonly replicas: readonly string[];
  /** When it was marked (ms since the epoch); undefined when the writer did not store it. */
  readonly ctime?: number;
}

export function encodeUnderreplicatedLedger(r: UnderreplicatedLedgerRecord): Buffer {
  const fields: PrintField[] = r.replicas.map((b) => ['replica', b] as const);
  if (r.ctime !== undefined) fields.push(['ctime', BigInt(r.ctime)]);
  return Buffer.from(printText(fields), 'utf8');
}

export function decodeUnderreplicatedLedger(bytes: Buffer, what: string): UnderreplicatedLedgerRecord {
  const r = new TextReader(parseText(bytes.toString('utf8')), `under-replicated ledger ${what}`);
  r.checkKnown(['replica', 'ctime']);
  const replicas = r.all('replica').map((v) => r.bytesOf('replica', v).toString('utf8'));
  const ctime = r.int('ctime', false);
  return ctime === undefined ? { replicas } : { replicas, ctime: Number(ctime) };
}

/** LockDataFormat and AuditorVoteFormat: one optional bookieId string. */
export function encodeBookieIdFormat(bookieId: string | undefined): Buffer {
  return Buffer.from(printText(bookieId === undefined ? [] : [['bookieId', bookieId]]), 'utf8');
}

export function decodeBookieIdFormat(bytes: Buffer, what: string): string | undefined {
  const r = new TextReader(parseText(bytes.toString('utf8')), what);
  r.checkKnown(['bookieId']);
  return r.string('bookieId', false);
}

export const REREPLICATION_LAYOUT_TYPE = 'BASIC';
export const REREPLICATION_LAYOUT_VERSION = 1;

export function encodeRereplicationLayout(): Buffer {
  return Buffer.from(printText([['type', REREPLICATION_LAYOUT_TYPE], ['version', REREPLICATION_LAYOUT_VERSION]]), 'utf8');
}

/** Throws CONFIG_INVALID for a layout other than BASIC:1 (BookKeeper's CompatibilityException). */
export function checkRereplicationLayout(bytes: Buffer, what: string): void {
  const r = new TextReader(parseText(bytes.toString('utf8')), `under-replication layout ${what}`);
  const type = r.string('type', true);
  const version = Number(r.int('version', true));
  if (type !== REREPLICATION_LAYOUT_TYPE || version !== REREPLICATION_LAYOUT_VERSION) {
    throw new QuireError('CONFIG_INVALID', `under-replication layout ${what} is ${type}:${version}; Quire (like BookKeeper) understands ${REREPLICATION_LAYOUT_TYPE}:${REREPLICATION_LAYOUT_VERSION}`);
  }
}
