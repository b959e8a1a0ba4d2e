// Original file: proto/quire/v1/ledger.proto

import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';
import type { EntryFormat as _quire_v1_EntryFormat, EntryFormat__Output as _quire_v1_EntryFormat__Output } from '../../quire/v1/EntryFormat.js';

export interface CreateLedgerRequest {
  /**
   * 0: gateway default
   */
  'ensembleSize'?: (number);
  /**
   * 0: gateway default
   */
  'writeQuorumSize'?: (number);
  /**
   * 0: gateway default
   */
  'ackQuorumSize'?: (number);
  'digestType'?: (_quire_v1_DigestType);
  'password'?: (Buffer | Uint8Array | string);
  'customMetadata'?: ({[key: string]: string});
  /**
   * UNSPECIFIED: raw
   */
  'entryFormat'?: (_quire_v1_EntryFormat);
  /**
   * Idempotency (REST: Idempotency-Key): every create with this id, through any instance, answers
   * with the one ledger the first made (same password, else PERMISSION_DENIED); a retry after a
   * lost answer leaves no orphan. 1..128 printable ASCII characters; empty: not idempotent.
   */
  'requestId'?: (string);
}

export interface CreateLedgerRequest__Output {
  /**
   * 0: gateway default
   */
  'ensembleSize': (number);
  /**
   * 0: gateway default
   */
  'writeQuorumSize': (number);
  /**
   * 0: gateway default
   */
  'ackQuorumSize': (number);
  'digestType': (_quire_v1_DigestType__Output);
  'password': (Buffer);
  'customMetadata': ({[key: string]: string});
  /**
   * UNSPECIFIED: raw
   */
  'entryFormat': (_quire_v1_EntryFormat__Output);
  /**
   * Idempotency (REST: Idempotency-Key): every create with this id, through any instance, answers
   * with the one ledger the first made (same password, else PERMISSION_DENIED); a retry after a
   * lost answer leaves no orphan. 1..128 printable ASCII characters; empty: not idempotent.
   */
  'requestId': (string);
}
