// Child process for bookie-storage-crash.test.ts: opens a bookie on argv dirs (the journal
// directories comma-separated: one journal each), fences ledger 1000 and
// writes an explicit LAC, then adds entries from many concurrent writers forever, printing
// "ack <ledger> <entry>" for each acknowledged add. The parent kills it with SIGKILL.
import { openBookie } from '../../bookie/bookie-impl.js';
import { childLogger } from '../../common/logger.js';

const [journalDir, ledgerDir] = process.argv.slice(2);
const log = childLogger('crash-child');
log.level = 'silent';
// QUIRE_CRASH_REUSE=1: 1 MB segments with journalReuseFiles, so the kill lands in a reused file.
const reuse = process.env.QUIRE_CRASH_REUSE === '1' ? { journalReuseFiles: true, journalMaxSizeMB: 1 } : {};
const bookie = await openBookie(
  { journalDirectories: journalDir!.split(','), ledgerDirectories: [ledgerDir!], journalPreAllocSizeMB: 1, writeCacheMaxSizeBytes: 1024 * 1024, flushInterval: 50, ...reuse },
  log,
);
const key = Buffer.alloc(20, 0x5a);
const opts = { recovery: false, deferredSync: false, highPriority: false };

export function crashEntry(ledgerId: bigint, entryId: bigint): Buffer {
  const b = Buffer.alloc(32 + 500, Number(entryId % 251n));
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  b.writeBigInt64BE(500n, 24);
  return b;
}

await bookie.fenceLedger(1000n, key);
const lac = Buffer.alloc(16);
lac.writeBigInt64BE(1001n, 0);
lac.writeBigInt64BE(42n, 8);
await bookie.setExplicitLac(1001n, key, lac);
process.stdout.write('ready\n');

let out = '';
let scheduled = false;
function report(line: string): void {
  out += line;
  if (!scheduled) {
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      process.stdout.write(out);
      out = '';
    });
  }
}

async function writer(ledgerId: bigint): Promise<void> {
  for (let e = 0n; ; e++) {
    try {
      await bookie.addEntry(ledgerId, e, key, crashEntry(ledgerId, e), opts);
      report(`ack ${ledgerId} ${e}\n`);
    } catch (err) {
      if ((err as { code?: string }).code !== 'TOO_MANY_REQUESTS') throw err;
      e--;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
await Promise.all(Array.from({ length: 64 }, (_, i) => writer(BigInt(i + 1))));
