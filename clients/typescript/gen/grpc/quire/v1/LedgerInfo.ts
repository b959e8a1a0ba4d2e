// Original file: proto/quire/v1/ledger.proto

import type { LedgerState as _quire_v1_LedgerState, LedgerState__Output as _quire_v1_LedgerState__Output } from '../../quire/v1/LedgerState.js';
import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';
import type { Segment as _quire_v1_Segment, Segment__Output as _quire_v1_Segment__Output } from '../../quire/v1/Segment.js';
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
   * bytes stored, as BookKeeper counts them (includes the gateway's entry envelope)
   */
  'length'?: (number | string | Long);
  'segments'?: (_quire_v1_Segment)[];
  'customMetadata'?: ({[key: string]: string});
  'createdAtMs'?: (number | string | Long);
  /**
   * Gateway instance holding the write handle, if any.
   */
  'owner'?: (string);
  '_createdAtMs'?: "createdAtMs";
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
   * bytes stored, as BookKeeper counts them (includes the gateway's entry envelope)
   */
  'length': (string);
  'segments': (_quire_v1_Segment__Output)[];
  'customMetadata': ({[key: string]: string});
  'createdAtMs'?: (string);
  /**
   * Gateway instance holding the write handle, if any.
   */
  'owner': (string);
  '_createdAtMs'?: "createdAtMs";
}
