// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface TruncateLogResponse {
  'firstOffset'?: (number | string | Long);
  'deletedSegments'?: (number);
}

export interface TruncateLogResponse__Output {
  'firstOffset': (string);
  'deletedSegments': (number);
}
