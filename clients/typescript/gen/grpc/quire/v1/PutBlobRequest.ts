// Original file: proto/quire/v1/blob.proto

import type { PutBlobHeader as _quire_v1_PutBlobHeader, PutBlobHeader__Output as _quire_v1_PutBlobHeader__Output } from '../../quire/v1/PutBlobHeader.js';

export interface PutBlobRequest {
  'header'?: (_quire_v1_PutBlobHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "header"|"data";
}

export interface PutBlobRequest__Output {
  'header'?: (_quire_v1_PutBlobHeader__Output | null);
  'data'?: (Buffer);
  'part'?: "header"|"data";
}
