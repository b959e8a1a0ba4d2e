// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendRequest {
  'ledgerId'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  'password'?: (Buffer | Uint8Array | string);
  /**
   * Compare-and-append: fail with FAILED_PRECONDITION unless the entry gets exactly this id.
   */
  'expectedEntryId'?: (number | string | Long);
  /**
   * Exactly-once: (producer_id, sequence) identifies the append across retries and gateways.
   */
  'producerId'?: (string);
  'sequence'?: (number | string | Long);
  '_expectedEntryId'?: "expectedEntryId";
  '_sequence'?: "sequence";
}

export interface AppendRequest__Output {
  'ledgerId': (string);
  'data': (Buffer);
  'password': (Buffer);
  /**
   * Compare-and-append: fail with FAILED_PRECONDITION unless the entry gets exactly this id.
   */
  'expectedEntryId'?: (string);
  /**
   * Exactly-once: (producer_id, sequence) identifies the append across retries and gateways.
   */
  'producerId': (string);
  'sequence'?: (string);
  '_expectedEntryId'?: "expectedEntryId";
  '_sequence'?: "sequence";
}
