// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface SealResult {
  'ledgerId'?: (number | string | Long);
  'lastEntryId'?: (number | string | Long);
  /**
   * Bytes stored in the ledger (BookKeeper's ledger length: includes the gateway's per-entry envelope).
   */
  'length'?: (number | string | Long);
}

export interface SealResult__Output {
  'ledgerId': (string);
  'lastEntryId': (string);
  /**
   * Bytes stored in the ledger (BookKeeper's ledger length: includes the gateway's per-entry envelope).
   */
  'length': (string);
}
