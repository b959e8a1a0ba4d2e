// Original file: proto/quire/v1/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface DurabilityReceipt {
  'ledgerId'?: (number | string | Long);
  'entryId'?: (number | string | Long);
  /**
   * LAC after this append (>= entry_id: the entry is confirmed).
   */
  'lastAddConfirmed'?: (number | string | Long);
  /**
   * Bookies of the entry's write set (where the entry is stored).
   */
  'writeSet'?: (string)[];
  'ackQuorumSize'?: (number);
  /**
   * True when this is a replay of an earlier append with the same (producer_id, sequence).
   */
  'duplicate'?: (boolean);
  /**
   * Bookies that acknowledged (fsync'd) the entry before the gateway acked it: at least
   * ack_quorum_size, as the quorum client reported when the entry completed (later acks are not
   * listed). Empty on duplicate receipts (the replay proves the entry is confirmed, not who acked).
   */
  'ackedBy'?: (string)[];
}

export interface DurabilityReceipt__Output {
  'ledgerId': (string);
  'entryId': (string);
  /**
   * LAC after this append (>= entry_id: the entry is confirmed).
   */
  'lastAddConfirmed': (string);
  /**
   * Bookies of the entry's write set (where the entry is stored).
   */
  'writeSet': (string)[];
  'ackQuorumSize': (number);
  /**
   * True when this is a replay of an earlier append with the same (producer_id, sequence).
   */
  'duplicate': (boolean);
  /**
   * Bookies that acknowledged (fsync'd) the entry before the gateway acked it: at least
   * ack_quorum_size, as the quorum client reported when the entry completed (later acks are not
   * listed). Empty on duplicate receipts (the replay proves the entry is confirmed, not who acked).
   */
  'ackedBy': (string)[];
}
