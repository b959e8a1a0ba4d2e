// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface RecoverRequest {
  'ledgerId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
}

export interface RecoverRequest__Output {
  'ledgerId': (string);
  'password': (Buffer);
}
