// Original file: proto/quire/v1/ledger.proto

import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from '../../quire/v1/DurabilityReceipt.js';

export interface AppendBatchResponse {
  'receipts'?: (_quire_v1_DurabilityReceipt)[];
}

export interface AppendBatchResponse__Output {
  'receipts': (_quire_v1_DurabilityReceipt__Output)[];
}
