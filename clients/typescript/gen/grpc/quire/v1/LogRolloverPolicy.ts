// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogRolloverPolicy {
  /**
   * 0 = the gateway's default.
   */
  'maxEntries'?: (number);
  'maxBytes'?: (number | string | Long);
  'maxAgeMs'?: (number | string | Long);
}

export interface LogRolloverPolicy__Output {
  /**
   * 0 = the gateway's default.
   */
  'maxEntries': (number);
  'maxBytes': (string);
  'maxAgeMs': (string);
}
