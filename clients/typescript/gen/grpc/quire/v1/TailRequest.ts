// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface TailRequest {
  'ledgerId'?: (number | string | Long);
  'fromEntryId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
  /**
   * long-poll wait per round; 0: server default; server-capped
   */
  'waitMs'?: (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxEntries'?: (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxBytes'?: (number);
}

export interface TailRequest__Output {
  'ledgerId': (string);
  'fromEntryId': (string);
  'password': (Buffer);
  /**
   * long-poll wait per round; 0: server default; server-capped
   */
  'waitMs': (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxEntries': (number);
  /**
   * per message; 0: server default; server-capped
   */
  'maxBytes': (number);
}
