// Digest managers (spec §4.2) and password-derived keys (§4.5). The digest covers the 32-byte
// entry header followed by the payload (or, for the explicit-LAC blob, its 16 bytes).
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32c } from '@node-rs/crc32';
import { QuireError } from '../../../common/errors.js';

/** LedgerMetadataFormat.DigestType values (spec §6.2). */
export const DigestType = { CRC32: 1, HMAC: 2, CRC32C: 3, DUMMY: 4 } as const;
export type DigestType = (typeof DigestType)[keyof typeof DigestType];

export function parseDigestType(value: number | string): DigestType {
  if (typeof value === 'string') {
    const v = (DigestType as Record<string, DigestType>)[value.toUpperCase() === 'MAC' ? 'HMAC' : value.toUpperCase()];
    if (v === undefined) throw new QuireError('INVALID_ARGUMENT', `unknown digest type ${JSON.stringify(value)}`);
    return v;
  }
  if (value === 1 || value === 2 || value === 3 || value === 4) return value;
  throw new QuireError('INVALID_ARGUMENT', `unknown digest type ${value}`);
}

/** The name ledger metadata stores (metadata/ledger-metadata.ts DigestType). */
export type DigestName = 'CRC32' | 'HMAC' | 'CRC32C' | 'DUMMY';

export function digestName(type: DigestType): DigestName {
  switch (type) {
    case DigestType.CRC32:
      return 'CRC32';
    case DigestType.HMAC:
      return 'HMAC';
    case DigestType.CRC32C:
      return 'CRC32C';
    case DigestType.DUMMY:
      return 'DUMMY';
  }
}

export interface DigestManager {
  readonly type: DigestType;
  /** Digest length D in bytes: 8, 20, 4 or 0. */
  readonly length: number;
  /** Digest over the concatenation of parts. */
  compute(parts: readonly Buffer[]): Buffer;
}

const LEDGER_PREFIX = Buffer.from('ledger', 'ascii');
const MAC_PREFIX = Buffer.from('mac', 'ascii');

/** Master key sent to bookies with adds, fence reads and WRITE_LAC: SHA1("ledger" ‖ password). */
export function masterKeyOf(password: Buffer): Buffer {
  return createHash('sha1').update(LEDGER_PREFIX).update(password).digest();
}

/** HMAC key: SHA1("mac" ‖ password). */
export function macKeyOf(password: Buffer): Buffer {
  return createHash('sha1').update(MAC_PREFIX).update(password).digest();
}

class Crc32Digest implements DigestManager {
  readonly type = DigestType.CRC32;
  readonly length = 8;
  compute(parts: readonly Buffer[]): Buffer {
    let c = 0;
    // Empty parts are skipped: an empty Buffer whose ArrayBuffer was materialised (`.buffer`) has
    // a null data pointer, and zlib's crc32 answers 0 for a null buffer instead of the running CRC.
    for (const p of parts) if (p.length > 0) c = crc32(p, c);
    // Java writes the CRC32 as a big-endian long whose upper 4 bytes are zero.
    const out = Buffer.alloc(8);
    out.writeUInt32BE(c >>> 0, 4);
    return out;
  }
}

class Crc32cDigest implements DigestManager {
  readonly type = DigestType.CRC32C;
  readonly length = 4;
  compute(parts: readonly Buffer[]): Buffer {
    let c = 0;
    for (const p of parts) c = crc32c(p, c);
    const out = Buffer.alloc(4);
    out.writeUInt32BE(c >>> 0, 0);
    return out;
  }
}

class HmacDigest implements DigestManager {
  readonly type = DigestType.HMAC;
  readonly length = 20;
  private readonly key: Buffer;
  constructor(password: Buffer) {
    this.key = macKeyOf(password);
  }
  compute(parts: readonly Buffer[]): Buffer {
    const h = createHmac('sha1', this.key);
    for (const p of parts) h.update(p);
    return h.digest();
  }
}

class DummyDigest implements DigestManager {
  readonly type = DigestType.DUMMY;
  readonly length = 0;
  compute(): Buffer {
    return Buffer.alloc(0);
  }
}

export function createDigestManager(type: DigestType, password: Buffer): DigestManager {
  switch (type) {
    case DigestType.CRC32:
      return new Crc32Digest();
    case DigestType.CRC32C:
      return new Crc32cDigest();
    case DigestType.HMAC:
      return new HmacDigest(password);
    case DigestType.DUMMY:
      return new DummyDigest();
    default:
      throw new QuireError('INVALID_ARGUMENT', `unknown digest type ${String(type)}`);
  }
}
