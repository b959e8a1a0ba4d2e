// Loads proto/quire/v1/ledger.proto and log.proto with @grpc/proto-loader, the same way for the server and for
// clients (tests, bench, the transport-neutral scenario client): 64-bit ids as decimal strings
// (converted to bigint at the edge), enums as names, bytes as Buffer, unset scalars as their
// defaults while proto3 `optional` fields stay absent when unset (presence matters for
// expected_entry_id and sequence, where 0 is a real value).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { QuireError } from '../../common/errors.js';

export const LEDGER_SERVICE_NAME = 'quire.v1.LedgerService';
export const LEDGER_PROTO_FILE = 'quire/v1/ledger.proto';
export const BLOB_SERVICE_NAME = 'quire.v1.BlobService';
export const BLOB_PROTO_FILE = 'quire/v1/blob.proto';
export const LOG_SERVICE_NAME = 'quire.v1.LogService';
export const LOG_PROTO_FILE = 'quire/v1/log.proto';

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
};

/**
 * The repository's proto/ directory. Walks up from this module, so it works from the sources
 * (gateway/grpc/) and from the build (dist/gateway/grpc/) alike; QUIRE_PROTO_DIR overrides.
 */
export function protoRoot(): string {
  const override = process.env.QUIRE_PROTO_DIR;
  if (override) return override;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, LEDGER_PROTO_FILE))) return candidate;
    dir = dirname(dir);
  }
  throw new QuireError('CONFIG_INVALID', `cannot find proto/${LEDGER_PROTO_FILE} above ${fileURLToPath(import.meta.url)}; set QUIRE_PROTO_DIR`);
}

let cached: protoLoader.PackageDefinition | undefined;

/** The ledger and log services' definitions (cached: loading parses the .proto files). */
export function ledgerPackageDefinition(): protoLoader.PackageDefinition {
  cached ??= protoLoader.loadSync([LEDGER_PROTO_FILE, LOG_PROTO_FILE], { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
  return cached;
}

let cachedBlob: protoLoader.PackageDefinition | undefined;

/** The blob service's definition (proto/quire/v1/blob.proto; cached). */
export function blobPackageDefinition(): protoLoader.PackageDefinition {
  cachedBlob ??= protoLoader.loadSync(BLOB_PROTO_FILE, { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
  return cachedBlob;
}

/** Ledger, blob and log services plus grpc.health.v1, for server reflection (grpcurl lists them). */
export function reflectionPackageDefinition(): protoLoader.PackageDefinition {
  // One load of every file: reflection builds its descriptor set per load, and two loads of the
  // same package would hide one another's services.
  const quire = protoLoader.loadSync([LEDGER_PROTO_FILE, BLOB_PROTO_FILE, LOG_PROTO_FILE], { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
  const health = protoLoader.loadSync(healthProtoPath, LOADER_OPTIONS);
  return { ...health, ...quire };
}
