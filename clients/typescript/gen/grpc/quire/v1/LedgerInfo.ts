// Original file: proto/quire/v1/ledger.proto

import type { LedgerState as _quire_v1_LedgerState, LedgerState__Output as _quire_v1_LedgerState__Output } from '../../quire/v1/LedgerState.js';
import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';
import type { Segment as _quire_v1_Segment, Segment__Output as _quire_v1_Segment__Output } from '../../quire/v1/Segment.js';
import type { EntryFormat as _quire_v1_EntryFormat, EntryFormat__Output as _quire_v1_EntryFormat__Output } from '../../quire/v1/EntryFormat.js';
import type { Long } from '@grpc/proto-loader';

export interface LedgerInfo {
  'ledgerId'?: (number | string | Long);
  'state'?: (_quire_v1_LedgerState);
  'ensembleSize'?: (number);
  'writeQuorumSize'?: (number);
  'ackQuorumSize'?: (number);
  'digestType'?: (_quire_v1_DigestType);
  /**
   * Last entry of a closed ledger; the last add confirmed known to the gateway otherwise.
   */
  'lastEntryId'?: (number | string | Long);
  /**
   * deprecated: same as stored_length (kept for compatibility)
   */
  'length'?: (number | string | Long);
  'segments'?: (_quire_v1_Segment)[];
  'customMetadata'?: ({[key: string]: string});
  'createdAtMs'?: (number | string | Long);
  /**
   * Gateway instance holding the write handle, if any.
   */
  'owner'?: (string);
  /**
   * RAW or ENVELOPE, never UNSPECIFIED
   */
  'entryFormat'?: (_quire_v1_EntryFormat);
  /**
   * BookKeeper's ledger length: bytes stored up to last_entry_id (envelopes included).
   */
  'storedLength'?: (number | string | Long);
  /**
   * Sum of the callers' payload bytes up to last_entry_id. Raw ledgers: = stored_length. Envelope
   * ledgers: set while the owning gateway writes it and after it closed it; unset when not known
   * (sealed by recovery, or open and owned by another gateway instance).
   */
  'payloadLength'?: (number | string | Long);
  '_createdAtMs'?: "createdAtMs";
  '_payloadLength'?: "payloadLength";
}

export interface LedgerInfo__Output {
  'ledgerId': (string);
  'state': (_quire_v1_LedgerState__Output);
  'ensembleSize': (number);
  'writeQuorumSize': (number);
  'ackQuorumSize': (number);
  'digestType': (_quire_v1_DigestType__Output);
  /**
   * Last entry of a closed ledger; the last add confirmed known to the gateway otherwise.
   */
  'lastEntryId': (string);
  /**
   * deprecated: same as stored_length (kept for compatibility)
   */
  'length': (string);
  'segments': (_quire_v1_Segment__Output)[];
  'customMetadata': ({[key: string]: string});
  'createdAtMs'?: (string);
  /**
   * Gateway instance holding the write handle, if any.
   */
  'owner': (string);
  /**
   * RAW or ENVELOPE, never UNSPECIFIED
   */
  'entryFormat': (_quire_v1_EntryFormat__Output);
  /**
   * BookKeeper's ledger length: bytes stored up to last_entry_id (envelopes included).
   */
  'storedLength': (string);
  /**
   * Sum of the callers' payload bytes up to last_entry_id. Raw ledgers: = stored_length. Envelope
   * ledgers: set while the owning gateway writes it and after it closed it; unset when not known
   * (sealed by recovery, or open and owned by another gateway instance).
   */
  'payloadLength'?: (string);
  '_createdAtMs'?: "createdAtMs";
  '_payloadLength'?: "payloadLength";
}
