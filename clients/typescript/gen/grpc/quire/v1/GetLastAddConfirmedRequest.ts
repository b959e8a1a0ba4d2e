// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetLastAddConfirmedRequest {
  'ledgerId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
}

export interface GetLastAddConfirmedRequest__Output {
  'ledgerId': (string);
  'password': (Buffer);
}
