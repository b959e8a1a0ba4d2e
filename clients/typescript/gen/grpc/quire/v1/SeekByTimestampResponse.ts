// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface SeekByTimestampResponse {
  'offset'?: (number | string | Long);
}

export interface SeekByTimestampResponse__Output {
  'offset': (string);
}
