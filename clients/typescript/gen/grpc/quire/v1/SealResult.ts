// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface SealResult {
  'ledgerId'?: (number | string | Long);
  'lastEntryId'?: (number | string | Long);
  /**
   * deprecated: same as stored_length (kept for compatibility)
   */
  'length'?: (number | string | Long);
  /**
   * BookKeeper's ledger length: bytes stored (envelopes included).
   */
  'storedLength'?: (number | string | Long);
  /**
   * Sum of payload bytes; unset when not known (see LedgerInfo.payload_length).
   */
  'payloadLength'?: (number | string | Long);
  '_payloadLength'?: "payloadLength";
}

export interface SealResult__Output {
  'ledgerId': (string);
  'lastEntryId': (string);
  /**
   * deprecated: same as stored_length (kept for compatibility)
   */
  'length': (string);
  /**
   * BookKeeper's ledger length: bytes stored (envelopes included).
   */
  'storedLength': (string);
  /**
   * Sum of payload bytes; unset when not known (see LedgerInfo.payload_length).
   */
  'payloadLength'?: (string);
  '_payloadLength'?: "payloadLength";
}
