// The 24-byte header every digest-wrapped entry starts with (spec: entry format):
//
//   offset  size  field
//   0       8     ledgerId (i64, big-endian)
//   8       8     entryId (i64)
//   16      8     lastAddConfirmed (i64)
//   24      ...   (digest-type dependent: length, digest, payload)
//
// The bookie reads these fields on every add. Buffer.readBigInt64BE builds its result from
// several intermediate bigints; the helpers here take a number fast path for values below 2^53
// (every real id) and fall back to it otherwise.
export const ENTRY_HEADER_SIZE = 24;

const TWO_32 = 0x1_0000_0000;
const SAFE_HI = 0x20_0000; // hi word below 2^21: hi * 2^32 + lo < 2^53 is exact

/** The signed 64-bit big-endian integer at `off`, as a bigint. */
export function readInt64(buf: Buffer, off: number): bigint {
  const hi = buf.readInt32BE(off);
  if (hi >= -SAFE_HI && hi < SAFE_HI) return BigInt(hi * TWO_32 + buf.readUInt32BE(off + 4));
  return buf.readBigInt64BE(off);
}

/** True when the i64 at `off` equals `v`, without building a bigint for the common case. */
export function int64Equals(buf: Buffer, off: number, v: bigint): boolean {
  const hi = buf.readInt32BE(off);
  // Exact: the right side is below 2^53, and Number(v) can only equal it when v does.
  if (hi >= 0 && hi < SAFE_HI) return Number(v) === hi * TWO_32 + buf.readUInt32BE(off + 4);
  return buf.readBigInt64BE(off) === v;
}

/** True when `entry` is long enough for a header and names (ledgerId, entryId). */
export function entryHeaderMatches(entry: Buffer, ledgerId: bigint, entryId: bigint): boolean {
  return entry.length >= ENTRY_HEADER_SIZE && int64Equals(entry, 0, ledgerId) && int64Equals(entry, 8, entryId);
}
