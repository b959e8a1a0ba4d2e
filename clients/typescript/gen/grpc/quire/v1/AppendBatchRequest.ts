// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendBatchRequest {
  'ledgerId'?: (number | string | Long);
  'entries'?: (Buffer | Uint8Array | string)[];
  'password'?: (Buffer | Uint8Array | string);
  /**
   * id the first entry must get
   */
  'expectedEntryId'?: (number | string | Long);
  'producerId'?: (string);
  /**
   * sequence of the first entry
   */
  'sequence'?: (number | string | Long);
  '_expectedEntryId'?: "expectedEntryId";
  '_sequence'?: "sequence";
}

export interface AppendBatchRequest__Output {
  'ledgerId': (string);
  'entries': (Buffer)[];
  'password': (Buffer);
  /**
   * id the first entry must get
   */
  'expectedEntryId'?: (string);
  'producerId': (string);
  /**
   * sequence of the first entry
   */
  'sequence'?: (string);
  '_expectedEntryId'?: "expectedEntryId";
  '_sequence'?: "sequence";
}
