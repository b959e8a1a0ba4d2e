// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogRetentionPolicy {
  'maxAgeMs'?: (number | string | Long);
  'maxBytes'?: (number | string | Long);
  'waitForCursors'?: (boolean);
  '_maxAgeMs'?: "maxAgeMs";
  '_maxBytes'?: "maxBytes";
}

export interface LogRetentionPolicy__Output {
  'maxAgeMs'?: (string);
  'maxBytes'?: (string);
  'waitForCursors': (boolean);
  '_maxAgeMs'?: "maxAgeMs";
  '_maxBytes'?: "maxBytes";
}
