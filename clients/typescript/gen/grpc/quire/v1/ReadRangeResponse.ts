// Original file: proto/quire/v1/ledger.proto

import type { Entry as _quire_v1_Entry, Entry__Output as _quire_v1_Entry__Output } from '../../quire/v1/Entry.js';
import type { Long } from '@grpc/proto-loader';

export interface ReadRangeResponse {
  'entries'?: (_quire_v1_Entry)[];
  'lastAddConfirmed'?: (number | string | Long);
  'sealed'?: (boolean);
  /**
   * Where to resume; set on the last message when the range was cut short by max_entries.
   */
  'nextEntryId'?: (number | string | Long);
  '_nextEntryId'?: "nextEntryId";
}

export interface ReadRangeResponse__Output {
  'entries': (_quire_v1_Entry__Output)[];
  'lastAddConfirmed': (string);
  'sealed': (boolean);
  /**
   * Where to resume; set on the last message when the range was cut short by max_entries.
   */
  'nextEntryId'?: (string);
  '_nextEntryId'?: "nextEntryId";
}
