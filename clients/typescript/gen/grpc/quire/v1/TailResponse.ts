// Original file: proto/quire/v1/ledger.proto

import type { Entry as _quire_v1_Entry, Entry__Output as _quire_v1_Entry__Output } from '../../quire/v1/Entry.js';
import type { Long } from '@grpc/proto-loader';

export interface TailResponse {
  /**
   * empty: heartbeat
   */
  'entries'?: (_quire_v1_Entry)[];
  'lastAddConfirmed'?: (number | string | Long);
  'sealed'?: (boolean);
}

export interface TailResponse__Output {
  /**
   * empty: heartbeat
   */
  'entries': (_quire_v1_Entry__Output)[];
  'lastAddConfirmed': (string);
  'sealed': (boolean);
}
