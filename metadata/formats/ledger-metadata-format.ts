// Ledger metadata znode bytes (spec §6.1), versions 1, 2 and 3. Quire writes 3 for new ledgers and
// keeps an existing ledger's version on update, as BookKeeper does.
//
// Byte layout, all versions: ASCII "BookieMetadataFormatVersion" 0x09 <decimal version> 0x0A, then
//   v3: varint(length of message) + binary LedgerMetadataFormat (protobuf "delimited" form);
//       fields in number order: 1 quorumSize, 2 ensembleSize, 3 length, 4 lastEntryId, 5 state,
//       6 segment{1 ensembleMember*, 2 firstEntryId}, 7 digestType + 8 password (only together),
//       9 ackQuorumSize, 10 ctime (if stored), 11 customMetadata{1 key, 2 value}*, 12 cToken.
//   v2: protobuf text format of the same message, without cToken.
//   v1: LF-separated lines: Qw, E, length, then "<firstEntryId>\t<bookie>\t<bookie>..." per
//       segment, then optionally "<lastEntryId>\tCLOSED" (or "-102\tCLOSED" when in recovery).
// Example (E=3 Qw=2 Qa=2, OPEN, CRC32C, "pwd"): header + 52 0802 1003 1800 20ff..ff01 2801 3232
// 0a0e"127.0.0.1:3181"... 1000 3803 4203"pwd" 4802 6000 (golden test in ledger-metadata-format.test.ts).
import { QuireError, isQuireError } from '../../common/errors.js';
import { ProtoReader, ProtoWriter, WireType } from '../../protocol/protobuf-wire.js';
import {
  buildLedgerMetadata,
  type DigestType,
  type LedgerMetadata,
  type LedgerMetadataInit,
  type LedgerState,
  type Segment,
} from '../ledger-metadata.js';
import { TextReader, parseText, printText, type PrintField } from './text-format.js';

export const METADATA_HEADER = 'BookieMetadataFormatVersion';
const STATE_CODES: Record<LedgerState, number> = { OPEN: 1, IN_RECOVERY: 2, CLOSED: 3 };
const DIGEST_CODES: Record<DigestType, number> = { CRC32: 1, HMAC: 2, CRC32C: 3, DUMMY: 4 };
const STATE_BY_CODE = new Map(Object.entries(STATE_CODES).map(([k, v]) => [v, k as LedgerState]));
const DIGEST_BY_CODE = new Map(Object.entries(DIGEST_CODES).map(([k, v]) => [v, k as DigestType]));
/** v1 marker for "in recovery" in the last line. */
const V1_IN_RECOVERY = -102n;

export function encodeLedgerMetadata(md: LedgerMetadata): Buffer {
  const header = Buffer.from(`${METADATA_HEADER}\t${md.formatVersion}\n`, 'ascii');
  switch (md.formatVersion) {
    case 3: {
      const body = encodeBinary(md);
      const prefix = new ProtoWriter(8).uint32(body.length).finish();
      return Buffer.concat([header, prefix, body]);
    }
    case 2:
      return Buffer.concat([header, Buffer.from(printText(textFields(md)), 'utf8')]);
    case 1:
      return Buffer.concat([header, Buffer.from(encodeV1(md), 'utf8')]);
  }
}

function encodeBinary(md: LedgerMetadata): Buffer {
  const w = new ProtoWriter(256);
  w.tag(1, WireType.VARINT).int32(md.writeQuorumSize);
  w.tag(2, WireType.VARINT).int32(md.ensembleSize);
  w.tag(3, WireType.VARINT).int64(md.length);
  w.tag(4, WireType.VARINT).int64(md.lastEntryId);
  w.tag(5, WireType.VARINT).int32(STATE_CODES[md.state]);
  for (const s of md.segments) {
    w.message(6, (sw) => {
      for (const b of s.bookies) sw.tag(1, WireType.LEN).string(b);
      sw.tag(2, WireType.VARINT).int64(s.firstEntryId);
    });
  }
  if (md.password !== undefined && md.digestType !== undefined) {
    w.tag(7, WireType.VARINT).int32(DIGEST_CODES[md.digestType]);
    w.tag(8, WireType.LEN).bytes(md.password);
  }
  w.tag(9, WireType.VARINT).int32(md.ackQuorumSize);
  if (md.ctime !== undefined) w.tag(10, WireType.VARINT).int64(md.ctime);
  for (const [k, v] of md.customMetadata) {
    w.message(11, (cw) => {
      cw.tag(1, WireType.LEN).string(k);
      cw.tag(2, WireType.LEN).bytes(v);
    });
  }
  w.tag(12, WireType.VARINT).int64(md.cToken);
  return Buffer.from(w.finish());
}

function textFields(md: LedgerMetadata): PrintField[] {
  const f: PrintField[] = [
    ['quorumSize', md.writeQuorumSize],
    ['ensembleSize', md.ensembleSize],
    ['length', md.length],
    ['lastEntryId', md.lastEntryId],
    ['state', { enumName: md.state }],
  ];
  for (const s of md.segments) {
    f.push(['segment', [...s.bookies.map((b): PrintField => ['ensembleMember', b]), ['firstEntryId', s.firstEntryId]]]);
  }
  if (md.password !== undefined && md.digestType !== undefined) {
    f.push(['digestType', { enumName: md.digestType }]);
    f.push(['password', md.password]);
  }
  f.push(['ackQuorumSize', md.ackQuorumSize]);
  if (md.ctime !== undefined) f.push(['ctime', md.ctime]);
  for (const [k, v] of md.customMetadata) f.push(['customMetadata', [['key', k], ['value', v]]]);
  return f;
}

function encodeV1(md: LedgerMetadata): string {
  const lines = [String(md.writeQuorumSize), String(md.ensembleSize), String(md.length)];
  for (const s of md.segments) lines.push([String(s.firstEntryId), ...s.bookies].join('\t'));
  if (md.state === 'IN_RECOVERY') lines.push(`${V1_IN_RECOVERY}\tCLOSED`);
  else if (md.state === 'CLOSED') lines.push(`${md.lastEntryId}\tCLOSED`);
  return lines.join('\n');
}

/**
 * Parses ledger node bytes. `what` names the znode in errors. Anything unparseable is
 * METADATA_CORRUPT (never "no such ledger"), so callers never overwrite it.
 */
export function decodeLedgerMetadata(bytes: Buffer, what: string): LedgerMetadata {
  const corrupt = (msg: string): never => {
    throw new QuireError('METADATA_CORRUPT', `ledger metadata at ${what}: ${msg}`);
  };
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) corrupt('no format header line');
  const header = bytes.subarray(0, nl).toString('latin1');
  const m = /^BookieMetadataFormatVersion\t([0-9]{1,10})$/.exec(header);
  if (!m) corrupt(`bad format header ${JSON.stringify(header.slice(0, 60))}`);
  const version = Number(m![1]);
  const body = bytes.subarray(nl + 1);
  if (version < 1 || version > 3) corrupt(`unsupported metadata format version ${version}`);
  try {
    if (version === 3) return decodeBinary(body);
    if (version === 2) return decodeText(body.toString('utf8'));
    return decodeV1(body.toString('utf8'));
  } catch (e) {
    if (isQuireError(e) && (e.code === 'METADATA_CORRUPT' || e.code === 'BAD_REQUEST' || e.code === 'INVALID_ARGUMENT')) {
      return corrupt(`version ${version}: ${e.message}`);
    }
    throw e;
  }
}

function checked(init: LedgerMetadataInit): LedgerMetadata {
  try {
    return buildLedgerMetadata(init);
  } catch (e) {
    throw new QuireError('METADATA_CORRUPT', e instanceof Error ? e.message : String(e));
  }
}

function toInt32(v: bigint, name: string): number {
  if (v < -0x80000000n || v > 0x7fffffffn) throw new QuireError('METADATA_CORRUPT', `${name} out of int32 range: ${v}`);
  return Number(v);
}

function decodeBinary(body: Buffer): LedgerMetadata {
  const lenReader = new ProtoReader(body);
  const len = lenReader.uint32();
  if (body.length - lenReader.pos < len) throw new QuireError('METADATA_CORRUPT', `message length ${len} exceeds the ${body.length - lenReader.pos} bytes present`);
  const r = new ProtoReader(body, lenReader.pos, lenReader.pos + len);
  let qw: number | undefined;
  let e: number | undefined;
  let length: bigint | undefined;
  let lastEntryId: bigint | undefined;
  let state: LedgerState | undefined;
  const segments: Segment[] = [];
  let digestCode: number | undefined;
  let password: Buffer | undefined;
  let qa: number | undefined;
  let ctime: bigint | undefined;
  const custom = new Map<string, Buffer>();
  let cToken = 0n;
  while (!r.done) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wt = tag & 7;
    const expect = (t: number): void => {
      if (wt !== t) throw new QuireError('METADATA_CORRUPT', `field ${field} has wire type ${wt}, expected ${t}`);
    };
    switch (field) {
      case 1: expect(0); qw = r.int32(); break;
      case 2: expect(0); e = r.int32(); break;
      case 3: expect(0); length = r.int64(); break;
      case 4: expect(0); lastEntryId = r.int64(); break;
      case 5: {
        expect(0);
        const code = r.int32();
        state = STATE_BY_CODE.get(code);
        if (state === undefined) throw new QuireError('METADATA_CORRUPT', `unknown state ${code}`);
        break;
      }
      case 6: {
        expect(2);
        const sr = r.sub();
        const bookies: string[] = [];
        let first: bigint | undefined;
        while (!sr.done) {
          const st = sr.uint32();
          if (st >>> 3 === 1 && (st & 7) === 2) bookies.push(sr.string());
          else if (st >>> 3 === 2 && (st & 7) === 0) first = sr.int64();
          else sr.skip(st & 7);
        }
        if (first === undefined) throw new QuireError('METADATA_CORRUPT', 'segment without firstEntryId');
        segments.push({ firstEntryId: first, bookies });
        break;
      }
      case 7: expect(0); digestCode = r.int32(); break;
      case 8: expect(2); password = Buffer.from(r.bytes()); break;
      case 9: expect(0); qa = r.int32(); break;
      case 10: expect(0); ctime = r.int64(); break;
      case 11: {
        expect(2);
        const cr = r.sub();
        let key = '';
        let value = Buffer.alloc(0);
        while (!cr.done) {
          const ct = cr.uint32();
          if (ct >>> 3 === 1 && (ct & 7) === 2) key = cr.string();
          else if (ct >>> 3 === 2 && (ct & 7) === 2) value = Buffer.from(cr.bytes());
          else cr.skip(ct & 7);
        }
        custom.set(key, value);
        break;
      }
      case 12: expect(0); cToken = r.int64(); break;
      default:
        r.skip(wt);
    }
  }
  if (qw === undefined || e === undefined || length === undefined || state === undefined) {
    throw new QuireError('METADATA_CORRUPT', 'missing a required field (quorumSize, ensembleSize, length or state)');
  }
  let digestType: DigestType | undefined;
  if (password !== undefined) {
    // protobuf-java returns the enum's first value when the field is absent.
    digestType = DIGEST_BY_CODE.get(digestCode ?? 1);
    if (digestType === undefined) throw new QuireError('METADATA_CORRUPT', `unknown digestType ${digestCode}`);
  }
  return checked({
    formatVersion: 3,
    ensembleSize: e,
    writeQuorumSize: qw,
    ackQuorumSize: qa ?? qw,
    state,
    lastEntryId: lastEntryId ?? -1n,
    length,
    segments,
    ...(digestType !== undefined ? { digestType, password: password! } : {}),
    customMetadata: custom,
    ...(ctime !== undefined ? { ctime } : {}),
    cToken,
  });
}

const TEXT_FIELDS = ['quorumSize', 'ensembleSize', 'length', 'lastEntryId', 'state', 'segment', 'digestType', 'password', 'ackQuorumSize', 'ctime', 'customMetadata', 'cToken'];

function decodeText(text: string): LedgerMetadata {
  const r = new TextReader(parseText(text), 'v2 text');
  r.checkKnown(TEXT_FIELDS);
  const qw = toInt32(r.int('quorumSize', true), 'quorumSize');
  const e = toInt32(r.int('ensembleSize', true), 'ensembleSize');
  const stateName = r.enumName('state', false) ?? 'OPEN';
  if (!(stateName in STATE_CODES)) throw new QuireError('METADATA_CORRUPT', `unknown state ${stateName}`);
  const segments: Segment[] = r.messages('segment').map((s) => {
    s.checkKnown(['ensembleMember', 'firstEntryId']);
    return { firstEntryId: s.int('firstEntryId', true), bookies: s.all('ensembleMember').map((v) => s.bytesOf('ensembleMember', v).toString('utf8')) };
  });
  const password = r.bytes('password', false);
  let digestType: DigestType | undefined;
  if (password !== undefined) {
    const d = r.enumName('digestType', false) ?? 'CRC32';
    if (!(d in DIGEST_CODES)) throw new QuireError('METADATA_CORRUPT', `unknown digestType ${d}`);
    digestType = d as DigestType;
  }
  const custom = new Map<string, Buffer>();
  for (const c of r.messages('customMetadata')) custom.set(c.string('key', false) ?? '', c.bytes('value', false) ?? Buffer.alloc(0));
  const qa = r.int('ackQuorumSize', false);
  const ctime = r.int('ctime', false);
  return checked({
    formatVersion: 2,
    ensembleSize: e,
    writeQuorumSize: qw,
    ackQuorumSize: qa === undefined ? qw : toInt32(qa, 'ackQuorumSize'),
    state: stateName as LedgerState,
    lastEntryId: r.int('lastEntryId', false) ?? -1n,
    length: r.int('length', true),
    segments,
    ...(digestType !== undefined ? { digestType, password: password! } : {}),
    customMetadata: custom,
    ...(ctime !== undefined ? { ctime } : {}),
    cToken: r.int('cToken', false) ?? 0n,
  });
}

function decodeV1(text: string): LedgerMetadata {
  const lines = text.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
  const num = (s: string | undefined, name: string): bigint => {
    if (s === undefined || !/^-?[0-9]{1,19}$/.test(s.trim())) throw new QuireError('METADATA_CORRUPT', `v1: bad ${name} line ${JSON.stringify(s)}`);
    return BigInt(s.trim());
  };
  if (lines.length < 4) throw new QuireError('METADATA_CORRUPT', `v1: expected at least 4 lines, got ${lines.length}`);
  const qw = toInt32(num(lines[0], 'write quorum'), 'write quorum');
  const e = toInt32(num(lines[1], 'ensemble size'), 'ensemble size');
  const length = num(lines[2], 'length');
  const segments: Segment[] = [];
  let state: LedgerState = 'OPEN';
  let lastEntryId = -1n;
  for (let i = 3; i < lines.length; i++) {
    const parts = lines[i]!.split('\t');
    if (parts[1] === 'CLOSED' && parts.length === 2) {
      if (i !== lines.length - 1) throw new QuireError('METADATA_CORRUPT', 'v1: CLOSED line is not last');
      const last = num(parts[0], 'last entry');
      if (last === V1_IN_RECOVERY) state = 'IN_RECOVERY';
      else {
        state = 'CLOSED';
        lastEntryId = last;
      }
      continue;
    }
    segments.push({ firstEntryId: num(parts[0], 'segment start'), bookies: parts.slice(1) });
  }
  return checked({ formatVersion: 1, ensembleSize: e, writeQuorumSize: qw, ackQuorumSize: qw, state, lastEntryId, length, segments });
}
