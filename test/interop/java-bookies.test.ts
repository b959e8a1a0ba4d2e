// Judged by the real thing, the other way round and mixed: Quire's client on Apache BookKeeper
// 4.17.2's own Java bookies; Java and Quire bookies in one ensemble with one of each killed
// mid-stream; and cross-recovery — a Java writer killed and recovered by Quire, a Quire writer
// killed and recovered by Java — where both sides agree on the sealed last entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { startBookieProcesses, type BookieProcess } from '../../harness/bookie-process.js';
import { startJavaBookie, type JavaBookie } from '../../harness/java-bookie.js';
import { javaDriverArgs, startJavaDriver, type DriverEvent, type JavaDriver } from './java-driver.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Event = DriverEvent;



/** Starts a long-running writer process and collects its JSON lines until it is killed. */
function startWriter(cmd: string, args: string[], cwd?: string) {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Event[] = [];
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-8000)));
  createInterface({ input: child.stdout }).on('line', (l) => {
    if (l.startsWith('{')) lines.push(JSON.parse(l) as Event);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    lines,
    stderr: () => err,
    async waitFor(pred: (lines: Event[]) => boolean, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(lines)) {
        if (child.exitCode !== null) throw new Error(`writer exited early (${child.exitCode}): ${err}`);
        if (Date.now() > deadline) throw new Error(`writer did not get there in time; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitForBookies(md: MetadataService, ids: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const up = new Set(await md.registration.getWritableBookies());
    if (ids.every((id) => up.has(id))) return;
    if (Date.now() > deadline) throw new Error(`bookies not registered: ${ids.filter((id) => !up.has(id)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function readAllQuire(bk: BookKeeperClient, ledgerId: bigint, password: string, recovery: boolean) {
  const r = await bk.openLedger(ledgerId, { password, recovery });
  const lac = r.lastAddConfirmed;
  const entries = lac >= 0n ? await r.read(0n, lac) : [];
  return { lac, closed: r.isClosed, data: entries.map((e) => e.payload.toString('utf8')) };
}

describe('Quire and Apache BookKeeper bookies and clients, mixed', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let uri: string;
  let md: MetadataService;
  let quire: BookKeeperClient;
  const javaBookies: JavaBookie[] = [];
  const quireBookies: BookieProcess[] = [];
  let java: JavaDriver;

  before(async () => {
    java = startJavaDriver();
    zk = await startZooKeeper();
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    md = await openMetadataService(uri);
    await formatCluster(md.store, md.root);
    dir = mkdtempSync(join(tmpdir(), 'quire-mixed-'));
    javaBookies.push(...(await Promise.all([0, 1, 2].map((i) => startJavaBookie({ zkConnect: zk.connectString, dir: join(dir, `java-${i}`) })))));
    await waitForBookies(md, javaBookies.map((b) => b.bookieId));
    quire = await createBookKeeperClient({ metadataServiceUri: uri });
  });

  after(async () => {
    await java?.close();
    await quire?.close();
    for (const b of javaBookies) await b.kill('SIGTERM');
    for (const b of quireBookies) await b.kill('SIGTERM');
    await md?.close();
    await zk?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [digest, javaDigest] of [['CRC32C', 'CRC32C'], ['CRC32', 'CRC32'], ['HMAC', 'MAC'], ['DUMMY', 'DUMMY']] as const) {
    test(`Quire's client writes to Java bookies (${digest}); the Java client reads every entry`, async () => {
      const w = await quire.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType: digest, password: 'pw' });
      const ensemble = w.ledgerMetadata.segments[0]!.bookies;
      assert.ok(ensemble.every((b) => javaBookies.some((j) => j.bookieId === b)), `ensemble ${ensemble.join(',')} is all Java`);
      await Promise.all(Array.from({ length: 40 }, (_, i) => w.append(Buffer.from(`entry-${i}`))));
      await w.close();
      const events = await java.run(['read', zk.connectString, String(w.ledgerId), javaDigest, 'pw', 'false', 'false']);
      assert.equal(events.find((e) => e.event === 'opened')?.lastAddConfirmed, 39);
      assert.deepEqual(events.filter((e) => e.event === 'entry').map((e) => e.data), Array.from({ length: 40 }, (_, i) => `entry-${i}`));
    });
  }

  test('the Java client writes to Java bookies over v2; Quire reads it over v2 and v3', async () => {
    const events = await java.run(['write-read', zk.connectString, '3', '3', '2', 'CRC32C', '30', 'true', 'pw2']);
    const ledgerId = BigInt(String(events.find((e) => e.event === 'closed')!.ledgerId));
    const v2 = await createBookKeeperClient({ metadataServiceUri: uri, protocol: 'v2' });
    try {
      for (const client of [quire, v2]) {
        const got = await readAllQuire(client, ledgerId, 'pw2', false);
        assert.equal(got.lac, 29n);
        assert.deepEqual(got.data, Array.from({ length: 30 }, (_, i) => `entry-${i}`));
      }
    } finally {
      await v2.close();
    }
  });

  test('mixed ensemble: kill one Java and one Quire bookie mid-stream; both clients read every acked entry', async () => {
    await startBookieProcesses(3, (i) => ['--port', '0', '--journal-dir', join(dir, `q${i}`, 'journal'), '--ledger-dir', join(dir, `q${i}`, 'ledgers'), '--metadata-service-uri', uri], quireBookies);
    await waitForBookies(md, quireBookies.map((b) => b.bookieId));
    // Retry creation until the first ensemble holds both kinds, so each kill hits the ensemble.
    // Qw = 3: two of the first ensemble's three bookies die, so each early entry needs a third copy
    // to stay readable (with Qw = 2 some entries would live only on the two dead bookies).
    let w;
    for (let attempt = 0; ; attempt++) {
      w = await quire.createLedger({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2, digestType: 'CRC32C', password: 'mix' });
      const e = w.ledgerMetadata.segments[0]!.bookies;
      if (e.some((b) => javaBookies.some((j) => j.bookieId === b)) && e.some((b) => quireBookies.some((q) => q.bookieId === b))) break;
      await w.close();
      assert.ok(attempt < 50, 'could not get a mixed ensemble');
    }
    const ensemble = w.ledgerMetadata.segments[0]!.bookies;
    const acked: number[] = [];
    let next = 0;
    let failure: unknown;
    const lane = async () => {
      while (next < 600) {
        const i = next++;
        try {
          await w.append(Buffer.from(`mixed-${i}`));
          acked.push(i);
        } catch (e) {
          failure = e;
          return;
        }
      }
    };
    const lanes = Array.from({ length: 8 }, lane);
    while (acked.length < 150 && failure === undefined) await new Promise((r) => setTimeout(r, 10));
    await javaBookies.find((j) => ensemble.includes(j.bookieId))!.kill('SIGKILL');
    await quireBookies.find((q) => ensemble.includes(q.bookieId))!.kill('SIGKILL');
    await Promise.all(lanes);
    assert.equal(failure, undefined, `writer failed: ${String(failure)}`);
    await w.close();
    assert.equal(acked.length, 600);
    assert.ok(w.ledgerMetadata.segments.length > 1, 'the writer changed its ensemble');
    const expected = Array.from({ length: 600 }, (_, i) => `mixed-${i}`);
    assert.deepEqual((await readAllQuire(quire, w.ledgerId, 'mix', false)).data, expected);
    const events = await java.run(['read', zk.connectString, String(w.ledgerId), 'CRC32C', 'mix', 'false', 'false']);
    assert.deepEqual(events.filter((e) => e.event === 'entry').map((e) => e.data), expected);
  });

  test('cross-recovery: a Java writer killed mid-stream is recovered by Quire; Java agrees on the end', async () => {
    const writer = startWriter('java', javaDriverArgs(['write-hold', zk.connectString, '3', '2', '2', 'CRC32C', '100000', 'false', 'xr']));
    await writer.waitFor((l) => l.filter((e) => e.event === 'acked').length >= 100);
    await writer.kill();
    const ledgerId = BigInt(String(writer.lines.find((e) => e.event === 'created')!.ledgerId));
    const maxAcked = Math.max(...writer.lines.filter((e) => e.event === 'acked').map((e) => Number(e.entryId)));
    const sealed = await readAllQuire(quire, ledgerId, 'xr', true);
    assert.ok(sealed.closed);
    assert.ok(sealed.lac >= BigInt(maxAcked), `sealed ${sealed.lac} < acked ${maxAcked}`);
    assert.deepEqual(sealed.data, Array.from({ length: Number(sealed.lac) + 1 }, (_, i) => `entry-${i}`));
    const events = await java.run(['read', zk.connectString, String(ledgerId), 'CRC32C', 'xr', 'false', 'true']);
    const opened = events.find((e) => e.event === 'opened');
    assert.equal(BigInt(String(opened?.lastAddConfirmed)), sealed.lac);
    assert.equal(opened?.closed, true);
  });

  test('cross-recovery: a Quire writer killed mid-stream is recovered by Java; Quire agrees on the end', async () => {
    const writer = startWriter(process.execPath, ['--import', 'tsx', 'test/quorum/e2e-writer.ts', uri, 'v3'], ROOT);
    await writer.waitFor((l) => l.filter((e) => 'acked' in e).length >= 200);
    await writer.kill();
    const ledgerId = BigInt(String(writer.lines.find((e) => 'ledgerId' in e)!.ledgerId));
    const maxAcked = Math.max(...writer.lines.filter((e) => 'acked' in e).map((e) => Number(e.acked)));
    const events = await java.run(['read', zk.connectString, String(ledgerId), 'CRC32C', 'crash', 'false', 'true']);
    const opened = events.find((e) => e.event === 'opened');
    assert.ok(opened, JSON.stringify(events.slice(-3)));
    assert.equal(opened.closed, true);
    const javaEnd = BigInt(String(opened.lastAddConfirmed));
    assert.ok(javaEnd >= BigInt(maxAcked), `Java sealed at ${javaEnd} < acked ${maxAcked}`);
    const mine = await readAllQuire(quire, ledgerId, 'crash', false);
    assert.ok(mine.closed);
    assert.equal(mine.lac, javaEnd);
    assert.equal(mine.data.length, Number(javaEnd) + 1);
  });
});
