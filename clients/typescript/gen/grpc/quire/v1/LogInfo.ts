// Original file: proto/quire/v1/log.proto

import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';
import type { LogRolloverPolicy as _quire_v1_LogRolloverPolicy, LogRolloverPolicy__Output as _quire_v1_LogRolloverPolicy__Output } from '../../quire/v1/LogRolloverPolicy.js';
import type { LogRetentionPolicy as _quire_v1_LogRetentionPolicy, LogRetentionPolicy__Output as _quire_v1_LogRetentionPolicy__Output } from '../../quire/v1/LogRetentionPolicy.js';
import type { LogSegment as _quire_v1_LogSegment, LogSegment__Output as _quire_v1_LogSegment__Output } from '../../quire/v1/LogSegment.js';
import type { Long } from '@grpc/proto-loader';

export interface LogInfo {
  'name'?: (string);
  'createdMs'?: (number | string | Long);
  'ensembleSize'?: (number);
  'writeQuorumSize'?: (number);
  'ackQuorumSize'?: (number);
  'digestType'?: (_quire_v1_DigestType);
  'rollover'?: (_quire_v1_LogRolloverPolicy | null);
  'retention'?: (_quire_v1_LogRetentionPolicy | null);
  'firstOffset'?: (number | string | Long);
  /**
   * Offset the next record will get, as far as the answering instance knows.
   */
  'nextOffset'?: (number | string | Long);
  'segments'?: (_quire_v1_LogSegment)[];
  /**
   * Gateway instance holding the log's writer; empty when none.
   */
  'owner'?: (string);
}

export interface LogInfo__Output {
  'name': (string);
  'createdMs': (string);
  'ensembleSize': (number);
  'writeQuorumSize': (number);
  'ackQuorumSize': (number);
  'digestType': (_quire_v1_DigestType__Output);
  'rollover': (_quire_v1_LogRolloverPolicy__Output | null);
  'retention': (_quire_v1_LogRetentionPolicy__Output | null);
  'firstOffset': (string);
  /**
   * Offset the next record will get, as far as the answering instance knows.
   */
  'nextOffset': (string);
  'segments': (_quire_v1_LogSegment__Output)[];
  /**
   * Gateway instance holding the log's writer; empty when none.
   */
  'owner': (string);
}
