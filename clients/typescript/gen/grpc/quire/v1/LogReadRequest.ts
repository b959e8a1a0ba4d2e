// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogReadRequest {
  'name'?: (string);
  'fromOffset'?: (number | string | Long);
  /**
   * 0 = server default (capped).
   */
  'maxRecords'?: (number);
  'maxBytes'?: (number);
  /**
   * Read from this durable cursor's offset (when from_offset is unset).
   */
  'cursor'?: (string);
  '_fromOffset'?: "fromOffset";
}

export interface LogReadRequest__Output {
  'name': (string);
  'fromOffset'?: (string);
  /**
   * 0 = server default (capped).
   */
  'maxRecords': (number);
  'maxBytes': (number);
  /**
   * Read from this durable cursor's offset (when from_offset is unset).
   */
  'cursor': (string);
  '_fromOffset'?: "fromOffset";
}
