// The auto-recovery shell verbs through commander (with BookKeeper's one-dash flags normalized as
// `quire shell` does) on a real local cluster: the switch, the delay, listing marks with their
// missing replicas, whoisauditor, and `recover <bookie>` moving every fragment off a live bookie.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { registerAutoRecoveryShellCommands } from '../../cli/shell/autorecovery-commands.js';
import { registerClientShellCommands } from '../../cli/shell/client-commands.js';
import { normalizeShellArgv } from '../../cli/shell-command.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { AuditorElection } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';

describe('auto-recovery shell verbs', () => {
  let cluster: LocalCluster;
  let uri: string;
  before(async () => {
    cluster = await startLocalCluster({ bookies: 5, startTimeoutMs: 180_000 });
    uri = cluster.metadataServiceUri;
  });
  after(async () => {
    await cluster.stop();
  });

  async function shell(...args: string[]): Promise<string[]> {
    const lines: string[] = [];
    const program = new Command().exitOverride();
    const sh = program.command('shell').exitOverride();
    registerAutoRecoveryShellCommands(sh, (l) => lines.push(l));
    registerClientShellCommands(sh, (l) => lines.push(l));
    for (const c of sh.commands) c.exitOverride();
    await program.parseAsync(normalizeShellArgv(['node', 'quire', 'shell', ...args, '-metadataServiceUri', uri]));
    return lines;
  }

  test('autorecovery -enable|-disable, lostbookierecoverydelay -set|-get, whoisauditor, listunderreplicated', async () => {
    assert.deepEqual(await shell('autorecovery'), ['Autorecovery is enabled.']);
    assert.deepEqual(await shell('autorecovery', '-disable'), ['Stopping replication']);
    assert.deepEqual(await shell('autorecovery'), ['Autorecovery is disabled.']);
    assert.deepEqual(await shell('autorecovery', '-enable'), ['Resuming replication']);
    assert.deepEqual(await shell('autorecovery', '-enable'), ['Autorecovery already enabled. Doing nothing']);
    assert.deepEqual(await shell('lostbookierecoverydelay', '-set', '7'), ['Successfully set LostBookieRecoveryDelay value in ZK: 7']);
    assert.deepEqual(await shell('lostbookierecoverydelay', '-get'), ['LostBookieRecoveryDelay value in ZK: 7']);

    const election = new AuditorElection(cluster.service.store, cluster.service.root, 'auditor-host:3181');
    await election.becomeAuditor(() => undefined);
    assert.deepEqual(await shell('whoisauditor'), ['Auditor: auditor-host:3181']);
    assert.deepEqual(await shell('triggeraudit'), ['Completed triggering audit']);
    await election.close();

    const urm = await UnderreplicationManager.open(cluster.service.store, cluster.service.root, 'w-1');
    await urm.markLedgerUnderreplicated(5n, ['a:3181']);
    await urm.markLedgerUnderreplicated(70000n, ['b:3181', 'c:3181']);
    await urm.acquireUnderreplicatedLedger(5n);
    const all = await shell('listunderreplicated', '-printmissingreplica', '-printreplicationworkerid');
    assert.deepEqual(all.sort(), ['5', '70000', '\tMissingReplica : a:3181', '\tMissingReplica : b:3181', '\tMissingReplica : c:3181', '\tReplicationWorkerId : w-1'].sort());
    assert.deepEqual(await shell('listunderreplicated', '-missingreplica', 'b:3181'), ['70000']);
    assert.deepEqual(await shell('listunderreplicated', '-excludingmissingreplica', 'b:3181'), ['5']);
    await urm.markLedgerReplicated(5n); // locked without reading the mark: the mark stays, the lock goes
    assert.deepEqual(await shell('listunderreplicated', '-printreplicationworkerid'), ['5', '70000']);
    assert.equal(await urm.pollLedgerToRereplicate().then(async (a) => [a, await urm.pollLedgerToRereplicate()].sort().join()), '5,70000');
    await urm.markLedgerReplicated(5n);
    await urm.markLedgerReplicated(70000n);
    assert.deepEqual(await shell('listunderreplicated'), []);
    await urm.close();
  });

  test('recover <bookie> moves every fragment off a live bookie; entries still read', async () => {
    const bk = await createBookKeeperClient({ metadataService: cluster.service });
    try {
      const ids: bigint[] = [];
      for (let l = 0; l < 3; l++) {
        const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: '' });
        for (let i = 0; i < 30; i++) await w.append(Buffer.from(`l${l}e${i}`));
        if (l < 2) await w.close();
        ids.push(w.ledgerId);
      }
      const md0 = (await cluster.service.ledgers.readLedgerMetadata(ids[0]!)).metadata;
      const target = md0.segments[0]!.bookies[0]!;
      const out = await shell('recover', target);
      assert.match(out[0]!, new RegExp(`^Recovered \\d+ ledgers from ${target}`));
      for (const id of ids) {
        const md = (await cluster.service.ledgers.readLedgerMetadata(id)).metadata;
        assert.ok(!md.segments.some((s) => s.bookies.includes(target)), `ledger ${id} still names ${target}`);
      }
      // The recovered bookie is still running; reading must not need it.
      const idx = cluster.bookies.findIndex((b) => b.bookieId === target);
      await cluster.kill(idx);
      for (const id of ids) {
        const r = await bk.openLedger(id, { password: '', recovery: true });
        assert.equal((await r.read(0n, r.lastAddConfirmed)).length, 30);
      }
    } finally {
      await bk.close();
    }
  });

});
