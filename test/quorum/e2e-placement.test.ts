// Rack-aware placement with real bookie processes over TCP: six bookies on 127.0.0.1..127.0.0.6,
// racks from a real topology script (BookKeeper's ScriptBasedMapping, called with the bookies'
// hosts). New ensembles put every striped write quorum on two racks; the ensemble change after a
// SIGKILL replaces from the dead bookie's rack; entries written across the change all read back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RACKAWARE_POLICY, REGIONAWARE_POLICY, writeSet, type BookKeeperClient } from '../../clients/quorum/index.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';

const RACK: Record<string, string> = { '127.0.0.1': '/rack-a', '127.0.0.2': '/rack-a', '127.0.0.3': '/rack-b', '127.0.0.4': '/rack-b', '127.0.0.5': '/rack-c', '127.0.0.6': '/rack-c' };
const rackOf = (bookieId: string) => RACK[bookieId.split(':')[0]!]!;

function assertRackSpread(bookies: readonly string[], e: number, qw: number, what: string): void {
  for (let entry = 0n; entry < BigInt(e); entry++) {
    const racks = new Set(writeSet(entry, e, qw).map((i) => rackOf(bookies[i]!)));
    assert.ok(racks.size >= 2, `${what}: write quorum of entry ${entry} on one rack (${bookies.map(rackOf).join(',')})`);
  }
}

describe('rack-aware placement over TCP (script-based racks)', () => {
  let dir: string;
  let script: string;
  let cluster: LocalCluster;
  let bk: BookKeeperClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-placement-'));
    script = join(dir, 'topology.sh');
    const cases = Object.entries(RACK).map(([h, r]) => `    ${h}) echo ${r} ;;`).join('\n');
    writeFileSync(script, `#!/bin/sh\necho "$*" >> '${join(dir, 'calls.log')}'\nfor h in "$@"; do\n  case "$h" in\n${cases}\n    *) echo /default-rack ;;\n  esac\ndone\n`);
    chmodSync(script, 0o755);
    cluster = await startLocalCluster({ bookies: 6, hostOf: (i) => `127.0.0.${i + 1}` });
    bk = await createBookKeeperClient({
      metadataService: cluster.service,
      config: { ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyScriptFileName: script, enforceMinNumRacksPerWriteQuorum: true },
    });
  });
  after(async () => {
    await bk?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('new ensembles: E3 uses three racks, E4 Qw2 and E5 Qw3 put every write quorum on two racks', async () => {
    for (let i = 0; i < 6; i++) {
      const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
      const ens = w.ledgerMetadata.segments[0]!.bookies;
      assert.equal(new Set(ens.map(rackOf)).size, 3, ens.join(','));
      await w.append(Buffer.from('x'));
      await w.close();
    }
    for (const [e, qw] of [[4, 2], [5, 3], [6, 2]] as const) {
      for (let i = 0; i < 4; i++) {
        const w = await bk.createLedger({ ensembleSize: e, writeQuorumSize: qw, ackQuorumSize: 2 });
        assertRackSpread(w.ledgerMetadata.segments[0]!.bookies, e, qw, `E${e} Qw${qw}`);
        await w.close();
      }
    }
    assert.ok(readFileSync(join(dir, 'calls.log'), 'utf8').includes('127.0.0.'), 'the script was called with bookie hosts');
  });

  test('the ensemble change after a SIGKILL takes the dead bookie\'s rack-mate (E3 over three racks stays on three); every entry reads back', async () => {
    const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw' });
    const first = w.ledgerMetadata.segments[0]!.bookies;
    const payload = (i: number) => Buffer.from(`entry-${i}`);
    for (let i = 0; i < 50; i++) await w.append(payload(i));
    const victim = cluster.bookies.find((b) => b.bookieId === first[1])!;
    await cluster.kill(victim.index);
    // Appends go on; the ones to the dead bookie's write sets trigger the ensemble change.
    await Promise.all(Array.from({ length: 50 }, (_, k) => w.append(payload(50 + k))));
    const segments = w.ledgerMetadata.segments;
    assert.ok(segments.length >= 2, 'the ensemble changed');
    const last = segments.at(-1)!.bookies;
    assert.deepEqual([last[0], last[2]], [first[0], first[2]]);
    assert.notEqual(last[1], victim.bookieId);
    assert.equal(rackOf(last[1]!), rackOf(victim.bookieId), 'replaced from the same rack (BookKeeper\'s first choice)');
    assert.equal(new Set(last.map(rackOf)).size, 3);
    await w.close();
    const r = await bk.openLedger(w.ledgerId, { password: 'pw' });
    const entries = await r.read(0n, r.lastAddConfirmed);
    assert.equal(entries.length, 100);
    entries.forEach((e, i) => assert.deepEqual(Buffer.from(e.payload), payload(i)));
  });

  test('enforced on two live racks where E3 Qw2 cannot be spread: NOT_ENOUGH_BOOKIES from ledger creation', async () => {
    // A second client whose static mapping puts every bookie on rack a or b.
    const two = await createBookKeeperClient({
      metadataService: cluster.service,
      config: {
        ensemblePlacementPolicy: RACKAWARE_POLICY,
        enforceMinNumRacksPerWriteQuorum: true,
        networkTopologyMapping: { '127.0.0.1': '/rack-a', '127.0.0.2': '/rack-a', '127.0.0.3': '/rack-b', '127.0.0.4': '/rack-b', '127.0.0.5': '/rack-a', '127.0.0.6': '/rack-b' },
      },
    });
    try {
      await assert.rejects(two.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }), (e) => (e as { code?: string }).code === 'NOT_ENOUGH_BOOKIES' && /Not enough non-faulty bookies available/.test((e as Error).message));
      const ok = await two.createLedger({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 });
      const ens = ok.ledgerMetadata.segments[0]!.bookies;
      for (let i = 0; i < 4; i++) assert.notEqual(rackOf2(ens[i]!), rackOf2(ens[(i + 1) % 4]!), ens.join(','));
      await ok.close();
    } finally {
      await two.close();
    }
  });

  test('region-aware over TCP: every write quorum spans two regions', async () => {
    const regions = await createBookKeeperClient({
      metadataService: cluster.service,
      config: {
        ensemblePlacementPolicy: REGIONAWARE_POLICY,
        networkTopologyMapping: { '127.0.0.1': '/eu/r1', '127.0.0.2': '/eu/r2', '127.0.0.3': '/eu/r1', '127.0.0.4': '/us/r1', '127.0.0.5': '/us/r2', '127.0.0.6': '/us/r1' },
      },
    });
    try {
      const w = await regions.createLedger({ ensembleSize: 4, writeQuorumSize: 2, ackQuorumSize: 2 });
      const ens = w.ledgerMetadata.segments[0]!.bookies;
      const regionOf = (b: string) => (Number(b.split(':')[0]!.split('.')[3]) <= 3 ? 'eu' : 'us');
      for (let entry = 0n; entry < 4n; entry++) assert.equal(new Set(writeSet(entry, 4, 2).map((i) => regionOf(ens[i]!))).size, 2, ens.join(','));
      await w.close();
    } finally {
      await regions.close();
    }
  });
});

/** Racks of the two-rack mapping of the enforcement test: hosts 1, 2, 5 on a; 3, 4, 6 on b. */
function rackOf2(bookieId: string): string {
  return ['1', '2', '5'].includes(bookieId.split(':')[0]!.split('.')[3]!) ? 'a' : 'b';
}
