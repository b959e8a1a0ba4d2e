// The auditor's periodic checks against real `quire bookie` processes and a real ZooKeeper, the
// auditor in this process (its stats visible) and never elected (each test calls the check):
// - auditorLedgerVerificationPercentage: a bookie holding only a fragment's first and last entry
//   passes the first/last check and fails the 100 % check;
// - checkallledgersctime (and the other *ctime nodes) in BookKeeper's bytes after a check, and a
//   restarted auditor that finds a fresh one does not rerun the check;
// - auditorPeriodicPlacementPolicyCheckInterval: a closed ledger whose write quorum sits in one
//   rack is counted as not adhering to the rack-aware policy;
// - auditorReplicasCheckInterval: a bookie that lacks middle entries (asked with
//   GET_LIST_OF_ENTRIES_OF_LEDGER) makes its ledgers count as short of Qa or Qw replicas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyEntries, createBookKeeperClient, RACKAWARE_POLICY } from '../../clients/quorum/index.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { Auditor } from '../../autorecovery/auditor.js';
import { openAutoRecoveryContext } from '../../autorecovery/autorecovery-main.js';
import type { AutoRecoveryOptions } from '../../autorecovery/autorecovery-options.js';
import type { AutoRecoveryContext } from '../../autorecovery/autorecovery-context.js';
import type { ClientConfig } from '../../clients/quorum/index.js';
import { eventually } from '../metadata/eventually.js';

let zk: ZooKeeperServer;
let cluster: LocalCluster;
let bk: Awaited<ReturnType<typeof createBookKeeperClient>>;
const contexts: { close(): Promise<void> }[] = [];

before(async () => {
  zk = await startZooKeeper();
  cluster = await startLocalCluster({ bookies: 4, metadataServiceUri: `zk+hierarchical://${zk.connectString}/ledgers`, bookieSettings: ['zkTimeout=4000'], startTimeoutMs: 180_000 });
  bk = await createBookKeeperClient({ metadataService: cluster.service });
});

after(async () => {
  for (const c of contexts) await c.close();
  await bk?.close();
  await cluster?.stop();
  await zk?.destroy();
});

async function context(options: Partial<AutoRecoveryOptions>, clientConfig?: Partial<ClientConfig>): Promise<AutoRecoveryContext> {
  const c = await openAutoRecoveryContext({ service: cluster.service, id: 'test-auditor', options, ...(clientConfig ? { clientConfig } : {}) });
  contexts.push(c);
  return c.ctx;
}

/** A closed E2 Qw2 ledger of `entries` entries; returns its id and ensemble. */
async function closedLedger(entries: number, ackQuorumSize = 2): Promise<{ ledgerId: bigint; ensemble: string[] }> {
  const w = await bk.createLedger({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize, password: 'pw', digestType: 'CRC32C' });
  for (let i = 0; i < entries; i++) await w.append(Buffer.from(`e${i}`));
  await w.close();
  const md = (await cluster.service.ledgers.readLedgerMetadata(w.ledgerId)).metadata;
  return { ledgerId: w.ledgerId, ensemble: [...md.segments[0]!.bookies] };
}

/**
 * A closed E2 Qw2 ledger of 10 entries whose second bookie holds only entries 0 and 9: a bookie
 * outside the ensemble gets those two copied and takes the place of one that has them all.
 */
async function hollowLedger(ctx: AutoRecoveryContext, ackQuorumSize = 2): Promise<{ ledgerId: bigint; hollow: string }> {
  const { ledgerId, ensemble } = await closedLedger(10, ackQuorumSize);
  const keep = ensemble[0]!;
  const hollow = cluster.bookies.map((b) => b.bookieId).find((b) => !ensemble.includes(b))!;
  // With Qa 1 the last adds may still be on their way to `keep`.
  await eventually('the first bookie holds every entry', async () => (await ctx.bookies.getListOfEntriesOfLedger!(keep, ledgerId)).length === 10);
  const md = (await cluster.service.ledgers.readLedgerMetadata(ledgerId)).metadata;
  await copyEntries({ bookies: ctx.bookies, ledgerId, metadata: md, entries: [0n, 9n], sourcesOf: () => [keep], target: hollow, batchSize: 2 });
  await setEnsemble(ledgerId, [keep, hollow]);
  return { ledgerId, hollow };
}

test('auditorLedgerVerificationPercentage finds a middle entry the first/last check misses', { timeout: 600_000 }, async () => {
  const ctx = await context({ auditorLedgerVerificationPercentage: 0 });
  const { ledgerId, hollow } = await hollowLedger(ctx);

  await new Auditor(ctx).checkAllLedgers();
  assert.equal(await ctx.underreplication.getLedgerUnreplicationInfo(ledgerId), undefined, 'first and last entry are there');

  const full = await context({ auditorLedgerVerificationPercentage: 100 });
  await new Auditor(full).checkAllLedgers();
  const mark = await full.underreplication.getLedgerUnreplicationInfo(ledgerId);
  assert.deepEqual(mark?.replicas, [hollow]);
  await removeLedger(ledgerId);
});

/** Points a closed ledger's only segment at `bookies` (what matters to the placement and replicas checks). */
async function setEnsemble(ledgerId: bigint, bookies: string[]): Promise<void> {
  await cluster.service.ledgers.updateLedgerMetadata(ledgerId, (cur) => ({ ...cur, segments: [{ ...cur.segments[0]!, bookies }] }));
}

async function removeLedger(ledgerId: bigint): Promise<void> {
  await cluster.service.ledgers.removeLedgerMetadata(ledgerId, (await cluster.service.ledgers.readLedgerMetadata(ledgerId)).version);
}

/** protobuf-java's bytes for a message whose only field is `optional int64 = 1` (tag 08, varint). */
function int64Field1(v: number): Buffer {
  const out = [0x08];
  let n = BigInt(v);
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}

test('checkallledgersctime holds BookKeeper\'s bytes after a check; a new auditor does not rerun a fresh check', { timeout: 600_000 }, async () => {
  const ctx = await context({ auditorPeriodicCheckInterval: 3600, auditorPeriodicBookieCheckInterval: 0 });
  const { store } = cluster.service;
  const node = `${ctx.underreplication.base}/checkallledgersctime`;
  if (await store.exists(node)) await store.delete(node, -1);

  // No stored run: the first auditor checks at once, as BookKeeper's does, and stores the time.
  const before = Date.now();
  const first = new Auditor(ctx);
  await first.start();
  await first.idle();
  await first.stop();
  assert.equal(first.stats.checks, 1);
  const data = (await store.get(node)).data;
  const ms = await ctx.underreplication.getCheckCTime('checkAllLedgers');
  assert.ok(ms >= before && ms <= Date.now(), `${ms} is the check's end`);
  assert.ok(data.equals(int64Field1(ms)), `CheckAllLedgersFormat bytes, got ${data.toString('hex')}`);

  // A fresh run is stored: the next auditor waits out the interval.
  const second = new Auditor(ctx);
  await second.start();
  await second.idle();
  await second.stop();
  assert.equal(second.stats.checks, 0);
});

test('the placement-policy check counts a closed ledger whose write quorum is in one rack', { timeout: 600_000 }, async () => {
  const [b0, b1, b2, b3] = cluster.bookies.map((b) => b.bookieId) as [string, string, string, string];
  const racks = { [b0]: '/r1', [b1]: '/r1', [b2]: '/r2', [b3]: '/r2' };
  const oneRack = (await closedLedger(3)).ledgerId;
  const twoRacks = (await closedLedger(3)).ledgerId;
  await setEnsemble(oneRack, [b0, b1]);
  await setEnsemble(twoRacks, [b1, b2]);
  try {
    const ctx = await context({}, { ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyMapping: racks });
    const rackAware = new Auditor(ctx);
    await rackAware.placementPolicyCheck();
    assert.equal(rackAware.stats.placementPolicyChecks, 1);
    assert.equal(rackAware.stats.ledgersNotAdheringToPlacementPolicy, 1);
    assert.equal(rackAware.stats.ledgersSoftlyAdheringToPlacementPolicy, 0);
    assert.equal(await ctx.underreplication.getLedgerUnreplicationInfo(oneRack), undefined, 'counted, not marked (repairedPlacementPolicyNotAdheringBookieEnable is off)');
    assert.ok((await ctx.underreplication.getCheckCTime('placementPolicyCheck')) > 0);

    // The default (random) policy: any ensemble adheres.
    const random = new Auditor(await context({}));
    await random.placementPolicyCheck();
    assert.equal(random.stats.ledgersNotAdheringToPlacementPolicy, 0);
  } finally {
    await removeLedger(oneRack);
    await removeLedger(twoRacks);
  }
});

test('the replicas check counts ledgers whose entries lack replicas on a bookie that holds the ledger', { timeout: 600_000 }, async () => {
  const ctx = await context({});
  const shortOfAq = await hollowLedger(ctx, 2);
  const shortOfWq = await hollowLedger(ctx, 1);
  const whole = (await closedLedger(10)).ledgerId;
  try {
    const auditor = new Auditor(ctx);
    await auditor.replicasCheck();
    assert.equal(auditor.stats.replicasChecks, 1);
    // Entries 1..8 have one replica: below Qa = 2 in one ledger, below Qw = 2 only in the other.
    assert.equal(auditor.stats.ledgersHavingLessThanAQReplicasOfAnEntry, 1);
    assert.equal(auditor.stats.ledgersHavingLessThanWQReplicasOfAnEntry, 1);
    assert.equal(auditor.stats.ledgersHavingNoReplicaOfAnEntry, 0);
    assert.equal(await ctx.underreplication.getLedgerUnreplicationInfo(shortOfAq.ledgerId), undefined, 'reported, not marked (as BookKeeper)');
    assert.ok((await ctx.underreplication.getCheckCTime('replicasCheck')) > 0);
  } finally {
    for (const id of [shortOfAq.ledgerId, shortOfWq.ledgerId, whole]) await removeLedger(id);
  }
});
