// The gateway's entry envelope: what the gateway stores in a ledger entry around the caller's
// payload, so that exactly-once appends survive a gateway failover. The instance that takes over a
// ledger rebuilds the (producer, sequence) -> entry id table by reading the entries themselves;
// nothing lives only in a gateway's memory. Readers through the gateway get the payload only.
//
// Only ledgers created with entryFormat ENVELOPE (entry-format.ts) carry it: custom metadata
// `quire.envelope` = `1`, and every entry of such a ledger has this layout (others are raw):
//
//   offset  size  field
//   0       1     version      0x01
//   1       1     flags        bit 0: producer present; other bits must be 0
//   -- only when bit 0 is set --
//   2       2     idLength     u16 big-endian, 1..1024
//   4       n     producerId   UTF-8, n = idLength
//   4+n     8     sequence     i64 big-endian, >= 0
//   -- always --
//   ...     rest  payload      the caller's bytes, unchanged
//
// An entry without a producer costs 2 bytes. Golden bytes: entry-envelope.test.ts.
import { QuireError } from '../common/errors.js';
import { INT64_MAX } from '../common/ids.js';

export const ENVELOPE_METADATA_KEY = 'quire.envelope';
export const ENVELOPE_VERSION = 1;
const FLAG_PRODUCER = 0x01;
export const MAX_PRODUCER_ID_BYTES = 1024;

export interface Envelope {
  readonly producerId?: string;
  readonly sequence?: bigint;
  readonly payload: Buffer;
}

export function encodeEnvelope(e: Envelope): Buffer {
  if ((e.producerId === undefined) !== (e.sequence === undefined)) throw new QuireError('INVALID_ARGUMENT', 'producerId and sequence go together');
  if (e.producerId === undefined || e.sequence === undefined) {
    const out = Buffer.allocUnsafe(2 + e.payload.length);
    out[0] = ENVELOPE_VERSION;
    out[1] = 0;
    e.payload.copy(out, 2);
    return out;
  }
  const id = Buffer.from(e.producerId, 'utf8');
  if (id.length < 1 || id.length > MAX_PRODUCER_ID_BYTES) throw new QuireError('INVALID_ARGUMENT', `producer id must be 1..${MAX_PRODUCER_ID_BYTES} bytes`);
  if (e.sequence < 0n || e.sequence > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', 'sequence must be in [0, 2^63-1]');
  const out = Buffer.allocUnsafe(2 + 2 + id.length + 8 + e.payload.length);
  out[0] = ENVELOPE_VERSION;
  out[1] = FLAG_PRODUCER;
  out.writeUInt16BE(id.length, 2);
  id.copy(out, 4);
  out.writeBigInt64BE(e.sequence, 4 + id.length);
  e.payload.copy(out, 12 + id.length);
  return out;
}

/** Decodes an enveloped entry. A malformed envelope is METADATA_CORRUPT-class data damage: INTERNAL. */
export function decodeEnvelope(bytes: Buffer): Envelope {
  if (bytes.length < 2) throw new QuireError('INTERNAL', `entry of ${bytes.length} bytes is too short for a gateway envelope`);
  if (bytes[0] !== ENVELOPE_VERSION) throw new QuireError('INTERNAL', `unknown gateway envelope version ${bytes[0]}`);
  const flags = bytes[1]!;
  if ((flags & ~FLAG_PRODUCER) !== 0) throw new QuireError('INTERNAL', `unknown gateway envelope flags 0x${flags.toString(16)}`);
  if ((flags & FLAG_PRODUCER) === 0) return { payload: bytes.subarray(2) };
  if (bytes.length < 4) throw new QuireError('INTERNAL', 'gateway envelope truncated in the producer id length');
  const n = bytes.readUInt16BE(2);
  if (n < 1 || n > MAX_PRODUCER_ID_BYTES || bytes.length < 12 + n) throw new QuireError('INTERNAL', `gateway envelope has a bad producer id length ${n}`);
  const sequence = bytes.readBigInt64BE(4 + n);
  if (sequence < 0n) throw new QuireError('INTERNAL', 'gateway envelope has a negative sequence');
  return { producerId: bytes.toString('utf8', 4, 4 + n), sequence, payload: bytes.subarray(12 + n) };
}

/** Payload of an entry as stored, given whether its ledger carries envelopes. */
export function payloadOf(bytes: Buffer, enveloped: boolean): Buffer {
  return enveloped ? decodeEnvelope(bytes).payload : bytes;
}
