// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetMetadataRequest {
  'ledgerId'?: (number | string | Long);
}

export interface GetMetadataRequest__Output {
  'ledgerId': (string);
}
