// Shared by the garbage-collection tests, their crash child and the retention benchmark: entries
// with checkable contents, ledger metadata in a real (embedded) metadata store, directory sizes.
import fs from 'node:fs';
import path from 'node:path';
import { formatCluster } from '../metadata/cluster-layout.js';
import { buildLedgerMetadata } from '../metadata/ledger-metadata.js';
import type { LedgerManager } from '../metadata/ledger-manager.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';

export const GC_TEST_KEY = Buffer.alloc(20, 0x5a);
export const NORMAL_ADD = { recovery: false, deferredSync: false, highPriority: false };

/** An entry (ledgerId, entryId, LAC, length header) whose payload is derived from its ids. */
export function gcTestEntry(ledgerId: bigint, entryId: bigint, payloadSize: number): Buffer {
  const b = Buffer.alloc(32 + payloadSize);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  b.writeBigInt64BE(BigInt(payloadSize), 24);
  const seed = Number((ledgerId * 31n + entryId) % 251n);
  for (let i = 32; i < b.length; i++) b[i] = (seed + i) & 0xff;
  return b;
}

/** An embedded metadata store in `dir`, formatted as a BookKeeper cluster. */
export async function openFormattedMetadata(dir: string): Promise<MetadataService> {
  const md = await openMetadataService(`embedded://${dir}`);
  await formatCluster(md.store, md.root); // leaves an existing cluster alone
  return md;
}

/** Creates ledger metadata for `ledgerId` (one bookie ensemble; the bookie does not check it). */
export async function createLedgerMetadata(ledgers: LedgerManager, ledgerId: bigint): Promise<void> {
  await ledgers.createLedgerMetadata(ledgerId, buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181'] }] }));
}

/** Bytes of every file under `dir` (entry logs and the index). */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    // A file may go between readdir and stat (compaction renames and deletes while we measure).
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}
