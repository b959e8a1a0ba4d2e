// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface SetCursorRequest {
  'name'?: (string);
  'cursor'?: (string);
  'offset'?: (number | string | Long);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}

export interface SetCursorRequest__Output {
  'name': (string);
  'cursor': (string);
  'offset': (string);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}
