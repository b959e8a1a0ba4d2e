// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface SeekByTimestampRequest {
  'name'?: (string);
  'timestampMs'?: (number | string | Long);
}

export interface SeekByTimestampRequest__Output {
  'name': (string);
  'timestampMs': (string);
}
