// Original file: proto/quire/v1/ledger.proto

import type { AppendRequest as _quire_v1_AppendRequest, AppendRequest__Output as _quire_v1_AppendRequest__Output } from '../../quire/v1/AppendRequest.js';

export interface AppendStreamRequest {
  /**
   * 1..max batch entries (1000 by default)
   */
  'appends'?: (_quire_v1_AppendRequest)[];
}

export interface AppendStreamRequest__Output {
  /**
   * 1..max batch entries (1000 by default)
   */
  'appends': (_quire_v1_AppendRequest__Output)[];
}
