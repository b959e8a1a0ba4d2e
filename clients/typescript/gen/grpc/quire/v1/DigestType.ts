// Original file: proto/quire/v1/ledger.proto

export const DigestType = {
  /**
   * the gateway's default
   */
  DIGEST_TYPE_UNSPECIFIED: 'DIGEST_TYPE_UNSPECIFIED',
  DIGEST_TYPE_CRC32: 'DIGEST_TYPE_CRC32',
  DIGEST_TYPE_CRC32C: 'DIGEST_TYPE_CRC32C',
  DIGEST_TYPE_HMAC: 'DIGEST_TYPE_HMAC',
  DIGEST_TYPE_DUMMY: 'DIGEST_TYPE_DUMMY',
} as const;

export type DigestType =
  /**
   * the gateway's default
   */
  | 'DIGEST_TYPE_UNSPECIFIED'
  | 0
  | 'DIGEST_TYPE_CRC32'
  | 1
  | 'DIGEST_TYPE_CRC32C'
  | 2
  | 'DIGEST_TYPE_HMAC'
  | 3
  | 'DIGEST_TYPE_DUMMY'
  | 4

export type DigestType__Output = typeof DigestType[keyof typeof DigestType]
