// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogTailRequest {
  'name'?: (string);
  'fromOffset'?: (number | string | Long);
  /**
   * Start at this durable cursor's offset (when from_offset is unset).
   */
  'cursor'?: (string);
  /**
   * Longest wait of one round (ms, 0 = server default, capped by maxTailWaitMs).
   */
  'waitMs'?: (number);
  'maxRecords'?: (number);
  'maxBytes'?: (number);
  '_fromOffset'?: "fromOffset";
}

export interface LogTailRequest__Output {
  'name': (string);
  'fromOffset'?: (string);
  /**
   * Start at this durable cursor's offset (when from_offset is unset).
   */
  'cursor': (string);
  /**
   * Longest wait of one round (ms, 0 = server default, capped by maxTailWaitMs).
   */
  'waitMs': (number);
  'maxRecords': (number);
  'maxBytes': (number);
  '_fromOffset'?: "fromOffset";
}
