// How a gateway ledger stores its entries, chosen at create time and recorded in its custom
// metadata: RAW (the default) stores the caller's bytes unchanged, so every BookKeeper client
// reads exactly what was sent; ENVELOPE wraps each entry in the gateway's envelope
// (entry-envelope.ts), which exactly-once appends need (the producer id and sequence live in it).
// Also: the two lengths a ledger has (BookKeeper's stored length, the callers' payload length).
import { QuireError } from '../common/errors.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import { encodeEnvelope, ENVELOPE_METADATA_KEY } from './entry-envelope.js';
import { GatewayError } from './gateway-error.js';
import type { EntryFormatName, SealResult } from './ledger-service.js';

export const ENTRY_FORMATS: readonly EntryFormatName[] = ['RAW', 'ENVELOPE'];

/**
 * Custom metadata key with the payload length of an ENVELOPE ledger (decimal), written by the
 * owning gateway in the compare-and-set that closes the ledger. RAW ledgers do not need it.
 */
export const PAYLOAD_LENGTH_METADATA_KEY = 'quire.payloadLength';

/** Custom metadata recording the format: `quire.envelope` = `1` (ENVELOPE) or `0` (RAW). */
export function entryFormatMetadata(format: EntryFormatName): Record<string, string> {
  return { [ENVELOPE_METADATA_KEY]: format === 'ENVELOPE' ? '1' : '0' };
}

/** The format of a stored ledger. No key (a ledger written by another client) means RAW. */
export function entryFormatOf(md: LedgerMetadata): EntryFormatName {
  const v = md.customMetadata.get(ENVELOPE_METADATA_KEY)?.toString('utf8');
  if (v === undefined || v === '0') return 'RAW';
  if (v === '1') return 'ENVELOPE';
  // A value from a newer gateway: reading such entries as raw would hand out framing bytes.
  throw new QuireError('METADATA_CORRUPT', `unknown ${ENVELOPE_METADATA_KEY} value ${JSON.stringify(v)} in ledger metadata`);
}

export function exactlyOnceNotEnabled(ledgerId: bigint): GatewayError {
  return new GatewayError(
    'EXACTLY_ONCE_NOT_ENABLED',
    `ledger ${ledgerId} stores raw entries (entryFormat RAW): exactly-once appends (producer id + sequence) need a ledger created with entryFormat ENVELOPE; nothing was written`,
    { field: 'producerId', details: { entryFormat: 'RAW' } },
  );
}

/** The bytes stored for one append: the payload itself (RAW), or the payload in an envelope. */
export function storedEntry(format: EntryFormatName, payload: Buffer, producer?: { producerId: string; sequence: bigint }): Buffer {
  if (format === 'RAW') return payload;
  return encodeEnvelope(producer ? { ...producer, payload } : { payload });
}

/**
 * Payload length of a ledger as its metadata tells it: RAW ledgers store payloads unchanged, so
 * it is BookKeeper's length; ENVELOPE ledgers have it only once their owner closed them.
 */
export function recordedPayloadLength(md: LedgerMetadata, format: EntryFormatName = entryFormatOf(md)): bigint | undefined {
  if (format === 'RAW') return md.length;
  const v = md.customMetadata.get(PAYLOAD_LENGTH_METADATA_KEY)?.toString('utf8');
  return v !== undefined && /^[0-9]{1,19}$/.test(v) ? BigInt(v) : undefined;
}

/** What a seal reports, from the sealed ledger's metadata. */
export function sealResultOf(ledgerId: bigint, md: LedgerMetadata): SealResult {
  const payloadLength = recordedPayloadLength(md);
  return { ledgerId, lastEntryId: md.lastEntryId, storedLength: md.length, ...(payloadLength !== undefined ? { payloadLength } : {}) };
}
