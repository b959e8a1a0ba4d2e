// The auditor's "last run" nodes under underreplication/ (BookKeeper's CheckAllLedgersFormat,
// PlacementPolicyCheckFormat, ReplicasCheckFormat in DataFormats.proto): unlike the other nodes
// of the tree these are protobuf binary (toByteArray), each one `optional int64 <x>CTime = 1;`,
// ms since the epoch. 1700000000000 → 08 80 d0 95 ff bc 31. A node without the field reads as
// -1 (BookKeeper's "never ran").
import { QuireError } from '../../common/errors.js';
import { ProtoReader, ProtoWriter, WireType } from '../../protocol/protobuf-wire.js';

const CTIME_TAG = (1 << 3) | WireType.VARINT;

export function encodeCheckCTime(ms: number): Buffer {
  return Buffer.from(new ProtoWriter(16).tag(1, WireType.VARINT).int64(BigInt(ms)).finish());
}

/** The stored time, or -1 when the field is absent (unknown fields are skipped, as protobuf does). */
export function decodeCheckCTime(bytes: Buffer, what: string): number {
  let ctime = -1;
  try {
    const r = new ProtoReader(bytes);
    while (!r.done) {
      const tag = r.uint32();
      if (tag === CTIME_TAG) ctime = Number(r.int64());
      else r.skip(tag & 7);
    }
  } catch (e) {
    throw new QuireError('METADATA_CORRUPT', `${what}: not a protobuf check-time record (${(e as Error).message})`);
  }
  return ctime;
}
