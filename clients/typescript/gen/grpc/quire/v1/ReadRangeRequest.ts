// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadRangeRequest {
  'ledgerId'?: (number | string | Long);
  'fromEntryId'?: (number | string | Long);
  /**
   * inclusive; unset: up to the LAC (or last entry)
   */
  'toEntryId'?: (number | string | Long);
  /**
   * whole call; 0: server default; server-capped
   */
  'maxEntries'?: (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxBytes'?: (number);
  'password'?: (Buffer | Uint8Array | string);
  'unconfirmed'?: (boolean);
  '_toEntryId'?: "toEntryId";
}

export interface ReadRangeRequest__Output {
  'ledgerId': (string);
  'fromEntryId': (string);
  /**
   * inclusive; unset: up to the LAC (or last entry)
   */
  'toEntryId'?: (string);
  /**
   * whole call; 0: server default; server-capped
   */
  'maxEntries': (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxBytes': (number);
  'password': (Buffer);
  'unconfirmed': (boolean);
  '_toEntryId'?: "toEntryId";
}
