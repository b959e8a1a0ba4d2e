// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteRequest {
  'ledgerId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
}

export interface DeleteRequest__Output {
  'ledgerId': (string);
  'password': (Buffer);
}
