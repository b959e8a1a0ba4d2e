// Decommission of a live bookie under load (issue 13): four bookie processes on real ZooKeeper,
// writers appending to open ledgers all the time, closed ledgers, and an idle open ledger. The
// shell verb turns the bookie read-only through its HTTP API, moves every fragment off it while the
// writers keep going, and deletes its cookie. Then the bookie is SIGKILLed, and every acked entry is
// read from every bookie of its write set directly (not through the client): none lost, none short
// of a copy, and no metadata names the bookie.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { segmentFor, writeSet, type WriteHandle } from '../../clients/quorum/index.js';
import { TcpBookieClient } from '../../clients/quorum/bookie-client/tcp-bookie-client.js';
import { RegistrationPort } from '../../clients/quorum/metadata-adapters.js';
import { readCookie } from '../../metadata/cookie.js';
import { startLocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper } from '../../harness/zookeeper.js';
import { decommissionbookie } from '../../cli/shell/decommission-command.js';

const payload = (ledger: number, i: number) => Buffer.from(`ledger-${ledger}-entry-${i}-`.padEnd(64 + (i % 7) * 13, 'x'));

test('decommissionbookie under load: data moved off a live bookie, cookie gone, no entry lost', async () => {
  const zk = await startZooKeeper();
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  const cluster = await startLocalCluster({ bookies: 4, metadataServiceUri: uri, bookieSettings: ['httpServerEnabled=true', 'httpServerPort=0'] });
  const bk = await createBookKeeperClient({ metadataServiceUri: uri });
  const direct = new TcpBookieClient({ registry: new RegistrationPort(cluster.service.registration) });
  try {
    const victim = cluster.bookies[0]!.bookieId;
    // Ledgers on E3 of 4 bookies: keep the ones whose ensemble holds the victim (each ledger is a
    // case the decommission must handle), at least 2 busy, 2 closed and 1 idle.
    const withVictim = async (): Promise<WriteHandle> => {
      for (;;) {
        const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw' });
        if (w.ledgerMetadata.segments[0]!.bookies.includes(victim)) return w;
        await w.close();
      }
    };
    const acked = new Map<bigint, Map<bigint, Buffer>>();
    const write = async (w: WriteHandle, n: number, tag: number) => {
      const m = acked.get(w.ledgerId) ?? new Map<bigint, Buffer>();
      acked.set(w.ledgerId, m);
      for (let i = 0; i < n; i++) {
        const p = payload(tag, m.size);
        m.set(await w.append(p), p);
      }
    };
    const closed = [await withVictim(), await withVictim()];
    for (const [k, w] of closed.entries()) {
      await write(w, 300, 100 + k);
      await w.close();
    }
    const idle = await withVictim();
    await write(idle, 100, 200);
    const busy = [await withVictim(), await withVictim()];

    // Writers: 8 lanes per busy ledger append until told to stop; no append may fail.
    let stop = false;
    const failures: unknown[] = [];
    const lanes = busy.flatMap((w, k) => {
      const m = new Map<bigint, Buffer>();
      acked.set(w.ledgerId, m);
      let next = 0;
      return Array.from({ length: 8 }, async () => {
        while (!stop) {
          const p = payload(300 + k, next++);
          try {
            m.set(await w.append(p), p);
          } catch (e) {
            failures.push(e);
            return;
          }
        }
      });
    });
    // Let the load run before the decommission starts.
    while ([...acked.get(busy[1]!.ledgerId)!.keys()].length < 200) await new Promise((r) => setTimeout(r, 20));

    // With the progress bar on (stderr is not a terminal here: one line per redraw), captured.
    let bar = '';
    const stderrWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      bar += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return (stderrWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    let lines: string[];
    try {
      lines = await decommissionbookie({ metadataServiceUri: uri, bookieId: victim, openLedgerGracePeriodMs: 3000, progress: true });
    } finally {
      process.stderr.write = stderrWrite;
    }
    assert.match(bar, /decommission: ledgers scanned \[.*\] \d+\/\d+ pass \d+, \d+ segments moved/, 'the progress bar was drawn');
    const moreAfter = acked.get(busy[0]!.ledgerId)!.size + 200;
    while (acked.get(busy[0]!.ledgerId)!.size < moreAfter && failures.length === 0) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(lanes);
    assert.deepEqual(failures, [], 'no append failed during the decommission');
    for (const w of busy) await w.close();

    assert.ok(lines.some((l) => l.includes('is read-only now')), lines.join('\n'));
    const moved = /^Moved (\d+) segments of (\d+) ledgers \((\d+) entries/.exec(lines.find((l) => l.startsWith('Moved ')) ?? '');
    assert.ok(moved && Number(moved[2]) >= 5 && Number(moved[1]) >= 5 && Number(moved[3]) > 0, lines.join('\n'));
    assert.ok(lines.some((l) => l === `The ledgers stored in the given decommissioning bookie: ${victim} are properly replicated`));
    assert.ok(lines.some((l) => l === `Cookie of the decommissioned bookie: ${victim} is deleted successfully`));
    assert.ok(lines.some((l) => l.includes(`ledger ${idle.ledgerId}: open past the grace period, fenced and recovered`)), lines.join('\n'));
    assert.equal(await readCookie(cluster.service.store, cluster.service.root, victim), undefined);

    // Only now is it safe to stop it for good.
    await cluster.kill(0);
    let copies = 0;
    for (const [ledgerId, entries] of acked) {
      const md = (await cluster.service.ledgers.readLedgerMetadata(ledgerId)).metadata;
      assert.equal(md.state, 'CLOSED');
      for (const s of md.segments) assert.ok(!s.bookies.includes(victim), `ledger ${ledgerId} still names ${victim}`);
      for (const [entryId, p] of entries) {
        const seg = segmentFor(md.segments, entryId);
        for (const i of writeSet(entryId, md.ensembleSize, md.writeQuorumSize)) {
          const stored = (await direct.readEntry(seg.bookies[i]!, ledgerId, entryId)).entry;
          // The stored entry is the 32-byte header, the digest, then the payload.
          assert.ok(stored.subarray(stored.length - p.length).equals(p), `ledger ${ledgerId} entry ${entryId} on ${seg.bookies[i]} differs`);
          copies++;
        }
      }
    }
    const total = [...acked.values()].reduce((n, m) => n + m.size, 0);
    assert.equal(copies, total * 2, 'every acked entry on both bookies of its write set');
    // And through the client, every ledger reads back in full.
    for (const [ledgerId, entries] of acked) {
      const r = await bk.openLedger(ledgerId, { password: 'pw' });
      assert.equal(r.lastAddConfirmed, BigInt(entries.size - 1));
    }
  } finally {
    await direct.close();
    await bk.close();
    await cluster.stop();
    await zk.destroy();
  }
});
