// Ledger and entry ids are signed 64-bit integers on the wire; Quire holds them as bigint.
import { QuireError } from './errors.js';

export const INT64_MAX = (1n << 63n) - 1n;
/** Entry id meaning "no entry" / "nothing confirmed yet" (BookKeeper's INVALID_ENTRY_ID). */
export const NO_ENTRY = -1n;

/** Parses a decimal id as given by a user (CLI flag, REST path). */
export function parseId(text: string, what: string, min = 0n): bigint {
  if (!/^-?[0-9]{1,20}$/.test(text)) throw new QuireError('INVALID_ARGUMENT', `${what} must be a decimal integer, got ${JSON.stringify(text)}`);
  const v = BigInt(text);
  if (v < min || v > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', `${what} out of range [${min}, ${INT64_MAX}]: ${text}`);
  return v;
}

/** Key for maps keyed by (ledger, entry); cheaper than nested maps on the hot path. */
export function entryKey(ledgerId: bigint, entryId: bigint): string {
  return `${ledgerId}:${entryId}`;
}
