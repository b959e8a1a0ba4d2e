// Original file: proto/quire/v1/log.proto

import type { DigestType as _quire_v1_DigestType, DigestType__Output as _quire_v1_DigestType__Output } from '../../quire/v1/DigestType.js';
import type { LogRolloverPolicy as _quire_v1_LogRolloverPolicy, LogRolloverPolicy__Output as _quire_v1_LogRolloverPolicy__Output } from '../../quire/v1/LogRolloverPolicy.js';
import type { LogRetentionPolicy as _quire_v1_LogRetentionPolicy, LogRetentionPolicy__Output as _quire_v1_LogRetentionPolicy__Output } from '../../quire/v1/LogRetentionPolicy.js';

export interface CreateLogRequest {
  'name'?: (string);
  'ensembleSize'?: (number);
  'writeQuorumSize'?: (number);
  'ackQuorumSize'?: (number);
  'digestType'?: (_quire_v1_DigestType);
  'rollover'?: (_quire_v1_LogRolloverPolicy | null);
  'retention'?: (_quire_v1_LogRetentionPolicy | null);
}

export interface CreateLogRequest__Output {
  'name': (string);
  'ensembleSize': (number);
  'writeQuorumSize': (number);
  'ackQuorumSize': (number);
  'digestType': (_quire_v1_DigestType__Output);
  'rollover': (_quire_v1_LogRolloverPolicy__Output | null);
  'retention': (_quire_v1_LogRetentionPolicy__Output | null);
}
