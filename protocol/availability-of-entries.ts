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

/**
 * Expands the encoding to the list of entry ids. A few bytes can describe billions of ids, so the
 * count is computed from the groups first and an answer over maxEntries is refused before any
 * expansion (found by the decoder fuzzer: a 132-byte input used to expand for seconds).
 */
export function decodeAvailability(buf: Buffer, maxEntries = 1_000_000): bigint[] {
  if (buf.length < HEADER_BYTES) throw new QuireError('BAD_REQUEST', 'availability: header truncated');
  const version = buf.readInt32BE(0);
  if (version !== 0) throw new QuireError('BAD_REQUEST', `availability: unknown format version ${version}`);
  const groups = buf.readInt32BE(4);
  if (groups < 0 || buf.length < HEADER_BYTES + groups * GROUP_BYTES) throw new QuireError('BAD_REQUEST', 'availability: groups truncated');
  const parsed: Array<{ first: bigint; runs: bigint; size: bigint; period: bigint }> = [];
  let total = 0n;
  for (let g = 0; g < groups; g++) {
    const off = HEADER_BYTES + g * GROUP_BYTES;
    const first = buf.readBigInt64BE(off);
    const lastStart = buf.readBigInt64BE(off + 8);
    const size = BigInt(buf.readInt32BE(off + 16));
    const period = BigInt(buf.readInt32BE(off + 20));
    if (period < 0n) throw new QuireError('BAD_REQUEST', `availability: negative sequence period ${period}`);
    if (size <= 0n || lastStart < first) continue;
    // Period 0: one run at first. Else a run at first, first + period, ... up to lastStart.
    const runs = period === 0n ? 1n : (lastStart - first) / period + 1n;
    total += runs * size;
    if (total > BigInt(maxEntries)) throw new QuireError('BAD_REQUEST', `availability: more than ${maxEntries} entries`);
    parsed.push({ first, runs, size, period });
  }
  const out: bigint[] = [];
  for (const { first, runs, size, period } of parsed) {
    for (let r = 0n; r < runs; r++) {
      const start = first + r * period;
      for (let i = 0n; i < size; i++) out.push(start + i);
    }
  }
  return out;
}
