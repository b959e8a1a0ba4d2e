// The TCP BookieClient against a scripted raw-socket server: real sockets, real frames, the
// lead's codecs on the server side; the script decides what bytes come back and when.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { isQuireError, StatusCode } from '../../../common/errors.js';
import { FrameDecoder } from '../../../protocol/frame.js';
import { OperationType, ReadFlag, RECOVERY_PRIORITY, type Request, type Response, V2Flag, V2Rc, type V2Request } from '../../../protocol/messages.js';
import { decodeV2Request, encodeV2Response } from '../../../protocol/v2-codec.js';
import { decodeRequest, encodeResponse } from '../../../protocol/v3-codec.js';
import { createDigestManager, DigestType, masterKeyOf } from '../digest/digest-manager.js';
import { wrapEntry } from '../digest/entry-format.js';
import { TcpBookieClient } from './tcp-bookie-client.js';

type Script = (payload: Buffer, socket: Socket) => void;

async function scriptedBookie(script: Script): Promise<{ server: Server; port: number; raw: Buffer[] }> {
  const raw: Buffer[] = [];
  const server = createServer((socket) => {
    const dec = new FrameDecoder();
    socket.on('data', (chunk) => {
      raw.push(Buffer.from(chunk));
      for (const f of dec.push(chunk)) script(Buffer.from(f), socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  assert.ok(addr && typeof addr === 'object');
  return { server, port: addr.port, raw };
}

const registryFor = (port: number) => ({ resolve: async () => ({ host: '127.0.0.1', port }) });
const pwd = Buffer.from('pwd');
const key = masterKeyOf(pwd);
const entry0 = wrapEntry(createDigestManager(DigestType.CRC32C, pwd), { ledgerId: 1n, entryId: 0n, lastAddConfirmed: -1n, length: 5n, payload: Buffer.from('hello') });

function reply(req: Request, fields: Partial<Response>): Buffer {
  return encodeResponse({ header: req.header, status: StatusCode.EOK, ...fields });
}

describe('TcpBookieClient (v3)', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  test('add, read with fence, read LAC, status errors, out-of-order replies matched by txnId', async () => {
    const seen: Request[] = [];
    const held: [Request, Socket][] = [];
    const { server, port } = await scriptedBookie((payload, socket) => {
      const req = decodeRequest(payload);
      seen.push(req);
      if (req.addRequest) {
        const a = req.addRequest;
        socket.write(reply(req, { addResponse: { status: a.entryId === 9n ? StatusCode.EFENCED : StatusCode.EOK, ledgerId: a.ledgerId, entryId: a.entryId } }));
      } else if (req.readLacRequest) {
        socket.write(reply(req, { readLacResponse: { status: StatusCode.EOK, ledgerId: 1n, lastEntryBody: entry0 } }));
      } else if (req.readRequest) {
        const r = req.readRequest;
        if (r.entryId === 5n) {
          held.push([req, socket]); // answered after entry 6's reply
        } else if (r.entryId === 6n) {
          socket.write(reply(req, { readResponse: { status: StatusCode.ENOENTRY, ledgerId: 1n, entryId: 6n } }));
          const [hr, hs] = held.pop()!;
          hs.write(reply(hr, { readResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: 5n, body: entry0, maxLAC: 4n } }));
        } else {
          socket.write(reply(req, { readResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: r.entryId, body: entry0, maxLAC: 3n } }));
        }
      }
    });
    servers.push(server);
    const c = new TcpBookieClient({ registry: registryFor(port) });
    await c.addEntry('b1', 1n, 0n, key, entry0, { recovery: true, highPriority: true });
    await assert.rejects(c.addEntry('b1', 1n, 9n, key, entry0), (e) => isQuireError(e, 'LEDGER_FENCED'));
    const r = await c.readEntry('b1', 1n, -1n, { fence: true, masterKey: key });
    assert.deepEqual(r, { entry: entry0, maxLac: 3n });
    const [r5, r6] = await Promise.allSettled([c.readEntry('b1', 1n, 5n), c.readEntry('b1', 1n, 6n)]);
    assert.equal(r5.status === 'fulfilled' && r5.value.maxLac, 4n);
    assert.ok(r6.status === 'rejected' && isQuireError(r6.reason, 'NO_SUCH_ENTRY'));
    assert.deepEqual(await c.readLac('b1', 1n), { lastEntryBody: entry0 });
    await c.close();

    const add = seen[0]!;
    assert.equal(add.header.operation, OperationType.ADD_ENTRY);
    assert.equal(add.header.priority, RECOVERY_PRIORITY);
    assert.equal(add.addRequest!.flag, 1);
    assert.deepEqual(add.addRequest!.masterKey, key);
    assert.deepEqual(add.addRequest!.body, entry0);
    const fence = seen[2]!.readRequest!;
    assert.equal(fence.flag, ReadFlag.FENCE_LEDGER);
    assert.deepEqual(fence.masterKey, key);
    assert.equal(fence.entryId, -1n);
    assert.equal(new Set(seen.map((s) => s.header.txnId)).size, seen.length, 'txnIds are unique');
  });

  test('long poll carries previousLAC, timeout and piggyback; the reply wait includes the poll time', async () => {
    let got: Request | null = null;
    const { server, port } = await scriptedBookie((payload, socket) => {
      const req = decodeRequest(payload);
      got = req;
      socket.write(reply(req, { readResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: 0n, body: entry0, maxLAC: 0n } }));
    });
    servers.push(server);
    const c = new TcpBookieClient({ registry: registryFor(port) });
    const r = await c.longPollRead('b1', 1n, -1n, 1000, true);
    assert.equal(r.maxLac, 0n);
    assert.equal(r.entryId, 0n);
    assert.deepEqual(r.entry, entry0);
    const rr = got!.readRequest!;
    assert.equal(rr.previousLAC, -1n);
    assert.equal(rr.timeOut, 1000n);
    assert.equal(rr.flag, ReadFlag.ENTRY_PIGGYBACK);
    await c.close();
  });

  test('no reply: TIMEOUT; bounded in-flight: TOO_MANY_REQUESTS; lost connection: BOOKIE_UNAVAILABLE, then reconnect', async () => {
    let drop = true;
    const sockets: Socket[] = [];
    const { server, port } = await scriptedBookie((payload, socket) => {
      const req = decodeRequest(payload);
      sockets.push(socket);
      if (req.readRequest?.entryId === 99n) {
        socket.destroy();
        return;
      }
      if (!drop) socket.write(reply(req, { addResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: 0n } }));
    });
    servers.push(server);
    const c = new TcpBookieClient({ registry: registryFor(port), requestTimeoutMs: 100, maxInFlightPerBookie: 2 });
    const a = c.addEntry('b1', 1n, 0n, key, entry0);
    const b = c.addEntry('b1', 1n, 0n, key, entry0);
    await assert.rejects(c.addEntry('b1', 1n, 0n, key, entry0), (e) => isQuireError(e, 'TOO_MANY_REQUESTS'));
    await assert.rejects(a, (e) => isQuireError(e, 'TIMEOUT'));
    await assert.rejects(b, (e) => isQuireError(e, 'TIMEOUT'));
    drop = false;
    await c.addEntry('b1', 1n, 0n, key, entry0);
    await assert.rejects(c.readEntry('b1', 1n, 99n), (e) => isQuireError(e, 'BOOKIE_UNAVAILABLE'));
    await c.addEntry('b1', 1n, 0n, key, entry0); // a new connection
    assert.ok(new Set(sockets).size >= 2);
    await c.close();
  });

  test('connection refused: BOOKIE_UNAVAILABLE', async () => {
    const { server, port } = await scriptedBookie(() => undefined);
    await new Promise<void>((r) => server.close(() => r()));
    const c = new TcpBookieClient({ registry: registryFor(port) });
    await assert.rejects(c.addEntry('gone', 1n, 0n, key, entry0), (e) => isQuireError(e, 'BOOKIE_UNAVAILABLE'));
    await c.close();
  });
});

describe('TcpBookieClient (v2)', () => {
  test('ADD frame bytes match Appendix A; replies matched by (ledger, entry, op); recovery read flags', async () => {
    const seen: V2Request[] = [];
    const { server, port, raw } = await scriptedBookie((payload, socket) => {
      const req = decodeV2Request(payload);
      seen.push(req);
      if (req.kind === 'add') socket.write(encodeV2Response({ kind: 'add', version: 2, rc: V2Rc.EOK, ledgerId: req.ledgerId, entryId: req.entryId }));
      if (req.kind === 'read') {
        const rc = req.entryId === 3n ? V2Rc.ENOENTRY : V2Rc.EOK;
        socket.write(encodeV2Response({ kind: 'read', version: 2, rc, ledgerId: req.ledgerId, entryId: req.entryId, ...(rc === 0 ? { body: entry0 } : {}) }));
      }
    });
    const c = new TcpBookieClient({ registry: registryFor(port), protocol: 'v2' });
    await c.addEntry('b1', 1n, 0n, key, entry0);
    assert.equal(
      Buffer.concat(raw).toString('hex'),
      '00000041' + '02010000' + '9c31dcb7214645e06dbf8a67daa6cfcdcd13a611' + '0000000000000001' + '0000000000000000' + 'ffffffffffffffff' + '0000000000000005' + 'e3a5f74d' + '68656c6c6f',
    );
    const r = await c.readEntry('b1', 1n, 0n, { fence: true, masterKey: key, highPriority: true });
    assert.deepEqual(r.entry, entry0);
    await assert.rejects(c.readEntry('b1', 1n, 3n), (e) => isQuireError(e, 'NO_SUCH_ENTRY'));
    await assert.rejects(c.forceLedger('b1', 1n), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
    const read = seen[1]!;
    assert.ok(read.kind === 'read');
    assert.equal(read.flags, V2Flag.DO_FENCING | V2Flag.HIGH_PRIORITY);
    assert.deepEqual(read.masterKey, key);
    await c.close();
    server.close();
  });
});

describe('TcpBookieClient batch reads (v2 BATCH_READ_ENTRY)', () => {
  const digest = createDigestManager(DigestType.CRC32C, pwd);
  const entries = [0, 1, 2].map((i) => wrapEntry(digest, { ledgerId: 1n, entryId: BigInt(i), lastAddConfirmed: BigInt(i - 1), length: 5n * BigInt(i + 1), payload: Buffer.from('hello') }));

  test('a v3 client sends batch reads on a v2 side connection (frame bytes of spec §3.2), matched by requestId out of order; its v3 connection is untouched', async () => {
    const held: [Extract<V2Request, { kind: 'batch-read' }>, Socket][] = [];
    const protocols = new Map<Socket, 'v3' | 'v2'>();
    const { server, port, raw } = await scriptedBookie((payload, socket) => {
      // The bookie's rule: the first frame decides the connection's protocol for good.
      if (!protocols.has(socket)) protocols.set(socket, payload[0] === 0x0a ? 'v3' : 'v2');
      if (protocols.get(socket) === 'v3') {
        const req = decodeRequest(payload);
        socket.write(reply(req, { readResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: req.readRequest!.entryId, body: entries[0]! } }));
        return;
      }
      const req = decodeV2Request(payload);
      assert.ok(req.kind === 'batch-read');
      held.push([req, socket]);
      if (held.length < 2) return;
      // Answer the second request first.
      for (const [r, s] of held.reverse()) {
        const from = Number(r.startEntryId);
        s.write(encodeV2Response({ kind: 'batch-read', version: 2, rc: V2Rc.EOK, ledgerId: r.ledgerId, startEntryId: r.startEntryId, requestId: r.requestId, bodies: entries.slice(from, from + r.maxCount) }));
      }
    });
    const c = new TcpBookieClient({ registry: registryFor(port) });
    assert.deepEqual((await c.readEntry('b1', 1n, 0n)).entry, entries[0]);
    const v3Bytes = Buffer.concat(raw).length;
    const [a, b] = await Promise.all([c.batchRead('b1', 1n, 0n, { maxCount: 10, maxSizeBytes: 1 << 20 }), c.batchRead('b1', 1n, 1n, { maxCount: 1, maxSizeBytes: 1 << 20 })]);
    assert.deepEqual(a, entries);
    assert.deepEqual(b, [entries[1]]);
    assert.deepEqual([...protocols.values()].sort(), ['v2', 'v3']);
    // Golden bytes: length 40, header 0x02070000, ledger 1, start 0, requestId 1 (the txnId counter), maxCount 10, maxSize 1 MiB.
    const first = Buffer.concat(raw).subarray(v3Bytes, v3Bytes + 44).toString('hex');
    assert.equal(first, '00000028' + '02070000' + '0000000000000001' + '0000000000000000' + '0000000000000001' + '0000000a' + '0000000000100000');
    assert.deepEqual((await c.readEntry('b1', 1n, 0n)).entry, entries[0]);
    await c.close();
    server.close();
  });

  test('a bookie without batch reads closes the v2 side connection: BOOKIE_UNAVAILABLE, and v3 requests still work', async () => {
    const { server, port } = await scriptedBookie((payload, socket) => {
      if (payload[0] !== 0x0a) {
        socket.destroy(); // what an old bookie does with an opcode it does not know
        return;
      }
      const req = decodeRequest(payload);
      socket.write(reply(req, { readResponse: { status: StatusCode.EOK, ledgerId: 1n, entryId: 0n, body: entries[0]! } }));
    });
    const c = new TcpBookieClient({ registry: registryFor(port) });
    assert.deepEqual((await c.readEntry('b1', 1n, 0n)).entry, entries[0]);
    await assert.rejects(c.batchRead('b1', 1n, 0n, { maxCount: 10, maxSizeBytes: 1 << 20 }), (e) => isQuireError(e, 'BOOKIE_UNAVAILABLE'));
    assert.deepEqual((await c.readEntry('b1', 1n, 0n)).entry, entries[0]);
    await c.close();
    server.close();
  });
});
