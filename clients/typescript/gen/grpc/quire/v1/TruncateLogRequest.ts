// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface TruncateLogRequest {
  'name'?: (string);
  'beforeOffset'?: (number | string | Long);
}

export interface TruncateLogRequest__Output {
  'name': (string);
  'beforeOffset': (string);
}
