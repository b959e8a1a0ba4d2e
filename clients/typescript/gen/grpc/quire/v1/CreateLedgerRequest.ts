// Original file: proto/quire/v1/ledger.proto

import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';

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
}
