// Original file: proto/quire/v1/blob.proto

import type { Long } from '@grpc/proto-loader';

export interface BlobInfo {
  'name'?: (string);
  'size'?: (number | string | Long);
  'chunkBytes'?: (number);
  'ledgerId'?: (number | string | Long);
  /**
   * Hex SHA-256 of the whole blob (REST's ETag, unquoted).
   */
  'sha256'?: (string);
  'contentType'?: (string);
  'metadata'?: ({[key: string]: string});
  'createdAtMs'?: (number | string | Long);
}

export interface BlobInfo__Output {
  'name': (string);
  'size': (string);
  'chunkBytes': (number);
  'ledgerId': (string);
  /**
   * Hex SHA-256 of the whole blob (REST's ETag, unquoted).
   */
  'sha256': (string);
  'contentType': (string);
  'metadata': ({[key: string]: string});
  'createdAtMs': (string);
}
