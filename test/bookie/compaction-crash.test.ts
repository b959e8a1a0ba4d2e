// kill -9 at every step of a compaction (entry-log-compactor.ts): a child process runs GC with
// QUIRE_TEST_COMPACTION_CRASH_AT=<step> and SIGKILLs itself there; the parent reopens the same
// directories (crash recovery runs at open) and checks that every entry of every live ledger reads
// back, that no compaction file is left, and that a later GC run still reclaims the space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openBookie, type BookieImpl } from '../../bookie/bookie-impl.js';
import { childLogger } from '../../common/logger.js';
import { BookieGarbageCollector, ledgerManagerGcSource } from '../../bookie/storage/garbage-collector.js';
import { COMPACTION_FILE_RE, type CompactionStep } from '../../bookie/storage/entry-log-compactor.js';
import { GC_TEST_KEY, NORMAL_ADD, createLedgerMetadata, dirBytes, gcTestEntry, openFormattedMetadata } from '../../harness/gc-fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = childLogger('compaction-crash-test');
log.level = 'silent';
const LIVE = [1n, 6n];
const ALL = [1n, 2n, 3n, 4n, 5n, 6n];
const ENTRIES = 200;

function dirs(root: string): { journal: string; ledgers: string; metadata: string } {
  return { journal: path.join(root, 'journal'), ledgers: path.join(root, 'ledgers'), metadata: path.join(root, 'metadata') };
}

function open(root: string): Promise<BookieImpl> {
  const d = dirs(root);
  return openBookie({ journalDirectories: [d.journal], ledgerDirectories: [d.ledgers], journalPreAllocSizeMB: 1, entryLogSizeLimit: 256 * 1024, writeCacheMaxSizeBytes: 64 * 1024, flushInterval: 0 }, log);
}

async function prepare(root: string): Promise<void> {
  const md = await openFormattedMetadata(dirs(root).metadata);
  const b = await open(root);
  for (const id of ALL) await createLedgerMetadata(md.ledgers, id);
  for (let e = 0n; e < BigInt(ENTRIES); e += 4n) {
    const ps: Promise<void>[] = [];
    for (const id of ALL) for (let k = e; k < e + 4n; k++) ps.push(b.addEntry(id, k, GC_TEST_KEY, gcTestEntry(id, k, 1000), NORMAL_ADD));
    await Promise.all(ps);
  }
  await b.close();
  for (const id of ALL) if (!LIVE.includes(id)) await md.ledgers.removeLedgerMetadata(id, -1);
  await md.close();
}

async function runChild(root: string, step: CompactionStep, group: number): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const d = dirs(root);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'compaction-crash-child.ts'), d.journal, d.ledgers, d.metadata], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUIRE_LOG_LEVEL: 'silent', QUIRE_TEST_COMPACTION_CRASH_AT: step, QUIRE_TEST_COMPACTION_GROUP: String(group) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (x: Buffer) => (stdout += x.toString()));
  child.stderr.on('data', (x: Buffer) => (stderr += x.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  return { signal, stdout, stderr };
}

async function assertLiveIntact(b: BookieImpl, when: string): Promise<void> {
  for (const id of LIVE) {
    assert.deepEqual(await b.listEntries(id), Array.from({ length: ENTRIES }, (_, i) => BigInt(i)), `${when}: ledger ${id} entries`);
    for (let e = 0n; e < BigInt(ENTRIES); e++) assert.deepEqual(await b.readEntry(id, e), gcTestEntry(id, e, 1000), `${when}: entry ${id}/${e}`);
  }
}

const STEPS: CompactionStep[] = ['copying', 'copied', 'renamed', 'indexed', 'removed', 'done'];

// One output per compacted log, and several (40 entries each: a log holds about 80 live ones).
const CASES: Array<[CompactionStep, number]> = [...STEPS.map((s): [CompactionStep, number] => [s, 100_000]), ['done', 40], ['indexed', 40]];

test('SIGKILL at each compaction step loses no live entry and leaves no dangling index entry', { timeout: 400_000 }, async () => {
  for (const [step, group] of CASES) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `quire-compact-crash-${step}-`));
    try {
      await prepare(root);
      const before = dirBytes(dirs(root).ledgers);
      const r = await runChild(root, step, group);
      assert.equal(r.signal, 'SIGKILL', `${step}: child should have killed itself at the step; stdout ${r.stdout} stderr ${r.stderr}`);
      const b = await open(root);
      try {
        assert.deepEqual(fs.readdirSync(dirs(root).ledgers).filter((n) => COMPACTION_FILE_RE.test(n)), [], `${step}: compaction files after recovery`);
        await assertLiveIntact(b, `${step}, after recovery`);
        // GC still finishes the job after the crash.
        const md = await openFormattedMetadata(dirs(root).metadata);
        const gc = new BookieGarbageCollector(b, ledgerManagerGcSource(md.ledgers), { gcLedgerMinAgeMs: 0, compactionRateByEntries: 0, forceAllowCompaction: true, minorCompactionInterval: 0, majorCompactionInterval: 0 }, log);
        await gc.triggerGc();
        await gc.close();
        await md.close();
        for (const id of ALL) if (!LIVE.includes(id)) assert.equal(b.hasLedger(id), false, `${step}: ledger ${id} collected`);
        await assertLiveIntact(b, `${step}, after a second GC`);
        const after = dirBytes(dirs(root).ledgers);
        assert.ok(after < before * 0.6, `${step}: ledger directory ${before} → ${after} bytes`);
      } finally {
        await b.close();
      }
      const b2 = await open(root);
      try {
        await assertLiveIntact(b2, `${step}, after restart`);
      } finally {
        await b2.close();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
});
