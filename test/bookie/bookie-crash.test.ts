// Durability: a bookie process is killed with SIGKILL under load and restarted; every add it
// acknowledged reads back, and the fenced flag and master key survive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { ReadFlag } from '../../protocol/messages.js';
import { startBookieProcess } from '../../harness/bookie-process.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';

const KEY = Buffer.alloc(20, 3);

test('SIGKILL under load loses no acknowledged add; fence and key survive restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-crash-'));
  // A fixed bookie id: the port changes at each restart, and the cookie binds the directories to the id.
  const args = [
    '--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'),
    '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`, '--set', 'bookieId=crash-bookie', '--set', 'flushInterval=200',
  ];
  try {
    const first = await startBookieProcess(args);
    const c = await WireClient.connect(first.port);
    // Ledger 1 gets fenced before the crash; ledger 2 takes the load.
    assert.equal((await c.send(addReq(1n, 0n, KEY, dummyEntry(1n, 0n, -1n, Buffer.from('f'))))).status, StatusCode.EOK);
    assert.equal((await c.send(readReq(1n, -1n, { flag: ReadFlag.FENCE_LEDGER, masterKey: KEY }))).status, StatusCode.EOK);

    const acked: bigint[] = [];
    let next = 0n;
    const writers = Array.from({ length: 8 }, async () => {
      while (!c.isClosed) {
        const e = next++;
        try {
          const r = await c.send(addReq(2n, e, KEY, dummyEntry(2n, e, -1n, Buffer.alloc(512, Number(e % 251n)))));
          if (r.status === StatusCode.EOK) acked.push(e);
        } catch {
          return; // connection gone: the bookie was killed
        }
      }
    });
    while (acked.length < 3000) await new Promise((r) => setTimeout(r, 5));
    await first.kill('SIGKILL');
    await Promise.all(writers);
    assert.ok(acked.length >= 3000);

    const second = await startBookieProcess(args);
    const c2 = await WireClient.connect(second.port);
    for (const e of acked) {
      const r = await c2.send(readReq(2n, e));
      assert.equal(r.status, StatusCode.EOK, `acknowledged entry ${e} lost`);
      assert.deepEqual(r.readResponse!.body, dummyEntry(2n, e, -1n, Buffer.alloc(512, Number(e % 251n))));
    }
    // Fence and key survived.
    assert.equal((await c2.send(addReq(1n, 1n, KEY, dummyEntry(1n, 1n, 0n, Buffer.from('g'))))).status, StatusCode.EFENCED);
    assert.equal((await c2.send(addReq(2n, 1_000_000n, Buffer.alloc(20, 4), dummyEntry(2n, 1_000_000n, -1n, Buffer.from('k'))))).status, StatusCode.EUA);
    // A second crash right after restart (nothing checkpointed since) also loses nothing.
    c2.close();
    await second.kill('SIGKILL');
    const third = await startBookieProcess(args);
    const c3 = await WireClient.connect(third.port);
    const lastAcked = acked.reduce((a, b) => (a > b ? a : b));
    assert.equal((await c3.send(readReq(2n, lastAcked))).status, StatusCode.EOK);
    assert.equal((await c3.send(addReq(1n, 2n, KEY, dummyEntry(1n, 2n, 0n, Buffer.from('h'))))).status, StatusCode.EFENCED);
    c3.close();
    await third.kill('SIGTERM');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
