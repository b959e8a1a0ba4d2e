// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogSegment {
  'ledgerId'?: (number | string | Long);
  'startOffset'?: (number | string | Long);
  'entryCount'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'createdMs'?: (number | string | Long);
  'sealed'?: (boolean);
  'maxTimestampMs'?: (number | string | Long);
  '_maxTimestampMs'?: "maxTimestampMs";
}

export interface LogSegment__Output {
  'ledgerId': (string);
  'startOffset': (string);
  'entryCount': (string);
  'bytes': (string);
  'createdMs': (string);
  'sealed': (boolean);
  'maxTimestampMs'?: (string);
  '_maxTimestampMs'?: "maxTimestampMs";
}
