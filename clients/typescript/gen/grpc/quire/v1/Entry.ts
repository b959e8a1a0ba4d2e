// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface Entry {
  'entryId'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Entry__Output {
  'entryId': (string);
  'data': (Buffer);
}
