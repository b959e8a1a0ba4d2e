// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface AdvanceCursorRequest {
  'name'?: (string);
  'cursor'?: (string);
  'offset'?: (number | string | Long);
}

export interface AdvanceCursorRequest__Output {
  'name': (string);
  'cursor': (string);
  'offset': (string);
}
