// The client shell verbs (cli/shell/client-commands.ts) against real bookie processes and the
// embedded metadata store: the functions, and the commander wiring with BookKeeper's one-dash
// flags (-ledgerid) and the usual two-dash ones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { isQuireError } from '../../common/errors.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { bookiesanity, readledger, recover, registerClientShellCommands, simpletest } from '../../cli/shell/client-commands.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';

describe('client shell verbs', () => {
  let cluster: LocalCluster;
  let uri: string;
  before(async () => {
    cluster = await startLocalCluster({ bookies: 3 });
    uri = cluster.metadataServiceUri;
  });
  after(async () => {
    await cluster.stop();
  });

  /** Runs `quire shell <args>` through commander in this process; returns the printed lines. */
  async function shell(...args: string[]): Promise<string[]> {
    const lines: string[] = [];
    const program = new Command().exitOverride();
    const sh = program.command('shell').exitOverride();
    registerClientShellCommands(sh, (l) => lines.push(l));
    for (const c of sh.commands) c.exitOverride();
    await program.parseAsync(['node', 'quire', 'shell', ...args]);
    return lines;
  }

  async function openLedgerWithEntries(n: number, password = ''): Promise<bigint> {
    const bk = await createBookKeeperClient({ metadataService: cluster.service });
    try {
      const w = await bk.createLedger({ password });
      for (let i = 0; i < n; i++) await w.append(Buffer.from(`line ${i}`));
      return w.ledgerId; // left open, as a dead writer would
    } finally {
      await bk.close();
    }
  }

  test('simpletest writes, reads back and deletes; reports adds/s', async () => {
    const before = await cluster.service.ledgers.listLedgers();
    const lines = await simpletest({ metadataServiceUri: uri, ensemble: 3, writeQuorum: 2, ackQuorum: 2, numEntries: 500 });
    assert.match(lines[0]!, /^Created ledger \d+/);
    assert.match(lines[1]!, /^Wrote 500 entries of 1024 bytes in \d+ ms: \d+ adds\/s/);
    assert.equal(lines[2], 'Read back 500 entries: all match');
    assert.match(lines[3]!, /^Deleted ledger \d+/);
    assert.deepEqual(await cluster.service.ledgers.listLedgers(), before);
    await assert.rejects(simpletest({ metadataServiceUri: uri, ensemble: 2, writeQuorum: 3, ackQuorum: 2, numEntries: 1 }), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
  });

  test('readledger (no recovery), recover (fence and close)', async () => {
    const id = await openLedgerWithEntries(5);
    // Open ledger: up to the LAC the bookies know (entry 4 carried LAC 3), no recovery.
    const lines = await readledger({ metadataServiceUri: uri, ledgerId: id });
    assert.equal(lines.length, 4);
    assert.equal(lines[0], `--------- Lid=${id}, Eid=0, length=6 ---------\nline 0`);
    assert.equal((await cluster.service.ledgers.readLedgerMetadata(id)).metadata.state, 'OPEN');
    // Past the LAC: the unconfirmed entry is shown too.
    assert.equal((await readledger({ metadataServiceUri: uri, ledgerId: id, firstEntryId: 4n, lastEntryId: 4n }))[0], `--------- Lid=${id}, Eid=4, length=6 ---------\nline 4`);

    assert.deepEqual(await recover({ metadataServiceUri: uri, ledgerId: id }), [`Ledger ${id} is CLOSED: lastEntryId=4, length=30, segments=1`]);
    const md = (await cluster.service.ledgers.readLedgerMetadata(id)).metadata;
    assert.equal(md.state, 'CLOSED');
    assert.equal(md.lastEntryId, 4n);
    assert.equal((await readledger({ metadataServiceUri: uri, ledgerId: id })).length, 5);
    await assert.rejects(readledger({ metadataServiceUri: uri, ledgerId: 424242n }), (e) => isQuireError(e, 'NO_SUCH_LEDGER'));
    const secret = await openLedgerWithEntries(1, 'secret');
    await assert.rejects(recover({ metadataServiceUri: uri, ledgerId: secret }), (e) => isQuireError(e, 'UNAUTHORIZED'));
    assert.equal((await recover({ metadataServiceUri: uri, ledgerId: secret, password: 'secret' }))[0], `Ledger ${secret} is CLOSED: lastEntryId=0, length=6, segments=1`);
  });

  test('bookiesanity on a chosen bookie, or the local one; an unregistered bookie is a clear error', async () => {
    const b = cluster.bookies[1]!.bookieId;
    const [line] = await bookiesanity({ metadataServiceUri: uri, bookieId: b, entries: 20 });
    assert.match(line!, new RegExp(`^Bookie sanity test succeeded on ${b}: wrote and read back 20 entries on ledger \\d+$`));
    const [dflt] = await bookiesanity({ metadataServiceUri: uri });
    const picked = /succeeded on (\S+):/.exec(dflt!)?.[1];
    assert.ok(cluster.bookies.some((x) => x.bookieId === picked), `picked ${picked}`);
    await assert.rejects(bookiesanity({ metadataServiceUri: uri, bookieId: '127.0.0.1:1' }), (e) => isQuireError(e, 'NOT_ENOUGH_BOOKIES') && /not registered/.test(e.message));
  });

  test('commander wiring: BookKeeper one-dash flags and two-dash flags', async () => {
    const id = await openLedgerWithEntries(3);
    const st = await shell('simpletest', '-ensemble', '3', '-writeQuorum', '3', '-ackQuorum', '2', '-numEntries', '50', '--metadataServiceUri', uri);
    assert.match(st[1]!, /^Wrote 50 entries/);
    const one = await shell('readledger', '-ledgerid', String(id), '-firstentryid', '0', '-lastentryid', '1', '-metadataServiceUri', uri);
    const two = await shell('readledger', '--ledgerid', String(id), '--firstentryid', '0', '--lastentryid', '1', '--metadataServiceUri', uri);
    assert.deepEqual(one, two);
    assert.equal(one.length, 2);
    assert.deepEqual(await shell('recover', '-ledgerid', String(id), '--metadataServiceUri', uri), [`Ledger ${id} is CLOSED: lastEntryId=2, length=18, segments=1`]);
    const [sanity] = await shell('bookiesanity', '-entries', '5', '-bookie', cluster.bookies[0]!.bookieId, '--metadataServiceUri', uri);
    assert.match(sanity!, /^Bookie sanity test succeeded on .*: wrote and read back 5 entries/);
    await assert.rejects(shell('readledger', '-ledgerid', 'abc', '--metadataServiceUri', uri), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
    await assert.rejects(shell('simpletest', '-numEntries', 'x', '--metadataServiceUri', uri), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
  });
});
