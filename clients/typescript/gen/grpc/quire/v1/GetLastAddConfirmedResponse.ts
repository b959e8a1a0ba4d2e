// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetLastAddConfirmedResponse {
  'lastAddConfirmed'?: (number | string | Long);
  'sealed'?: (boolean);
}

export interface GetLastAddConfirmedResponse__Output {
  'lastAddConfirmed': (string);
  'sealed': (boolean);
}
