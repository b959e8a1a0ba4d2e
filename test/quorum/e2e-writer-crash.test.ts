// The writer process is SIGKILLed mid-stream (real ZooKeeper, real bookie processes, the writer in
// its own process: test/quorum/e2e-writer.ts). Recovery by other clients must keep every entry the
// dead writer had acknowledged; two concurrent recoveries, a later one, and two readers all agree
// on the sealed end and on every byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { startLocalCluster } from '../../harness/local-cluster.js';
import { writerPayload } from './e2e-writer.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface WriterRun {
  ledgerId: bigint;
  maxAcked: bigint;
  exitSignal: NodeJS.Signals | null;
}

/** Runs the writer until it has acked killAfter entries, then SIGKILLs it. */
async function runAndKillWriter(uri: string, killAfter: number): Promise<WriterRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/quorum/e2e-writer.ts', uri], { cwd: root, env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let ledgerId: bigint | undefined;
  let maxAcked = -1n;
  let count = 0;
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  for await (const line of lines) {
    const ev = JSON.parse(line) as { ledgerId?: string; acked?: string };
    if (ev.ledgerId !== undefined) ledgerId = BigInt(ev.ledgerId);
    if (ev.acked !== undefined) {
      const id = BigInt(ev.acked);
      assert.equal(id, maxAcked + 1n, 'acks are reported in entry order');
      maxAcked = id;
      if (++count === killAfter) child.kill('SIGKILL');
    }
  }
  clearTimeout(timer);
  const exitSignal = await exited;
  if (ledgerId === undefined) throw new Error(`writer printed no ledger id; stderr:\n${stderr}`);
  return { ledgerId, maxAcked, exitSignal };
}

test('writer SIGKILLed mid-stream: recovery keeps every acked entry; recoveries and readers agree', async () => {
  const zk = await startZooKeeper();
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  const cluster = await startLocalCluster({ bookies: 3, metadataServiceUri: uri });
  const clients = await Promise.all([0, 1, 2, 3, 4].map(() => createBookKeeperClient({ metadataServiceUri: uri })));
  try {
    const run = await runAndKillWriter(uri, 3000);
    assert.equal(run.exitSignal, 'SIGKILL', 'the writer was killed, it did not finish');
    assert.ok(run.maxAcked >= 2999n);
    const before = await cluster.service.ledgers.readLedgerMetadata(run.ledgerId);
    assert.equal(before.metadata.state, 'OPEN', 'the dead writer left the ledger open');

    // Two recoveries at once: one closes the ledger, the other adopts its result.
    const [a, b] = await Promise.all([
      clients[0]!.openLedger(run.ledgerId, { password: 'crash', recovery: true }),
      clients[1]!.openLedger(run.ledgerId, { password: 'crash', recovery: true }),
    ]);
    const sealed = a.lastAddConfirmed;
    assert.ok(a.isClosed && b.isClosed);
    assert.equal(b.lastAddConfirmed, sealed);
    assert.equal(b.length, a.length);
    assert.ok(sealed >= run.maxAcked, `sealed last entry ${sealed} < last acked ${run.maxAcked}`);
    // The writer had at most 32 appends in flight beyond what it printed.
    assert.ok(sealed <= run.maxAcked + 32n);

    const stored = await cluster.service.ledgers.readLedgerMetadata(run.ledgerId);
    assert.equal(stored.metadata.state, 'CLOSED');
    assert.equal(stored.metadata.lastEntryId, sealed);

    // A later recovery and two plain readers see the same end and the same bytes.
    const again = await clients[2]!.openLedger(run.ledgerId, { password: 'crash', recovery: true });
    assert.equal(again.lastAddConfirmed, sealed);
    const r1 = await clients[3]!.openLedger(run.ledgerId, { password: 'crash' });
    const r2 = await clients[4]!.openLedger(run.ledgerId, { password: 'crash' });
    assert.equal(r1.lastAddConfirmed, sealed);
    assert.equal(r2.lastAddConfirmed, sealed);
    const [e1, e2] = await Promise.all([r1.read(0n, sealed), r2.read(0n, sealed)]);
    assert.equal(e1.length, Number(sealed) + 1);
    let length = 0n;
    for (let i = 0; i < e1.length; i++) {
      const want = writerPayload(BigInt(i));
      assert.ok(e1[i]!.payload.equals(want), `reader 1: entry ${i} differs`);
      assert.ok(e2[i]!.payload.equals(want), `reader 2: entry ${i} differs`);
      length += BigInt(want.length);
    }
    assert.equal(a.length, length, 'sealed length is the sum of the entries');
    await assert.rejects(r1.read(sealed + 1n, sealed + 1n), /closed at entry/);
  } finally {
    for (const c of clients) await c.close();
    await cluster.stop();
    await zk.destroy();
  }
});
