// The read bench's bookies and ledgers (bench/read-bench.ts). Unlike compare-bench's startBookies,
// a bookie here keeps its directories and port, so the cold catch-up can stop it cleanly (its final
// checkpoint empties the write cache into entry logs) and start it again over the same data: the
// cookie in ZooKeeper names the address, and the ledger's ensemble names the port.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { startJavaBookie } from '../harness/java-bookie.js';
import type { Kind } from './compare-bench.js';

export const zkUri = (zk: string): string => `zk+hierarchical://${zk}/ledgers`;

export interface KeptBookie {
  readonly kind: Kind;
  readonly pid: number;
  readonly bookieId: string;
  /** The directory its journal and entry logs live in (the disk the catch-up reads). */
  readonly dir: string;
  /** SIGTERM and wait: both kinds checkpoint on a clean shutdown, so nothing is left in the write cache. */
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

/** Bookie processes still running: killed if this process exits early (a crash must not leave them behind). */
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A clean stop that hangs would leave the catch-up reading a replayed write cache: give up loudly. */
async function stopWithin(kill: (signal: NodeJS.Signals) => Promise<unknown>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not stop within 60 s of SIGTERM`)), 60_000)));
  try {
    await Promise.race([kill('SIGTERM'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tracked(b: KeptBookie, exited: Promise<unknown>): KeptBookie {
  live.add(b.pid);
  void exited.then(() => live.delete(b.pid));
  return b;
}

/** One bookie of `kind` on `port` with its data under `dir` (same settings as the compare bench: journalSyncData, group wait 2 ms, 64 MB write cache, 16 MB read-ahead). */
export async function startKeptBookie(kind: Kind, zk: string, dir: string, port: number): Promise<KeptBookie> {
  if (kind === 'quire') {
    const p = await startBookieProcess(['--port', String(port), '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', zkUri(zk)]);
    return tracked({ kind, pid: p.child.pid!, bookieId: p.bookieId, dir, stop: () => stopWithin((sig) => p.kill(sig), 'Quire bookie'), kill: () => p.kill('SIGKILL') }, p.exited);
  }
  const b = await startJavaBookie({ zkConnect: zk, dir, port });
  return tracked({ kind, pid: b.child.pid!, bookieId: b.bookieId, dir, stop: () => stopWithin((sig) => b.kill(sig), 'Java bookie'), kill: () => b.kill('SIGKILL') }, b.exited);
}

/** Bytes the process made the storage layer fetch (/proc/<pid>/io read_bytes): page-cache hits do not count. */
export function procReadBytes(pid: number): number {
  try {
    const m = /^read_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** `sync; echo 3 > /proc/sys/vm/drop_caches`; false when not allowed (not root, or a container that forbids it). */
export function dropCaches(): boolean {
  try {
    execSync('sync; echo 3 > /proc/sys/vm/drop_caches', { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/** A sealed E1 ledger of `entries` entries of `size` bytes, written 500 adds at a time; returns its id. */
export async function writeSealedLedger(zk: string, entries: number, size: number): Promise<bigint> {
  const bk = await createBookKeeperClient({ metadataServiceUri: zkUri(zk) });
  try {
    const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'bench' });
    const data = Buffer.alloc(size, 0x61);
    for (let b = 0; b < entries; b += 500) await Promise.all(Array.from({ length: Math.min(500, entries - b) }, () => w.append(data)));
    await w.close();
    return w.ledgerId;
  } finally {
    await bk.close();
  }
}
