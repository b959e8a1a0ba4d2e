// Original file: proto/quire/v1/blob.proto

import type { BlobInfo as _quire_v1_BlobInfo, BlobInfo__Output as _quire_v1_BlobInfo__Output } from '../../quire/v1/BlobInfo.js';

export interface ListBlobsResponse {
  'blobs'?: (_quire_v1_BlobInfo)[];
  'nextPageToken'?: (string);
}

export interface ListBlobsResponse__Output {
  'blobs': (_quire_v1_BlobInfo__Output)[];
  'nextPageToken': (string);
}
