// Original file: proto/quire/v1/log.proto

import type { Long } from '@grpc/proto-loader';

export interface LogReceipt {
  'offset'?: (number | string | Long);
  'ledgerId'?: (number | string | Long);
  'entryId'?: (number | string | Long);
  'lastAddConfirmed'?: (number | string | Long);
  'writeSet'?: (string)[];
  'ackQuorumSize'?: (number);
  'duplicate'?: (boolean);
}

export interface LogReceipt__Output {
  'offset': (string);
  'ledgerId': (string);
  'entryId': (string);
  'lastAddConfirmed': (string);
  'writeSet': (string)[];
  'ackQuorumSize': (number);
  'duplicate': (boolean);
}
