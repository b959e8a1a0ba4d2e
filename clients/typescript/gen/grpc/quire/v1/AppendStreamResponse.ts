// Original file: proto/quire/v1/ledger.proto

import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from '../../quire/v1/DurabilityReceipt.js';

export interface AppendStreamResponse {
  'receipt'?: (_quire_v1_DurabilityReceipt | null);
}

export interface AppendStreamResponse__Output {
  'receipt': (_quire_v1_DurabilityReceipt__Output | null);
}
