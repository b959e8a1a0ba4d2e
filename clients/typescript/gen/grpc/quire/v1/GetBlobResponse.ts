// Original file: proto/quire/v1/blob.proto

import type { BlobInfo as _quire_v1_BlobInfo, BlobInfo__Output as _quire_v1_BlobInfo__Output } from '../../quire/v1/BlobInfo.js';

export interface GetBlobResponse {
  'info'?: (_quire_v1_BlobInfo | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "info"|"data";
}

export interface GetBlobResponse__Output {
  'info'?: (_quire_v1_BlobInfo__Output | null);
  'data'?: (Buffer);
  'part'?: "info"|"data";
}
