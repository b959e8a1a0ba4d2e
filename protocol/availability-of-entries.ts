// Codec for GetListOfEntriesOfLedgerResponse.availabilityOfEntriesOfLedger (spec §2.3).
//
// Layout: a 64-byte header (i32 format version = 0, i32 group count, zero padding), then per group
// 24 bytes: i64 firstSequenceStart, i64 lastSequenceStart, i32 sequenceSize, i32 sequencePeriod.
// Entry e is present when firstSequenceStart <= e <= lastSequenceStart + sequenceSize - 1 and
// (e - firstSequenceStart) mod period < sequenceSize; period 0 means one run.
// Quire encodes each maximal run of consecutive ids as one group (period 0), which every reader accepts.
import { QuireError } from '../common/errors.js';

const HEADER_BYTES = 64;
const GROUP_BYTES = 24;

export function encodeAvailability(sortedEntryIds: readonly bigint[]): Buffer {
  const runs: Array<[bigint, number]> = [];
  for (const id of sortedEntryIds) {
    const last = runs[runs.length - 1];
    if (last && last[0] + BigInt(last[1]) === id) last[1]++;
    else runs.push([id, 1]);
  }
  const out = Buffer.alloc(HEADER_BYTES + runs.length * GROUP_BYTES);
  out.writeInt32BE(0, 0);
  out.writeInt32BE(runs.length, 4);
  let off = HEADER_BYTES;
  for (const [start, size] of runs) {
    out.writeBigInt64BE(start, off);
    out.writeBigInt64BE(start, off + 8);
    out.writeInt32BE(size, off + 16);
    out.writeInt32BE(0, off + 20);
    off += GROUP_BYTES;
  }
  return out;
}

/** Expands the encoding to the list of entry ids (bounded by maxEntries to refuse hostile input). */
export function decodeAvailability(buf: Buffer, maxEntries = 10_000_000): bigint[] {
  if (buf.length < HEADER_BYTES) throw new QuireError('BAD_REQUEST', 'availability: header truncated');
  const version = buf.readInt32BE(0);
  if (version !== 0) throw new QuireError('BAD_REQUEST', `availability: unknown format version ${version}`);
  const groups = buf.readInt32BE(4);
  if (groups < 0 || buf.length < HEADER_BYTES + groups * GROUP_BYTES) throw new QuireError('BAD_REQUEST', 'availability: groups truncated');
  const out: bigint[] = [];
  for (let g = 0; g < groups; g++) {
    const off = HEADER_BYTES + g * GROUP_BYTES;
    const first = buf.readBigInt64BE(off);
    const lastStart = buf.readBigInt64BE(off + 8);
    const size = BigInt(buf.readInt32BE(off + 16));
    const period = BigInt(buf.readInt32BE(off + 20));
    if (size <= 0n) continue;
    const step = period === 0n ? 0n : period;
    for (let start = first; start <= lastStart; start += step === 0n ? lastStart - first + 1n : step) {
      for (let i = 0n; i < size; i++) {
        out.push(start + i);
        if (out.length > maxEntries) throw new QuireError('BAD_REQUEST', 'availability: too many entries');
      }
      if (step === 0n) break;
    }
  }
  return out;
}
