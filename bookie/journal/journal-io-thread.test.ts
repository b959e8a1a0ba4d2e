import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Journal, type JournalOptions } from './journal.js';
import { JournalIoThreads, sharedBuffer } from './journal-io-thread.js';
import { JournalRecordType } from './journal-record.js';
import { replayJournal } from './journal-replay.js';
import { journalTestOptions } from './journal-test-options.js';

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-journal-io-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function options(over: Partial<JournalOptions> = {}): JournalOptions {
  return journalTestOptions(dir, { dedicatedIoThreads: true, ...over });
}

/**
 * Occupies every thread of libuv's threadpool (and queues more work behind them): opens of a
 * FIFO for reading block until a writer opens it. release() opens the writer end.
 */
function blockThreadpool(): { release: () => Promise<void> } {
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const n = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const opened = Array.from({ length: n }, () => fs.promises.open(fifo, 'r'));
  return {
    async release() {
      const w = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      for (const h of await Promise.all(opened)) await h.close();
      fs.closeSync(w);
    },
  };
}

test('I/O threads: writes land at their offsets, reads return them, shared and copied buffers alike', async () => {
  const io = new JournalIoThreads('test');
  const fd = fs.openSync(path.join(dir, 'f'), 'w+');
  try {
    const shared = sharedBuffer(8);
    shared.write('abcdefgh');
    await io.write(fd, shared, 2, 4, 0); // cdef, no copy
    await io.write(fd, Buffer.from('XYZ'), 0, 3, 4); // copied
    await io.writev(fd, [Buffer.from('12'), Buffer.from('34')], 7);
    await io.fdatasync(fd);
    assert.equal(fs.readFileSync(path.join(dir, 'f'), 'latin1'), 'cdefXYZ1234');
    const into = Buffer.alloc(6, 0x2e);
    assert.equal(await io.read(fd, into, 1, 4, 3), 4);
    assert.equal(into.toString('latin1'), '.fXYZ.');
    const sharedInto = sharedBuffer(3);
    assert.equal(await io.read(fd, sharedInto, 0, 3, 9), 2, 'a read past the end returns what there is');
    assert.equal(sharedInto.subarray(0, 2).toString('latin1'), '34');
  } finally {
    fs.closeSync(fd);
    await io.close();
  }
});

test('I/O threads: an errno error keeps its code; calls after close fail', async () => {
  const io = new JournalIoThreads('test');
  fs.writeFileSync(path.join(dir, 'f'), 'x');
  const fd = fs.openSync(path.join(dir, 'f'), 'r');
  try {
    await assert.rejects(io.write(fd, Buffer.from('x'), 0, 1, 0), (e: NodeJS.ErrnoException) => e.code === 'EBADF' && e.syscall === 'write');
  } finally {
    fs.closeSync(fd);
  }
  await io.close();
  await assert.rejects(io.fdatasync(0), /stopped/);
});

test('with dedicated I/O threads, records are acked while every libuv threadpool thread is blocked; replay finds them', { timeout: 120_000 }, async () => {
  const j = await Journal.start(options(), 1);
  const pool = blockThreadpool();
  try {
    // On the shared threadpool these writes and fdatasyncs would wait for release().
    await Promise.all(Array.from({ length: 50 }, (_, i) => j.append(JournalRecordType.ADD_ENTRY, 1n, BigInt(i), Buffer.alloc(100, i))));
    assert.ok(j.stats.syncs >= 1);
  } finally {
    await pool.release();
  }
  await j.close();
  const ids: bigint[] = [];
  await replayJournal(dir, undefined, (r) => {
    if (r.type === JournalRecordType.ADD_ENTRY) ids.push(r.entryId);
  });
  assert.deepEqual(ids, Array.from({ length: 50 }, (_, i) => BigInt(i)));
});

test('with dedicated I/O threads, a failed write fails the journal: nothing is acked after it', async () => {
  const j = await Journal.start(options(), 1);
  // Swap the journal's fd for a read-only one (closing it under the journal could let a new fd
  // take its number): the write on the I/O thread gets EBADF.
  const state = j as unknown as { fd: number };
  const writable = state.fd;
  state.fd = fs.openSync(path.join(dir, fs.readdirSync(dir).find((n) => n.endsWith('.txn'))!), 'r');
  fs.closeSync(writable);
  await assert.rejects(j.append(JournalRecordType.ADD_ENTRY, 1n, 0n, Buffer.alloc(10)), (e: Error & { code?: string }) => e.code === 'IO_ERROR');
  await assert.rejects(j.append(JournalRecordType.ADD_ENTRY, 1n, 1n, Buffer.alloc(10)), (e: Error & { code?: string }) => e.code === 'IO_ERROR');
  await j.close();
});
