// Original file: proto/quire/v1/log.proto

import type { LogReceipt as _quire_v1_LogReceipt, LogReceipt__Output as _quire_v1_LogReceipt__Output } from '../../quire/v1/LogReceipt.js';

export interface LogAppendResponse {
  /**
   * One per record of the request, in order.
   */
  'receipts'?: (_quire_v1_LogReceipt)[];
}

export interface LogAppendResponse__Output {
  /**
   * One per record of the request, in order.
   */
  'receipts': (_quire_v1_LogReceipt__Output)[];
}
