// Original file: proto/quire/v1/log.proto

import type { LogRecord as _quire_v1_LogRecord, LogRecord__Output as _quire_v1_LogRecord__Output } from '../../quire/v1/LogRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface LogReadResponse {
  'records'?: (_quire_v1_LogRecord)[];
  'nextOffset'?: (number | string | Long);
  'firstOffset'?: (number | string | Long);
  'endOffset'?: (number | string | Long);
  /**
   * Every record lives in sealed segments (the page never changes).
   */
  'immutable'?: (boolean);
}

export interface LogReadResponse__Output {
  'records': (_quire_v1_LogRecord__Output)[];
  'nextOffset': (string);
  'firstOffset': (string);
  'endOffset': (string);
  /**
   * Every record lives in sealed segments (the page never changes).
   */
  'immutable': (boolean);
}
