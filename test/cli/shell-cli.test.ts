// BookKeeper's shell verbs as an operator types them (`quire shell <verb> -flag value`), as real
// processes against a real ZooKeeper and three `quire bookie` processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { compileCli, runCli, type CliRun, type CompiledCli } from '../../harness/compiled-cli.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

// The CLI transpiled once for this file (harness/compiled-cli.ts): every verb and bookie is still
// its own process, without paying tsx's start-up each time.
let cli: CompiledCli | undefined;

function shell(args: string[]): Promise<CliRun> {
  if (!cli) throw new Error('the CLI is not compiled yet (before)');
  return runCli(cli, ['shell', ...args], { env: { QUIRE_LOG_LEVEL: 'silent' } });
}

// The three tests share the cluster but no ledger (listledgers looks for its own id), so they run
// side by side.
describe('quire shell against ZooKeeper and bookie processes', { concurrency: true }, () => {
  let zk: ZooKeeperServer;
  let uri: string;
  let dir: string;
  const bookies: BookieProcess[] = [];
  before(async () => {
    [cli, zk] = await Promise.all([compileCli(), startZooKeeper()]);
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    dir = mkdtempSync(join(tmpdir(), 'quire-shell-'));
    const f = await shell(['metaformat', '-metadataServiceUri', uri]);
    assert.equal(f.status, 0, f.err);
    // The three bookies start side by side; each registers itself, so the order does not matter.
    const started = await Promise.allSettled(
      [0, 1, 2].map((i) => startBookieProcess(['bookie', '--port', '0', '--journal-dir', join(dir, `b${i}`, 'j'), '--ledger-dir', join(dir, `b${i}`, 'l'), '--metadata-service-uri', uri], {}, 30_000, cli!.main)),
    );
    for (const s of started) if (s.status === 'fulfilled') bookies.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });
  after(async () => {
    await Promise.all(bookies.map((b) => b.kill('SIGTERM')));
    await zk?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cli?.remove();
  });

  test('listbookies -rw lists the three bookies; -ro none', async () => {
    const [rw, ro] = await Promise.all([shell(['listbookies', '-rw', '-metadataServiceUri', uri]), shell(['listbookies', '-ro', '-metadataServiceUri', uri])]);
    assert.equal(rw.status, 0, rw.err);
    for (const b of bookies) assert.ok(rw.out.includes(b.bookieId), rw.out);
    assert.equal(ro.status, 0, ro.err);
    for (const b of bookies) assert.ok(!ro.out.includes(b.bookieId), ro.out);
  });

  test('simpletest writes and reads back through the bookies', async () => {
    const r = await shell(['simpletest', '-ensemble', '3', '-writeQuorum', '2', '-ackQuorum', '2', '-numEntries', '200', '-metadataServiceUri', uri]);
    assert.equal(r.status, 0, r.err + r.out);
    assert.match(r.out, /200/);
  });

  test('listledgers, ledgermetadata, readledger, recover on a ledger whose writer went away', async () => {
    const bk = await createBookKeeperClient({ metadataServiceUri: uri });
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: '' });
    for (let i = 0; i < 10; i++) await w.append(Buffer.from(`shell-${i}`));
    const id = String(w.ledgerId);
    await bk.close(); // the writer leaves without closing the ledger
    // Reads of the open ledger side by side; then recover; then reads of the closed one side by side.
    const [list, md, unknown] = await Promise.all([
      shell(['listledgers', '-metadataServiceUri', uri]),
      shell(['ledgermetadata', '-ledgerid', id, '-metadataServiceUri', uri]),
      shell(['ledgermetadata', '-ledgerid', '987654', '-metadataServiceUri', uri]),
    ]);
    assert.equal(list.status, 0, list.err);
    assert.ok(list.out.split(/\s+/).includes(id), list.out);
    assert.equal(md.status, 0, md.err);
    assert.match(md.out, /OPEN/);
    const rec = await shell(['recover', '-ledgerid', id, '-metadataServiceUri', uri]);
    assert.equal(rec.status, 0, rec.err + rec.out);
    assert.match(rec.out, /9/);
    const [closed, read] = await Promise.all([
      shell(['ledgermetadata', '-ledgerid', id, '-metadataServiceUri', uri]),
      shell(['readledger', '-ledgerid', id, '-firstentryid', '2', '-lastentryid', '4', '-metadataServiceUri', uri]),
    ]);
    assert.match(closed.out, /CLOSED/);
    assert.equal(read.status, 0, read.err);
    assert.match(read.out, /shell-2/);
    assert.match(read.out, /shell-4/);
    assert.doesNotMatch(read.out, /shell-5/);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.err, /987654/);
  });
});
