// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface Segment {
  'firstEntryId'?: (number | string | Long);
  'bookies'?: (string)[];
}

export interface Segment__Output {
  'firstEntryId': (string);
  'bookies': (string)[];
}
