// Original file: proto/quire/v1/ledger.proto

import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from '../../quire/v1/DurabilityReceipt.js';

export interface AppendStreamResponse {
  /**
   * the next acks, in send order
   */
  'receipts'?: (_quire_v1_DurabilityReceipt)[];
}

export interface AppendStreamResponse__Output {
  /**
   * the next acks, in send order
   */
  'receipts': (_quire_v1_DurabilityReceipt__Output)[];
}
