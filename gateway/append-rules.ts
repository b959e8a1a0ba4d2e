// The append rules, in one place for every transport: a batch's size bounds, the entry size limit,
// "producer id and sequence go together", the producer id and sequence ranges, the compare-and-
// append id range. Transports only name their own fields (REST headers, gRPC fields) and size their
// buffering from transportBounds(), so a request is refused for the same reason whichever way it came.
import { INT64_MAX } from '../common/ids.js';
import type { GatewayLimits } from './gateway-config.js';
import { badArgument, GatewayError } from './gateway-error.js';
import type { AppendOptions } from './ledger-service.js';

/** How a transport names the exactly-once fields in its errors. */
export interface ProducerFieldNames {
  readonly producerId: string;
  readonly sequence: string;
}

const CORE_FIELDS: ProducerFieldNames = { producerId: 'producerId', sequence: 'sequence' };

/** Exactly-once appends need both a producer id and a sequence, or neither. */
export function checkProducerPair(producerId: string | undefined, sequence: bigint | undefined, names: ProducerFieldNames = CORE_FIELDS): void {
  if ((producerId === undefined) !== (sequence === undefined)) {
    throw badArgument(producerId === undefined ? names.producerId : names.sequence, `${names.producerId} and ${names.sequence} go together (exactly-once appends need both)`);
  }
}

/** Every rule an append must pass before it is routed; `single` = one entry (field `body`). */
export function validateAppend(limits: GatewayLimits, data: readonly Buffer[], opts: AppendOptions, single: boolean): void {
  const field = single ? 'body' : 'entries';
  if (data.length === 0) throw badArgument(field, 'a batch needs at least one entry');
  if (data.length > limits.maxBatchEntries) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${data.length} entries exceeds the limit of ${limits.maxBatchEntries}`, { field, details: { limit: limits.maxBatchEntries } });
  let total = 0;
  data.forEach((d, i) => {
    if (!Buffer.isBuffer(d)) throw badArgument(field, 'entry data must be bytes');
    if (d.length > limits.maxEntryBytes) {
      throw new GatewayError('ENTRY_TOO_LARGE', `entry${single ? '' : ` ${i}`} of ${d.length} bytes exceeds the limit of ${limits.maxEntryBytes} bytes`, { field: single ? field : `entries/${i}`, details: { limit: limits.maxEntryBytes } });
    }
    total += d.length;
  });
  if (total > limits.maxBatchBytes) throw new GatewayError('ENTRY_TOO_LARGE', `batch of ${total} bytes exceeds the limit of ${limits.maxBatchBytes} bytes`, { field, details: { limit: limits.maxBatchBytes } });
  checkProducerPair(opts.producerId, opts.sequence);
  if (opts.producerId !== undefined) {
    const n = Buffer.byteLength(opts.producerId, 'utf8');
    if (n < 1 || n > limits.maxProducerIdBytes) throw badArgument('producerId', `producer id must be 1..${limits.maxProducerIdBytes} bytes, got ${n}`);
    const s = opts.sequence!;
    if (typeof s !== 'bigint' || s < 0n || s + BigInt(data.length) - 1n > INT64_MAX) throw badArgument('sequence', 'sequence must be in [0, 2^63-1] (a batch uses sequence, sequence+1, ...)');
  }
  if (opts.expectedEntryId !== undefined && (typeof opts.expectedEntryId !== 'bigint' || opts.expectedEntryId < 0n || opts.expectedEntryId > INT64_MAX)) {
    throw badArgument('expectedEntryId', 'expected entry id must be in [0, 2^63-1]');
  }
}

/** Room for protobuf framing (tags, lengths) and the other fields around the payload bytes. */
const MESSAGE_SLACK_BYTES = 64 * 1024;

/**
 * How much a transport may buffer for one request or answer, derived from the limits above. Each
 * lets an entry just over maxEntryBytes through to validateAppend (which answers ENTRY_TOO_LARGE
 * naming the entry), and refuses anything far larger before holding it.
 */
export interface TransportBounds {
  /** One entry as a raw body (REST octet-stream). */
  readonly singleBodyBytes: number;
  /** A JSON batch with base64 payloads (REST; also peer forwarding). */
  readonly jsonBodyBytes: number;
  /** A gRPC message received (a batch carries per entry a tag and a length, ≤ 6 bytes). */
  readonly grpcReceiveBytes: number;
  /** A gRPC message sent: a read page holds at least one entry, so one past maxReadBytes may travel alone. */
  readonly grpcSendBytes: number;
}

export function transportBounds(limits: GatewayLimits): TransportBounds {
  return {
    singleBodyBytes: limits.maxEntryBytes,
    jsonBodyBytes: Math.ceil((limits.maxBatchBytes * 4) / 3) + 32 * limits.maxBatchEntries + 64 * 1024,
    grpcReceiveBytes: Math.max(limits.maxBatchBytes + limits.maxBatchEntries * 6, limits.maxEntryBytes) + MESSAGE_SLACK_BYTES,
    grpcSendBytes: limits.maxReadBytes + limits.maxEntryBytes + limits.maxReadEntries * 16 + MESSAGE_SLACK_BYTES,
  };
}

/**
 * The answer to a (producer, sequence) at or below what a ledger's dedupe table still remembers:
 * the same from the owner and from any instance answering for a sealed ledger (issue 20), since
 * the pair may or may not be in the ledger and neither can tell which.
 */
export function forgottenPair(producerId: string, sequence: bigint, floor: bigint): GatewayError {
  return new GatewayError('SEQUENCE_CONFLICT', `producer ${JSON.stringify(producerId)} sequence ${sequence} is at or below ${floor}, the oldest sequence this ledger still remembers; it may already be written`, {
    field: 'sequence',
    details: { floor: floor.toString() },
  });
}
