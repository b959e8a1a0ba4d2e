// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface Cursor {
  'name'?: (string);
  'offset'?: (number | string | Long);
  'version'?: (number);
  'updatedMs'?: (number | string | Long);
}

export interface Cursor__Output {
  'name': (string);
  'offset': (string);
  'version': (number);
  'updatedMs': (string);
}
