// BookKeeper's shell verbs as an operator types them (`quire shell <verb> -flag value`), as real
// processes against a real ZooKeeper and three `quire bookie` processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function shell(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'shell', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' }, timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('quire shell against ZooKeeper and bookie processes', () => {
  let zk: ZooKeeperServer;
  let uri: string;
  let dir: string;
  const bookies: BookieProcess[] = [];
  before(async () => {
    zk = await startZooKeeper();
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    dir = mkdtempSync(join(tmpdir(), 'quire-shell-'));
    const f = shell(['metaformat', '-metadataServiceUri', uri]);
    assert.equal(f.status, 0, f.err);
    for (let i = 0; i < 3; i++) {
      bookies.push(await startBookieProcess(['--port', '0', '--journal-dir', join(dir, `b${i}`, 'j'), '--ledger-dir', join(dir, `b${i}`, 'l'), '--metadata-service-uri', uri]));
    }
  });
  after(async () => {
    for (const b of bookies) await b.kill('SIGTERM');
    await zk?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('listbookies -rw lists the three bookies; -ro none', () => {
    const rw = shell(['listbookies', '-rw', '-metadataServiceUri', uri]);
    assert.equal(rw.status, 0, rw.err);
    for (const b of bookies) assert.ok(rw.out.includes(b.bookieId), rw.out);
    const ro = shell(['listbookies', '-ro', '-metadataServiceUri', uri]);
    assert.equal(ro.status, 0, ro.err);
    for (const b of bookies) assert.ok(!ro.out.includes(b.bookieId), ro.out);
  });

  test('simpletest writes and reads back through the bookies', () => {
    const r = shell(['simpletest', '-ensemble', '3', '-writeQuorum', '2', '-ackQuorum', '2', '-numEntries', '200', '-metadataServiceUri', uri]);
    assert.equal(r.status, 0, r.err + r.out);
    assert.match(r.out, /200/);
  });

  test('listledgers, ledgermetadata, readledger, recover on a ledger whose writer went away', async () => {
    const bk = await createBookKeeperClient({ metadataServiceUri: uri });
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: '' });
    for (let i = 0; i < 10; i++) await w.append(Buffer.from(`shell-${i}`));
    const id = String(w.ledgerId);
    await bk.close(); // the writer leaves without closing the ledger
    const list = shell(['listledgers', '-metadataServiceUri', uri]);
    assert.equal(list.status, 0, list.err);
    assert.ok(list.out.split(/\s+/).includes(id), list.out);
    const md = shell(['ledgermetadata', '-ledgerid', id, '-metadataServiceUri', uri]);
    assert.equal(md.status, 0, md.err);
    assert.match(md.out, /OPEN/);
    const rec = shell(['recover', '-ledgerid', id, '-metadataServiceUri', uri]);
    assert.equal(rec.status, 0, rec.err + rec.out);
    assert.match(rec.out, /9/);
    assert.match(shell(['ledgermetadata', '-ledgerid', id, '-metadataServiceUri', uri]).out, /CLOSED/);
    const read = shell(['readledger', '-ledgerid', id, '-firstentryid', '2', '-lastentryid', '4', '-metadataServiceUri', uri]);
    assert.equal(read.status, 0, read.err);
    assert.match(read.out, /shell-2/);
    assert.match(read.out, /shell-4/);
    assert.doesNotMatch(read.out, /shell-5/);
    const unknown = shell(['ledgermetadata', '-ledgerid', '987654', '-metadataServiceUri', uri]);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.err, /987654/);
  });
});
