// Original file: proto/quire/v1/log.proto

import type { RecordInput as _quire_v1_RecordInput, RecordInput__Output as _quire_v1_RecordInput__Output } from '../../quire/v1/RecordInput.js';
import type { Long } from '@grpc/proto-loader';

export interface LogAppendRequest {
  'name'?: (string);
  /**
   * 1..maxBatchEntries records.
   */
  'records'?: (_quire_v1_RecordInput)[];
  'producerId'?: (string);
  'sequence'?: (number | string | Long);
  'expectedOffset'?: (number | string | Long);
  '_sequence'?: "sequence";
  '_expectedOffset'?: "expectedOffset";
}

export interface LogAppendRequest__Output {
  'name': (string);
  /**
   * 1..maxBatchEntries records.
   */
  'records': (_quire_v1_RecordInput__Output)[];
  'producerId': (string);
  'sequence'?: (string);
  'expectedOffset'?: (string);
  '_sequence'?: "sequence";
  '_expectedOffset'?: "expectedOffset";
}
