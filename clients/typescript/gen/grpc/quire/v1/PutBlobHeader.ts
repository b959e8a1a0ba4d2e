// Original file: proto/quire/v1/blob.proto

import type { Long } from '@grpc/proto-loader';

export interface PutBlobHeader {
  'name'?: (string);
  /**
   * Empty = application/octet-stream.
   */
  'contentType'?: (string);
  'metadata'?: ({[key: string]: string});
  /**
   * Create only: ALREADY_EXISTS if the name exists (checked before and at commit).
   */
  'ifNoneMatch'?: (boolean);
  /**
   * The client's SHA-256 of the whole body (32 bytes); a mismatch is refused before commit.
   */
  'sha256'?: (Buffer | Uint8Array | string);
  /**
   * Declared size: refused at once above the limit; the upload must bring exactly this many bytes.
   */
  'size'?: (number | string | Long);
  '_size'?: "size";
}

export interface PutBlobHeader__Output {
  'name': (string);
  /**
   * Empty = application/octet-stream.
   */
  'contentType': (string);
  'metadata': ({[key: string]: string});
  /**
   * Create only: ALREADY_EXISTS if the name exists (checked before and at commit).
   */
  'ifNoneMatch': (boolean);
  /**
   * The client's SHA-256 of the whole body (32 bytes); a mismatch is refused before commit.
   */
  'sha256': (Buffer);
  /**
   * Declared size: refused at once above the limit; the upload must bring exactly this many bytes.
   */
  'size'?: (string);
  '_size'?: "size";
}
