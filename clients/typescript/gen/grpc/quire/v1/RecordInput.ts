// Original file: proto/quire/v1/log.proto

import type { RecordHeader as _quire_v1_RecordHeader, RecordHeader__Output as _quire_v1_RecordHeader__Output } from '../../quire/v1/RecordHeader.js';
import type { Long } from '@grpc/proto-loader';

export interface RecordInput {
  'data'?: (Buffer | Uint8Array | string);
  'key'?: (Buffer | Uint8Array | string);
  'headers'?: (_quire_v1_RecordHeader)[];
  /**
   * The producer's timestamp (ms since the epoch); unset: the writer's clock at append.
   */
  'timestampMs'?: (number | string | Long);
  '_key'?: "key";
  '_timestampMs'?: "timestampMs";
}

export interface RecordInput__Output {
  'data': (Buffer);
  'key'?: (Buffer);
  'headers': (_quire_v1_RecordHeader__Output)[];
  /**
   * The producer's timestamp (ms since the epoch); unset: the writer's clock at append.
   */
  'timestampMs'?: (string);
  '_key'?: "key";
  '_timestampMs'?: "timestampMs";
}
