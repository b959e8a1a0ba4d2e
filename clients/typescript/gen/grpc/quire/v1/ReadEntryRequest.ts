// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadEntryRequest {
  'ledgerId'?: (number | string | Long);
  'entryId'?: (number | string | Long);
  'password'?: (Buffer | Uint8Array | string);
  'unconfirmed'?: (boolean);
}

export interface ReadEntryRequest__Output {
  'ledgerId': (string);
  'entryId': (string);
  'password': (Buffer);
  'unconfirmed': (boolean);
}
