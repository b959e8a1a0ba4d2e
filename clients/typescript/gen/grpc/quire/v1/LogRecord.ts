// Original file: proto/quire/v1/log.proto

import type { RecordHeader as _quire_v1_RecordHeader, RecordHeader__Output as _quire_v1_RecordHeader__Output } from '../../quire/v1/RecordHeader.js';
import type { Long } from '@grpc/proto-loader';

export interface LogRecord {
  'offset'?: (number | string | Long);
  'timestampMs'?: (number | string | Long);
  'key'?: (Buffer | Uint8Array | string);
  'headers'?: (_quire_v1_RecordHeader)[];
  'producerId'?: (string);
  'sequence'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  '_key'?: "key";
  '_sequence'?: "sequence";
}

export interface LogRecord__Output {
  'offset': (string);
  'timestampMs': (string);
  'key'?: (Buffer);
  'headers': (_quire_v1_RecordHeader__Output)[];
  'producerId': (string);
  'sequence'?: (string);
  'data': (Buffer);
  '_key'?: "key";
  '_sequence'?: "sequence";
}
