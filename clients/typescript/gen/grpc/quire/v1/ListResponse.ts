// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface ListResponse {
  'ledgerIds'?: (number | string | Long)[];
  'nextPageToken'?: (string);
}

export interface ListResponse__Output {
  'ledgerIds': (string)[];
  'nextPageToken': (string);
}
