// What other BookKeeper clients see in ledgers written through the gateway (issue 21), judged by
// Apache BookKeeper 4.17's own Java client and its stock `bookkeeper shell readledger`
// (org.apache.bookkeeper.bookie.BookieShell): a RAW ledger (the default) holds exactly the bytes
// that were sent; an ENVELOPE ledger (exactly-once) shows the documented framing
// (docs/gateway.md, gateway/entry-envelope.ts). Real ZooKeeper, three `quire bookie` processes,
// one gateway over REST.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../../gateway/gateway-server.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { ZooKeeperStore } from '../../metadata/drivers/zookeeper/zookeeper-store.js';
import { startBookieProcesses, type BookieProcess } from '../../harness/bookie-process.js';
import { startJavaDriver, type DriverEvent, type JavaDriver } from './java-driver.js';
import { JAR_DIR, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { RestTransport } from '../gateway/rest-transport.js';
import { SHORT_JVM_FLAGS } from '../../harness/jvm-flags.js';

const PAYLOADS = ['hello 1', 'hello 2', 'hello 3'];

/** Runs the stock BookieShell with a config naming this cluster; resolves with its stdout. */
function bookieShell(confPath: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [...SHORT_JVM_FLAGS, '-cp', `${JAR_DIR}/*`, 'org.apache.bookkeeper.bookie.BookieShell', '-conf', confPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-20000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`BookieShell ${args.join(' ')} exited ${code}\nstdout:\n${out}\nstderr (tail):\n${err.slice(-6000)}`));
    });
  });
}

/** The envelope bytes docs/gateway.md specifies, built by hand (not by the codec under test). */
function envelope(payload: string, producer?: { id: string; sequence: bigint }): Buffer {
  const body = Buffer.from(payload, 'utf8');
  if (!producer) return Buffer.concat([Buffer.from([0x01, 0x00]), body]);
  const id = Buffer.from(producer.id, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(id.length);
  const seq = Buffer.alloc(8);
  seq.writeBigInt64BE(producer.sequence);
  return Buffer.concat([Buffer.from([0x01, 0x01]), len, id, seq, body]);
}

const entriesOf = (events: DriverEvent[]) => events.filter((e) => e.event === 'entry');
const customOf = (events: DriverEvent[]) => Object.fromEntries(events.filter((e) => e.event === 'customMetadata').map((e) => [e.key, e.value]));

describe('ledgers written through the gateway, read by Apache BookKeeper 4.17 (Java client and BookieShell)', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let gw: RunningGateway;
  let rest: RestTransport;
  let shellConf: string;
  const bookies: BookieProcess[] = [];
  let java: JavaDriver;

  before(async () => {
    java = startJavaDriver();
    zk = await startZooKeeper();
    const store = await ZooKeeperStore.connect(zk.connectString, { sessionTimeoutMs: 10_000 });
    await formatCluster(store, '/ledgers');
    await store.close();
    dir = mkdtempSync(join(tmpdir(), 'quire-gateway-interop-'));
    const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    await startBookieProcesses(3, (i) => [
      '--port', '0',
      '--journal-dir', join(dir, `b${i}`, 'journal'),
      '--ledger-dir', join(dir, `b${i}`, 'ledgers'),
      '--metadata-service-uri', uri,
    ], bookies);
    gw = await startGateway({ metadataServiceUri: uri, host: '127.0.0.1', restPort: 0, gatewayId: 'gw-interop' });
    rest = new RestTransport(gw.url);
    shellConf = join(dir, 'bk_shell.conf');
    writeFileSync(shellConf, `metadataServiceUri=${uri}\nzkTimeout=10000\n`);
  });

  after(async () => {
    await java?.close();
    await gw?.stop();
    for (const b of bookies) await b.kill('SIGTERM');
    await zk?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('RAW (the default): the Java client and readledger -msg see exactly the bytes sent; lengths agree', async () => {
    const l = await rest.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
    assert.equal(l.entryFormat, 'RAW');
    for (const p of PAYLOADS) await rest.append(l.ledgerId, Buffer.from(p));
    const seal = await rest.close(l.ledgerId);
    const total = String(PAYLOADS.join('').length);
    assert.deepEqual([seal.storedLength, seal.payloadLength, seal.length], [total, total, total]);

    const events = await java.run(['read', zk.connectString, l.ledgerId, 'CRC32', '', 'false', 'false']);
    const entries = entriesOf(events);
    assert.deepEqual(entries.map((e) => e.hex), PAYLOADS.map((p) => Buffer.from(p).toString('hex')));
    assert.deepEqual(entries.map((e) => e.size), PAYLOADS.map((p) => p.length));
    const opened = events.find((e) => e.event === 'opened')!;
    assert.equal(opened.closed, true);
    assert.equal(String(opened.length), total, "BookKeeper's ledger length is the payload bytes");
    assert.equal(customOf(events)['quire.envelope'], '0');

    // The stock shell: StringEntryFormatter prints each entry's bytes as one line on stdout.
    const out = await bookieShell(shellConf, ['readledger', '-ledgerid', l.ledgerId, '-msg']);
    assert.deepEqual(out.split('\n').filter((line) => line.startsWith('hello')), PAYLOADS, out);
    for (const p of PAYLOADS) assert.ok(out.includes(`${p}\n`), out);
    assert.ok(!out.includes('\u0001'), `framing bytes in the shell output: ${JSON.stringify(out)}`);
  });

  test('ENVELOPE (exactly-once): the Java client sees the documented framing; the gateway hands out the payloads', async () => {
    const l = await rest.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, entryFormat: 'ENVELOPE' });
    assert.equal(l.entryFormat, 'ENVELOPE');
    await rest.append(l.ledgerId, Buffer.from(PAYLOADS[0]!), { producerId: 'orders', sequence: '41' });
    await rest.append(l.ledgerId, Buffer.from(PAYLOADS[1]!), { producerId: 'orders', sequence: '42' });
    await rest.append(l.ledgerId, Buffer.from(PAYLOADS[2]!));
    const seal = await rest.close(l.ledgerId);
    const expected = [envelope(PAYLOADS[0]!, { id: 'orders', sequence: 41n }), envelope(PAYLOADS[1]!, { id: 'orders', sequence: 42n }), envelope(PAYLOADS[2]!)];
    const storedTotal = String(expected.reduce((n, e) => n + e.length, 0));
    assert.deepEqual([seal.storedLength, seal.payloadLength], [storedTotal, String(PAYLOADS.join('').length)]);

    const events = await java.run(['read', zk.connectString, l.ledgerId, 'CRC32', '', 'false', 'false']);
    assert.deepEqual(entriesOf(events).map((e) => e.hex), expected.map((e) => e.toString('hex')));
    assert.equal(String(events.find((e) => e.event === 'opened')!.length), storedTotal);
    const custom = customOf(events);
    assert.equal(custom['quire.envelope'], '1');
    assert.equal(custom['quire.payloadLength'], String(PAYLOADS.join('').length));

    // The shell shows the framing too (hex dump: version 01, flags 01, id length, id, sequence).
    const out = await bookieShell(shellConf, ['-entryformat', 'hex', 'readledger', '-ledgerid', l.ledgerId, '-msg']);
    const dumped = out
      .split('\n')
      .filter((line) => /^[0-9A-Fa-f]{8} /.test(line))
      .map((line) => line.slice(9, 9 + 16 * 3).trim())
      .join(' ');
    for (const e of expected) {
      const first16 = [...e.subarray(0, 16)].map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');
      assert.ok(dumped.toUpperCase().includes(first16), `hex dump lacks ${first16}:\n${out}`);
    }

    // Through the gateway: payloads only.
    const page = await rest.read(l.ledgerId, '0');
    assert.deepEqual(page.entries.map((e) => e.data.toString()), PAYLOADS);
  });
});
