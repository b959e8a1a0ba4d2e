// Original file: proto/quire/v1/blob.proto

import type { Long } from '@grpc/proto-loader';

export interface GetBlobRequest {
  'name'?: (string);
  'offset'?: (number | string | Long);
  /**
   * 0 = to the end.
   */
  'length'?: (number | string | Long);
}

export interface GetBlobRequest__Output {
  'name': (string);
  'offset': (string);
  /**
   * 0 = to the end.
   */
  'length': (string);
}
