// Gateway limits from the command line, shared by `quire gateway` and `quire local`: a flag for the
// ones operators change most (entry size, blob size, chunk size) and `--limit name=value` for any
// key of GatewayLimits (gateway/gateway-config.ts; docs/gateway.md and docs/blobs.md list them).
// resolveLimits checks them all when the gateway starts (CONFIG_INVALID names the bad one).
import type { Command } from 'commander';
import { QuireError } from '../common/errors.js';
import { DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from '../gateway/gateway-config.js';

export interface LimitFlagValues {
  readonly maxEntryBytes?: string;
  readonly maxBlobBytes?: string;
  readonly blobChunkBytes?: string;
  readonly limit?: string[];
}

export function addLimitFlags(cmd: Command): Command {
  return cmd
    .option('--max-entry-bytes <n>', `largest entry payload (default ${DEFAULT_GATEWAY_LIMITS.maxEntryBytes})`)
    .option('--max-blob-bytes <n>', `largest blob (default ${DEFAULT_GATEWAY_LIMITS.maxBlobBytes})`)
    .option('--blob-chunk-bytes <n>', `blob chunk = one entry, <= max entry bytes (default ${DEFAULT_GATEWAY_LIMITS.blobChunkBytes})`)
    .option('--limit <name=value>', 'any gateway limit, e.g. --limit blobChunksInFlight=32 (repeatable)', (v: string, prev: string[] = []) => [...prev, v]);
}

function int(name: string, text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new QuireError('CONFIG_INVALID', `gateway limit ${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function limitsFromFlags(o: LimitFlagValues): Partial<GatewayLimits> {
  const out: Record<string, number> = {};
  for (const kv of o.limit ?? []) {
    const i = kv.indexOf('=');
    const name = i < 0 ? kv : kv.slice(0, i);
    if (i < 0 || !(name in DEFAULT_GATEWAY_LIMITS)) throw new QuireError('CONFIG_INVALID', `--limit ${kv}: expected name=value with name one of ${Object.keys(DEFAULT_GATEWAY_LIMITS).join(', ')}`);
    out[name] = int(name, kv.slice(i + 1));
  }
  if (o.maxEntryBytes !== undefined) out.maxEntryBytes = int('maxEntryBytes', o.maxEntryBytes);
  if (o.maxBlobBytes !== undefined) out.maxBlobBytes = int('maxBlobBytes', o.maxBlobBytes);
  if (o.blobChunkBytes !== undefined) out.blobChunkBytes = int('blobChunkBytes', o.blobChunkBytes);
  // A bigger chunk than the default entry limit implies a bigger entry limit (and batch bound).
  if (out.blobChunkBytes !== undefined && out.maxEntryBytes === undefined && out.blobChunkBytes > DEFAULT_GATEWAY_LIMITS.maxEntryBytes) out.maxEntryBytes = out.blobChunkBytes;
  if (out.maxEntryBytes !== undefined && out.maxBatchBytes === undefined && out.maxEntryBytes > DEFAULT_GATEWAY_LIMITS.maxBatchBytes) out.maxBatchBytes = out.maxEntryBytes;
  return out as Partial<GatewayLimits>;
}
