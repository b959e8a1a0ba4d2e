// Crash safety with a real crash: a child process adds entries and reports each ack; the parent
// kills it with SIGKILL mid-stream (journal writes, fsyncs and checkpoints in flight), reopens the
// same directories, and checks that every acknowledged add reads back, with fence and explicit LAC;
// once with one journal, once with two (ledgers spread over both by signSafeMod(ledgerId, 2)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openBookie } from '../../bookie/bookie-impl.js';
import { signSafeMod } from '../../bookie/journal/journal-list.js';
import { replayJournal } from '../../bookie/journal/journal-replay.js';
import { readLastMark } from '../../bookie/journal/last-mark.js';
import { childLogger } from '../../common/logger.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function expectedEntry(ledgerId: bigint, entryId: bigint): Buffer {
  const b = Buffer.alloc(32 + 500, Number(entryId % 251n));
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(entryId, 8);
  b.writeBigInt64BE(entryId - 1n, 16);
  b.writeBigInt64BE(500n, 24);
  return b;
}

async function runAndKill(journalDirs: readonly string[], ledgerDir: string, killAfterAcks: number, reuse: boolean): Promise<Map<bigint, bigint>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'bookie-storage-crash-child.ts'), journalDirs.join(','), ledgerDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUIRE_LOG_LEVEL: 'silent', QUIRE_CRASH_REUSE: reuse ? '1' : '0' },
  });
  const acked = new Map<bigint, bigint>(); // ledger -> highest acked entry (writers ack in order)
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let buf = '';
  let acks = 0;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const m = /^ack (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      const l = BigInt(m[1]!);
      const e = BigInt(m[2]!);
      if ((acked.get(l) ?? -1n) < e) acked.set(l, e);
      if (++acks === killAfterAcks) child.kill('SIGKILL');
    }
  });
  const { signal } = await exited;
  assert.equal(signal, 'SIGKILL', `child should be killed, not exit on its own; stderr: ${stderr}`);
  return acked;
}

/** Records after lastMark in a copy of `journalDir` (replay repairs a torn tail: the bookie's own start must do that). */
async function recordsAfterMark(journalDir: string, scratch: string): Promise<number> {
  const copy = path.join(scratch, `copy-${path.basename(journalDir)}`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(journalDir, copy, { recursive: true });
  let n = 0;
  await replayJournal(copy, await readLastMark(copy), () => void n++);
  fs.rmSync(copy, { recursive: true, force: true });
  return n;
}

async function killAndCheck(journalDirs: readonly string[], ledgerDir: string, scratch: string, reuse = false): Promise<void> {
  const log = childLogger('crash-test');
  log.level = 'silent';
  for (const [round, kill] of [[1, 20_000], [2, 7_000]] as const) {
    const acked = await runAndKill(journalDirs, ledgerDir, kill, reuse);
    assert.ok(acked.size > 0, `round ${round}: child acked nothing`);
    if (reuse) {
      // Round 1 (20,000 adds, about 11 MB: many 1 MB segments rolled and trimmed) leaves free files
      // to write over; round 2 (7,000) may have used them all up by the kill, so only round 1 checks.
      const names = fs.readdirSync(journalDirs[0]!);
      if (round === 1) assert.ok(names.some((n) => n.endsWith('.txn.free')), `round ${round}: free files in ${names.join(' ')}`);
      const newest = names.filter((n) => n.endsWith('.txn')).sort().at(-1)!;
      assert.equal(fs.readFileSync(path.join(journalDirs[0]!, newest)).readUInt32BE(4), 2, 'format-2 segments');
    }
    if (journalDirs.length > 1) {
      // The kill left work to replay in every journal, and acked adds of ledgers of each journal.
      for (const [i, jd] of journalDirs.entries()) {
        assert.ok((await recordsAfterMark(jd, scratch)) > 0, `round ${round}: journal ${i} has records after its lastMark`);
        assert.ok([...acked.keys()].some((l) => signSafeMod(l, journalDirs.length) === i), `round ${round}: acked adds in journal ${i}`);
      }
    }
    const b = await openBookie({ journalDirectories: journalDirs, ledgerDirectories: [ledgerDir], journalPreAllocSizeMB: 1, ...(reuse ? { journalReuseFiles: true, journalMaxSizeMB: 1 } : {}) }, log);
    try {
      let checked = 0;
      for (const [l, last] of acked) {
        // Round 2 re-adds the same ids from 0 (overwrites), so every id up to the max must exist.
        for (let e = 0n; e <= last; e++) {
          assert.deepEqual(await b.readEntry(l, e), expectedEntry(l, e), `round ${round}: entry ${l}/${e}`);
          checked++;
        }
        assert.ok((await b.getLastAddConfirmed(l)) >= last - 1n);
      }
      assert.ok(checked >= kill, `round ${round}: checked ${checked}`);
      await assert.rejects(b.addEntry(1000n, 0n, Buffer.alloc(20, 0x5a), expectedEntry(1000n, 0n), { recovery: false, deferredSync: false, highPriority: false }), { code: 'LEDGER_FENCED' });
      assert.equal(await b.getLastAddConfirmed(1001n), 42n);
    } finally {
      await b.close();
    }
  }
}

test('SIGKILL while adding: every acknowledged add survives reopen', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-crash-'));
  try {
    await killAndCheck([path.join(dir, 'journal')], path.join(dir, 'ledgers'), dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGKILL while adding with two journal directories: every acknowledged add, from both journals, survives reopen', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-crash2-'));
  try {
    await killAndCheck([path.join(dir, 'journal0'), path.join(dir, 'journal1')], path.join(dir, 'ledgers'), dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGKILL while adding with journalReuseFiles (1 MB segments written over free files): every acknowledged add survives reopen', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-crash-reuse-'));
  try {
    await killAndCheck([path.join(dir, 'journal')], path.join(dir, 'ledgers'), dir, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
