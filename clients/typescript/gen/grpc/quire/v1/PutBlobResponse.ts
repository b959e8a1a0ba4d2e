// Original file: proto/quire/v1/blob.proto

import type { BlobInfo as _quire_v1_BlobInfo, BlobInfo__Output as _quire_v1_BlobInfo__Output } from '../../quire/v1/BlobInfo.js';

export interface PutBlobResponse {
  'info'?: (_quire_v1_BlobInfo | null);
  'replaced'?: (boolean);
}

export interface PutBlobResponse__Output {
  'info': (_quire_v1_BlobInfo__Output | null);
  'replaced': (boolean);
}
