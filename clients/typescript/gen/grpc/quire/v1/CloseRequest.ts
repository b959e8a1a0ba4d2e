// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface CloseRequest {
  'ledgerId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
}

export interface CloseRequest__Output {
  'ledgerId': (string);
  'password': (Buffer);
}
