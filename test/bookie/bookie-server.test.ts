// Every bookie operation and status over a real TCP socket, against real storage in a temp dir.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { decodeAvailability } from '../../protocol/availability-of-entries.js';
import { OperationType, ReadFlag } from '../../protocol/messages.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';

const KEY = Buffer.alloc(20, 7);
const OTHER_KEY = Buffer.alloc(20, 9);

function lacBlob(ledgerId: bigint, lac: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigInt64BE(ledgerId, 0);
  b.writeBigInt64BE(lac, 8);
  return b;
}

export async function startTestBookie(extra: Record<string, string> = {}): Promise<{ service: RunningBookie; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bookie-'));
  const { config } = resolveBookieConfig(
    new Map(Object.entries({ bookiePort: '0', journalDirectories: join(dir, 'journal'), ledgerDirectories: join(dir, 'ledgers'), ...extra })),
  );
  const service = await startBookieService(config, rootLogger.child({ test: 'bookie-server' }));
  return { service, dir };
}

describe('bookie over TCP (v3)', () => {
  let service: RunningBookie;
  let dir: string;
  let c: WireClient;
  before(async () => {
    ({ service, dir } = await startTestBookie({ maxInFlightRequestsPerConnection: '64' }));
    c = await WireClient.connect(service.port);
  });
  after(async () => {
    c.close();
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('add then read, entry -1 is the last entry, maxLAC piggybacked', async () => {
    for (let e = 0n; e < 3n; e++) {
      const r = await c.send(addReq(1n, e, KEY, dummyEntry(1n, e, e - 1n, Buffer.from(`e${e}`))));
      assert.equal(r.status, StatusCode.EOK);
      assert.deepEqual(r.addResponse, { status: 0, ledgerId: 1n, entryId: e });
      assert.equal(r.header.txnId > 0n, true);
    }
    const r1 = await c.send(readReq(1n, 1n));
    assert.equal(r1.status, StatusCode.EOK);
    assert.deepEqual(r1.readResponse?.body, dummyEntry(1n, 1n, 0n, Buffer.from('e1')));
    assert.equal(r1.readResponse?.maxLAC, 1n);
    const last = await c.send(readReq(1n, -1n));
    assert.equal(last.readResponse?.entryId, -1n);
    assert.deepEqual(last.readResponse?.body, dummyEntry(1n, 2n, 1n, Buffer.from('e2')));
  });

  test('unknown ledger is ENOLEDGER, missing entry is ENOENTRY', async () => {
    assert.equal((await c.send(readReq(999n, 0n))).status, StatusCode.ENOLEDGER);
    assert.equal((await c.send(readReq(1n, 50n))).status, StatusCode.ENOENTRY);
  });

  test('wrong master key is EUA; re-add of the same entry succeeds', async () => {
    const bad = await c.send(addReq(1n, 3n, OTHER_KEY, dummyEntry(1n, 3n, 2n, Buffer.from('x'))));
    assert.equal(bad.status, StatusCode.EUA);
    assert.equal(bad.addResponse?.status, StatusCode.EUA);
    const again = await c.send(addReq(1n, 2n, KEY, dummyEntry(1n, 2n, 1n, Buffer.from('e2'))));
    assert.equal(again.status, StatusCode.EOK);
    assert.equal((await c.send(readReq(1n, 3n))).status, StatusCode.ENOENTRY, 'the refused add wrote nothing');
  });

  test('an add whose body names another entry is EBADREQ', async () => {
    const r = await c.send(addReq(1n, 5n, KEY, dummyEntry(1n, 6n, 2n, Buffer.from('x'))));
    assert.equal(r.status, StatusCode.EBADREQ);
  });

  test('fencing: key required, adds refused after, recovery adds accepted, missing entry keeps fence', async () => {
    await c.send(addReq(2n, 0n, KEY, dummyEntry(2n, 0n, -1n, Buffer.from('a'))));
    const noKey = await c.send(readReq(2n, -1n, { flag: ReadFlag.FENCE_LEDGER }));
    assert.equal(noKey.status, StatusCode.EUA);
    const wrongKey = await c.send(readReq(2n, -1n, { flag: ReadFlag.FENCE_LEDGER, masterKey: OTHER_KEY }));
    assert.equal(wrongKey.status, StatusCode.EUA);
    const fence = await c.send(readReq(2n, -1n, { flag: ReadFlag.FENCE_LEDGER, masterKey: KEY }));
    assert.equal(fence.status, StatusCode.EOK);
    assert.deepEqual(fence.readResponse?.body, dummyEntry(2n, 0n, -1n, Buffer.from('a')));
    assert.equal(fence.readResponse?.maxLAC, undefined, 'fence replies carry no maxLAC');
    const add = await c.send(addReq(2n, 1n, KEY, dummyEntry(2n, 1n, 0n, Buffer.from('b'))));
    assert.equal(add.status, StatusCode.EFENCED);
    const rec = await c.send(addReq(2n, 1n, KEY, dummyEntry(2n, 1n, 0n, Buffer.from('b')), { recovery: true, priority: 100 }));
    assert.equal(rec.status, StatusCode.EOK);
    const fenceMissing = await c.send(readReq(2n, 7n, { flag: ReadFlag.FENCE_LEDGER, masterKey: KEY }));
    assert.equal(fenceMissing.status, StatusCode.ENOENTRY);
    // Fencing an unknown ledger creates it, fenced, with no entries.
    const fenceNew = await c.send(readReq(3n, -1n, { flag: ReadFlag.FENCE_LEDGER, masterKey: KEY }));
    assert.equal(fenceNew.status, StatusCode.ENOENTRY);
    assert.equal((await c.send(addReq(3n, 0n, KEY, dummyEntry(3n, 0n, -1n, Buffer.from('z'))))).status, StatusCode.EFENCED);
  });

  test('WRITE_LAC / READ_LAC', async () => {
    const empty = await c.send({ header: { version: 3, operation: OperationType.READ_LAC }, readLacRequest: { ledgerId: 777n } });
    assert.equal(empty.status, StatusCode.ENOLEDGER);
    await c.send(addReq(4n, 0n, KEY, dummyEntry(4n, 0n, -1n, Buffer.from('q'))));
    const w = await c.send({ header: { version: 3, operation: OperationType.WRITE_LAC }, writeLacRequest: { ledgerId: 4n, lac: 0n, masterKey: KEY, body: lacBlob(4n, 0n) } });
    assert.equal(w.status, StatusCode.EOK);
    assert.deepEqual(w.writeLacResponse, { status: 0, ledgerId: 4n });
    const r = await c.send({ header: { version: 3, operation: OperationType.READ_LAC }, readLacRequest: { ledgerId: 4n } });
    assert.equal(r.status, StatusCode.EOK);
    assert.deepEqual(r.readLacResponse?.lacBody, lacBlob(4n, 0n));
    assert.deepEqual(r.readLacResponse?.lastEntryBody, dummyEntry(4n, 0n, -1n, Buffer.from('q')));
    const bad = await c.send({ header: { version: 3, operation: OperationType.WRITE_LAC }, writeLacRequest: { ledgerId: 4n, lac: 0n, masterKey: OTHER_KEY, body: lacBlob(4n, 0n) } });
    assert.equal(bad.status, StatusCode.EUA);
  });

  test('long poll: wakes on a LAC advance with the next entry piggybacked; times out empty', async () => {
    await c.send(addReq(5n, 0n, KEY, dummyEntry(5n, 0n, -1n, Buffer.from('0'))));
    const poll = c.send(readReq(5n, -1n, { flag: ReadFlag.ENTRY_PIGGYBACK, previousLAC: -1n, timeOut: 5000n }));
    await c.send(addReq(5n, 1n, KEY, dummyEntry(5n, 1n, 0n, Buffer.from('1'))));
    const woke = await poll;
    assert.equal(woke.status, StatusCode.EOK);
    assert.equal(woke.readResponse?.entryId, 0n);
    assert.deepEqual(woke.readResponse?.body, dummyEntry(5n, 0n, -1n, Buffer.from('0')));
    assert.equal(woke.readResponse?.maxLAC, 0n);
    const idle = await c.send(readReq(5n, -1n, { flag: ReadFlag.ENTRY_PIGGYBACK, previousLAC: 0n, timeOut: 50n }));
    assert.equal(idle.status, StatusCode.EOK);
    assert.equal(idle.readResponse?.entryId, -1n);
    assert.equal(idle.readResponse?.body, undefined);
    assert.equal(idle.readResponse?.maxLAC, 0n);
    const badPiggyback = await c.send(readReq(5n, 3n, { flag: ReadFlag.ENTRY_PIGGYBACK, previousLAC: 0n, timeOut: 10n }));
    assert.equal(badPiggyback.status, StatusCode.EBADREQ);
    const unknown = await c.send(readReq(555n, -1n, { flag: ReadFlag.ENTRY_PIGGYBACK, previousLAC: 0n, timeOut: 10n }));
    assert.equal(unknown.status, StatusCode.ENOLEDGER);
  });

  test('FORCE_LEDGER, GET_BOOKIE_INFO, GET_LIST_OF_ENTRIES_OF_LEDGER', async () => {
    await c.send(addReq(6n, 0n, KEY, dummyEntry(6n, 0n, -1n, Buffer.from('d')), { writeFlags: 1 }));
    await c.send(addReq(6n, 2n, KEY, dummyEntry(6n, 2n, -1n, Buffer.from('d')), { writeFlags: 1 }));
    const f = await c.send({ header: { version: 3, operation: OperationType.FORCE_LEDGER }, forceLedgerRequest: { ledgerId: 6n } });
    assert.deepEqual(f.forceLedgerResponse, { status: 0, ledgerId: 6n });
    const info = await c.send({ header: { version: 3, operation: OperationType.GET_BOOKIE_INFO }, getBookieInfoRequest: { requested: 3n } });
    assert.equal(info.status, StatusCode.EOK);
    assert.ok((info.getBookieInfoResponse?.totalDiskCapacity ?? 0n) > 0n);
    assert.ok((info.getBookieInfoResponse?.freeDiskSpace ?? -1n) >= 0n);
    const list = await c.send({ header: { version: 3, operation: OperationType.GET_LIST_OF_ENTRIES_OF_LEDGER }, getListOfEntriesOfLedgerRequest: { ledgerId: 6n } });
    assert.equal(list.status, StatusCode.EOK);
    assert.deepEqual(decodeAvailability(list.getListOfEntriesOfLedgerResponse!.availabilityOfEntriesOfLedger!), [0n, 2n]);
  });

  test('AUTH answers AuthDisabledPlugin; START_TLS, RANGE ops and unknown ops are EBADREQ; bad version EBADVERSION', async () => {
    const auth = await c.send({ header: { version: 3, operation: OperationType.AUTH }, authRequest: { authPluginName: 'x', payload: Buffer.from('p') } });
    assert.equal(auth.status, StatusCode.EOK);
    assert.equal(auth.authResponse?.authPluginName, 'AuthDisabledPlugin');
    for (const op of [OperationType.START_TLS, OperationType.RANGE_READ_ENTRY, OperationType.RANGE_ADD_ENTRY, 42]) {
      const r = await c.send({ header: { version: 3, operation: op } });
      assert.equal(r.status, StatusCode.EBADREQ, `op ${op}`);
      assert.equal(r.header.operation, op);
    }
    const v = await c.send({ header: { version: 2, operation: OperationType.READ_ENTRY }, readRequest: { ledgerId: 1n, entryId: 0n } });
    assert.equal(v.status, StatusCode.EBADVERSION);
  });

  test('pipelined requests all answered, correlated by txnId', async () => {
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => c.send(addReq(7n, BigInt(i), KEY, dummyEntry(7n, BigInt(i), -1n, Buffer.alloc(100, i))))));
    rs.forEach((r, i) => {
      assert.equal(r.status, StatusCode.EOK);
      assert.equal(r.addResponse?.entryId, BigInt(i));
    });
  });
});

describe('bookie over TCP (v2)', () => {
  let service: RunningBookie;
  let dir: string;
  before(async () => ({ service, dir } = await startTestBookie()));
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('add, read, fence, recovery add, auth, batch read', async () => {
    const c = await WireClient.connect(service.port);
    for (let e = 0n; e < 4n; e++) {
      const r = await c.sendV2({ kind: 'add', version: 2, flags: 0, masterKey: KEY, ledgerId: 10n, entryId: e, body: dummyEntry(10n, e, e - 1n, Buffer.from(`v${e}`)) });
      assert.deepEqual(r, { kind: 'add', version: 2, rc: 0, ledgerId: 10n, entryId: e });
    }
    const read = await c.sendV2({ kind: 'read', version: 2, flags: 0, ledgerId: 10n, entryId: 2n });
    assert.equal(read.kind === 'read' && read.rc, 0);
    assert.deepEqual(read.kind === 'read' && read.body, dummyEntry(10n, 2n, 1n, Buffer.from('v2')));
    const missing = await c.sendV2({ kind: 'read', version: 2, flags: 0, ledgerId: 10n, entryId: 9n });
    assert.equal(missing.kind === 'read' && missing.rc, 2);
    const noLedger = await c.sendV2({ kind: 'read', version: 2, flags: 0, ledgerId: 11n, entryId: 0n });
    assert.equal(noLedger.kind === 'read' && noLedger.rc, 1);
    const batch = await c.sendV2({ kind: 'batch-read', version: 2, flags: 0, ledgerId: 10n, startEntryId: 1n, requestId: 5n, maxCount: 10, maxSize: 1n << 20n });
    assert.equal(batch.kind, 'batch-read');
    if (batch.kind === 'batch-read') {
      assert.equal(batch.rc, 0);
      assert.equal(batch.bodies.length, 3, 'entries 1..3, stopping at the first gap');
    }
    const fence = await c.sendV2({ kind: 'read', version: 2, flags: 1, ledgerId: 10n, entryId: -1n, masterKey: KEY });
    assert.equal(fence.kind === 'read' && fence.rc, 0);
    assert.equal(fence.kind === 'read' && fence.entryId, -1n, 'v2 replies echo the requested entry id');
    const refused = await c.sendV2({ kind: 'add', version: 2, flags: 0, masterKey: KEY, ledgerId: 10n, entryId: 4n, body: dummyEntry(10n, 4n, 3n, Buffer.from('v4')) });
    assert.equal(refused.kind === 'add' && refused.rc, 104);
    const recovered = await c.sendV2({ kind: 'add', version: 2, flags: 6, masterKey: KEY, ledgerId: 10n, entryId: 4n, body: dummyEntry(10n, 4n, 3n, Buffer.from('v4')) });
    assert.equal(recovered.kind === 'add' && recovered.rc, 0);
    const wrongKey = await c.sendV2({ kind: 'add', version: 2, flags: 6, masterKey: OTHER_KEY, ledgerId: 10n, entryId: 5n, body: dummyEntry(10n, 5n, 3n, Buffer.from('v5')) });
    assert.equal(wrongKey.kind === 'add' && wrongKey.rc, 102);
    const auth = await c.sendV2({ kind: 'auth', version: 2, auth: { authPluginName: 'p', payload: Buffer.alloc(0) } });
    assert.equal(auth.kind === 'auth' && auth.auth.authPluginName, 'AuthDisabledPlugin');
    c.close();
  });
});

describe('bad input closes one connection and harms nothing else', () => {
  let service: RunningBookie;
  let dir: string;
  before(async () => ({ service, dir } = await startTestBookie({ nettyMaxFrameSizeBytes: '65536', maxInFlightRequestsPerConnection: '1' })));
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectClosed(bytes: Buffer): Promise<void> {
    const bad = await WireClient.connect(service.port);
    bad.writeRaw(bytes);
    await bad.closed;
  }

  test('garbage, oversized frames, truncated protobuf, v3-only opcodes on v2', async () => {
    const good = await WireClient.connect(service.port);
    assert.equal((await good.send(addReq(20n, 0n, KEY, dummyEntry(20n, 0n, -1n, Buffer.from('keep'))))).status, StatusCode.EOK);
    await expectClosed(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(1 << 20, 0);
    await expectClosed(huge);
    await expectClosed(Buffer.from('000000050a03080310', 'hex')); // v3 header cut short
    const readLacV2 = Buffer.alloc(24);
    readLacV2.writeUInt32BE(20, 0);
    readLacV2.writeUInt32BE(0x02040000, 4);
    await expectClosed(readLacV2);
    const r = await good.send(readReq(20n, 0n));
    assert.equal(r.status, StatusCode.EOK, 'the well-behaved connection still works');
    assert.deepEqual(r.readResponse?.body, dummyEntry(20n, 0n, -1n, Buffer.from('keep')));
    good.close();
  });

  test('a burst past the in-flight bound gets ETOOMANYREQUESTS, the rest succeed', async () => {
    const c = await WireClient.connect(service.port);
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => c.send(addReq(21n, BigInt(i), KEY, dummyEntry(21n, BigInt(i), -1n, Buffer.from('b'))))));
    const statuses = new Set(rs.map((r) => r.status));
    assert.ok(statuses.has(StatusCode.ETOOMANYREQUESTS), `statuses: ${[...statuses].join(',')}`);
    assert.ok([...statuses].every((s) => s === StatusCode.EOK || s === StatusCode.ETOOMANYREQUESTS));
    for (let i = 0; i < rs.length; i++) {
      const read = await c.send(readReq(21n, BigInt(i)));
      assert.equal(read.status, rs[i]!.status === StatusCode.EOK ? StatusCode.EOK : StatusCode.ENOENTRY, `entry ${i}`);
    }
    c.close();
  });
});
