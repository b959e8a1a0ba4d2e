import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import fc from 'fast-check';
import { QuireError } from '../common/errors.js';
import { FrameDecoder } from './frame.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './v3-codec.js';
import { decodeV2Request, decodeV2Response, encodeV2Request, encodeV2Response } from './v2-codec.js';
import { OperationType, ReadFlag, type Request, type Response, type V2Request, type V2Response } from './messages.js';
import { v2RcToV3Status, v3StatusToV2Rc } from './status.js';
import { entryHeaderMatches, int64Equals, readInt64 } from './entry-header.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8').replace(/\s+/g, ''), 'hex');

const KEY = Buffer.from('9c31dcb7214645e06dbf8a67daa6cfcdcd13a611', 'hex');
const ENTRY = Buffer.from('0000000000000001' + '0000000000000000' + 'ffffffffffffffff' + '0000000000000005' + 'e3a5f74d' + Buffer.from('hello').toString('hex'), 'hex');

describe('golden frames (spec §2.7, Appendix A)', () => {
  test('v3 ADD_ENTRY request', () => {
    const frame = fixture('v3-add-request.hex');
    const req = decodeRequest(frame.subarray(4));
    assert.deepEqual(req.header, { version: 3, operation: OperationType.ADD_ENTRY, txnId: 1n });
    assert.equal(req.addRequest?.ledgerId, 1n);
    assert.equal(req.addRequest?.entryId, 0n);
    assert.deepEqual(req.addRequest?.masterKey, KEY);
    assert.deepEqual(req.addRequest?.body, ENTRY);
    assert.deepEqual(encodeRequest(req), frame);
  });

  test('v3 fencing read of entry -1 with priority 100', () => {
    const frame = fixture('v3-fence-read-request.hex');
    const req: Request = {
      header: { version: 3, operation: OperationType.READ_ENTRY, txnId: 2n, priority: 100 },
      readRequest: { flag: ReadFlag.FENCE_LEDGER, ledgerId: 1n, entryId: -1n, masterKey: KEY },
    };
    assert.deepEqual(encodeRequest(req), frame);
    assert.deepEqual(decodeRequest(frame.subarray(4)), req);
  });

  test('v3 AddResponse EOK', () => {
    const frame = fixture('v3-add-response.hex');
    const res: Response = {
      header: { version: 3, operation: OperationType.ADD_ENTRY, txnId: 1n },
      status: 0,
      addResponse: { status: 0, ledgerId: 1n, entryId: 0n },
    };
    assert.deepEqual(encodeResponse(res), frame);
    assert.deepEqual(decodeResponse(frame.subarray(4)), res);
  });

  test('v2 ADD request', () => {
    const frame = fixture('v2-add-request.hex');
    const req = decodeV2Request(frame.subarray(4));
    assert.equal(req.kind, 'add');
    if (req.kind !== 'add') return;
    assert.equal(req.ledgerId, 1n);
    assert.equal(req.entryId, 0n);
    assert.deepEqual(req.body, ENTRY);
    assert.deepEqual(encodeV2Request(req), frame);
  });
});

describe('v2 frames', () => {
  const cases: V2Request[] = [
    { kind: 'read', version: 2, flags: 0, ledgerId: 7n, entryId: -1n },
    { kind: 'read', version: 2, flags: 5, ledgerId: 7n, entryId: 3n, masterKey: KEY },
    { kind: 'auth', version: 2, auth: { authPluginName: 'AuthDisabledPlugin', payload: Buffer.alloc(0) } },
    { kind: 'batch-read', version: 2, flags: 0, ledgerId: 9n, startEntryId: 4n, requestId: 77n, maxCount: 10, maxSize: 1024n },
    { kind: 'batch-read', version: 2, flags: 5, ledgerId: 9n, startEntryId: 4n, requestId: 78n, maxCount: 0, maxSize: 5n << 20n, masterKey: KEY },
  ];
  for (const c of cases) {
    test(`round trip ${c.kind} ${JSON.stringify(c, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).slice(0, 60)}`, () => {
      assert.deepEqual(decodeV2Request(encodeV2Request(c).subarray(4)), c);
    });
  }
  test('header ints the Java client sends', () => {
    const hdr = (r: V2Request) => encodeV2Request(r).readUInt32BE(4).toString(16).padStart(8, '0');
    assert.equal(hdr({ kind: 'read', version: 2, flags: 1, ledgerId: 1n, entryId: -1n, masterKey: KEY }), '02020001');
    assert.equal(hdr({ kind: 'read', version: 2, flags: 5, ledgerId: 1n, entryId: 0n, masterKey: KEY }), '02020005');
    assert.equal(hdr({ kind: 'add', version: 2, flags: 6, ledgerId: 1n, entryId: 0n, masterKey: KEY, body: ENTRY }), '02010006');
  });
  const responses: V2Response[] = [
    { kind: 'add', version: 2, rc: 0, ledgerId: 1n, entryId: 5n },
    { kind: 'read', version: 2, rc: 0, ledgerId: 1n, entryId: -1n, body: ENTRY },
    { kind: 'read', version: 2, rc: 2, ledgerId: 1n, entryId: 9n },
    { kind: 'batch-read', version: 2, rc: 0, ledgerId: 1n, startEntryId: 0n, requestId: 3n, bodies: [ENTRY, Buffer.from('x')] },
  ];
  for (const r of responses) {
    test(`response round trip ${r.kind} rc=${'rc' in r ? r.rc : ''}`, () => {
      assert.deepEqual(decodeV2Response(encodeV2Response(r).subarray(4)), r);
    });
  }
  test('unknown and v3-only opcodes are refused', () => {
    for (const op of [4, 5, 6, 99]) {
      const p = Buffer.alloc(24);
      p.writeUInt32BE(((2 << 24) | (op << 16)) >>> 0, 0);
      assert.throws(() => decodeV2Request(p), (e: unknown) => e instanceof QuireError && e.code === 'BAD_REQUEST');
    }
  });
  test('status mapping: 507 goes out as EIO on v2', () => {
    assert.equal(v3StatusToV2Rc(507), 101);
    assert.equal(v3StatusToV2Rc(504), 104);
    assert.equal(v2RcToV3Status(1), 402);
    assert.equal(v2RcToV3Status(0), 0);
  });
});

describe('framing', () => {
  const frames = [fixture('v3-add-request.hex'), fixture('v3-fence-read-request.hex'), fixture('v2-add-request.hex')];
  const stream = Buffer.concat(frames);

  test('byte by byte', () => {
    const d = new FrameDecoder();
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) for (const f of d.push(stream.subarray(i, i + 1))) got.push(Buffer.from(f));
    assert.deepEqual(got, frames.map((f) => f.subarray(4)));
    assert.equal(d.bufferedBytes, 0);
  });

  test('random splits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const d = new FrameDecoder();
        const got: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          for (const f of d.push(stream.subarray(prev, p))) got.push(Buffer.from(f));
          prev = p;
        }
        assert.deepEqual(got, frames.map((f) => f.subarray(4)));
      }),
    );
  });

  test('a frame over the limit is refused before it is buffered', () => {
    const d = new FrameDecoder(1024);
    const hdr = Buffer.alloc(4);
    hdr.writeUInt32BE(1021, 0);
    assert.throws(() => d.push(hdr), (e: unknown) => e instanceof QuireError && /exceeds/.test(e.message));
    const ok = new FrameDecoder(1024);
    hdr.writeUInt32BE(1020, 0);
    assert.deepEqual(ok.push(hdr), []);
  });

  test('a large frame arriving in many chunks is assembled once', () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 7);
    const frame = Buffer.concat([Buffer.from([0, 0x30, 0, 0]), payload]);
    const d = new FrameDecoder();
    let got: Buffer[] = [];
    for (let off = 0; off < frame.length; off += 65536) got = got.concat(d.push(frame.subarray(off, off + 65536)));
    assert.equal(got.length, 1);
    assert.deepEqual(got[0], payload);
  });
});

describe('v3 codec agrees with protobufjs loading proto/bookkeeper/BookkeeperProtocol.proto', async () => {
  const root = await protobuf.load(fileURLToPath(new URL('../proto/bookkeeper/BookkeeperProtocol.proto', import.meta.url)));
  const PbRequest = root.lookupType('bookkeeper.proto.Request');
  const PbResponse = root.lookupType('bookkeeper.proto.Response');
  const big = (v: unknown): bigint => BigInt(String(v));

  const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
  const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
  const header = fc.record(
    { version: fc.constantFrom(1, 2, 3), operation: fc.integer({ min: 1, max: 12 }), txnId: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), priority: fc.integer({ min: 0, max: 1000 }) },
    { requiredKeys: ['version', 'operation', 'txnId'] },
  );
  const request = fc.record(
    {
      header,
      readRequest: fc.record(
        { flag: fc.constantFrom(1, 2), ledgerId: int64, entryId: int64, masterKey: bytes, previousLAC: int64, timeOut: int64 },
        { requiredKeys: ['ledgerId', 'entryId'] },
      ),
      addRequest: fc.record(
        { flag: fc.constant(1), ledgerId: int64, entryId: int64, masterKey: bytes, body: bytes, writeFlags: fc.integer({ min: -5, max: 5 }) },
        { requiredKeys: ['ledgerId', 'entryId', 'masterKey', 'body'] },
      ),
      writeLacRequest: fc.record({ ledgerId: int64, lac: int64, masterKey: bytes, body: bytes }),
      readLacRequest: fc.record({ ledgerId: int64 }),
      forceLedgerRequest: fc.record({ ledgerId: int64 }),
    },
    { requiredKeys: ['header'] },
  );

  test('Quire-encoded requests decode identically with protobufjs', () => {
    fc.assert(
      fc.property(request, (req) => {
        const frame = encodeRequest(req as Request);
        const pb = PbRequest.toObject(PbRequest.decode(frame.subarray(4)), { longs: String, bytes: Buffer as never, defaults: false }) as Record<string, Record<string, unknown>>;
        assert.equal(big(pb.header!.txnId), req.header.txnId);
        if (req.addRequest) {
          assert.equal(big(pb.addRequest!.ledgerId), req.addRequest.ledgerId);
          assert.equal(big(pb.addRequest!.entryId), req.addRequest.entryId);
          assert.deepEqual(Buffer.from(pb.addRequest!.body as Uint8Array), req.addRequest.body);
          if (req.addRequest.writeFlags !== undefined) assert.equal(pb.addRequest!.writeFlags, req.addRequest.writeFlags);
        }
        if (req.readRequest) {
          assert.equal(big(pb.readRequest!.entryId), req.readRequest.entryId);
          if (req.readRequest.previousLAC !== undefined) assert.equal(big(pb.readRequest!.previousLAC), req.readRequest.previousLAC);
        }
        // And back: protobufjs bytes decode to the same request in Quire's codec.
        const again = decodeRequest(Buffer.from(PbRequest.encode(PbRequest.decode(frame.subarray(4))).finish()));
        assert.deepEqual(again, decodeRequest(frame.subarray(4)));
      }),
      { numRuns: 300 },
    );
  });

  test('protobufjs-encoded responses decode in Quire', () => {
    const msg = PbResponse.fromObject({
      header: { version: 3, operation: 1, txnId: '18446744073709551615' },
      status: 0,
      readResponse: { status: 0, ledgerId: '9223372036854775807', entryId: '-1', body: Buffer.from('abc'), maxLAC: '41', lacUpdateTimestamp: '1700000000000' },
    });
    const res = decodeResponse(Buffer.from(PbResponse.encode(msg).finish()));
    assert.equal(res.header.txnId, (1n << 64n) - 1n);
    assert.equal(res.readResponse?.ledgerId, (1n << 63n) - 1n);
    assert.equal(res.readResponse?.entryId, -1n);
    assert.equal(res.readResponse?.maxLAC, 41n);
    assert.deepEqual(res.readResponse?.body, Buffer.from('abc'));
    assert.deepEqual(decodeResponse(encodeResponse(res).subarray(4)), res);
  });

  test('missing required fields are refused, as protobuf-java does', () => {
    const noEntry = PbRequest.encode(PbRequest.fromObject({ header: { version: 3, operation: 1, txnId: 1 } })).finish();
    assert.ok(decodeRequest(Buffer.from(noEntry)).header);
    const partial = Buffer.from('0a0408031001', 'hex'); // header without txnId
    assert.throws(() => decodeRequest(partial), /txnId \(required\)/);
  });
});

describe('fuzz: decoders never throw anything but QuireError', () => {
  const isQuire = (e: unknown) => e instanceof QuireError;
  for (const [name, fn] of [
    ['decodeRequest', decodeRequest],
    ['decodeResponse', decodeResponse],
    ['decodeV2Request', decodeV2Request],
    ['decodeV2Response', decodeV2Response],
  ] as const) {
    test(name, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (a) => {
          try {
            (fn as (b: Buffer) => unknown)(Buffer.from(a));
          } catch (e) {
            assert.ok(isQuire(e), `${name} threw ${String(e)}`);
          }
        }),
        { numRuns: 2000 },
      );
    });
  }
  test('mutated golden frames', () => {
    const base = fixture('v3-add-request.hex').subarray(4);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: base.length }), (i, v, cut) => {
        const m = Buffer.from(base);
        m[i] = v;
        try {
          decodeRequest(m.subarray(0, cut));
        } catch (e) {
          assert.ok(isQuire(e), String(e));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('availability of entries', async () => {
  const { encodeAvailability, decodeAvailability } = await import('./availability-of-entries.js');
  test('runs round trip', () => {
    const ids = [0n, 1n, 2n, 5n, 6n, 9n, 100n];
    const enc = encodeAvailability(ids);
    assert.equal(enc.readInt32BE(4), 4);
    assert.deepEqual(decodeAvailability(enc), ids);
  });
  test('periodic groups (as a Java bookie may send them) decode', () => {
    const b = Buffer.alloc(64 + 24);
    b.writeInt32BE(1, 4);
    b.writeBigInt64BE(0n, 64); // entries 0,1, 3,4, 6,7 : size 2, period 3
    b.writeBigInt64BE(6n, 72);
    b.writeInt32BE(2, 80);
    b.writeInt32BE(3, 84);
    assert.deepEqual(decodeAvailability(b), [0n, 1n, 3n, 4n, 6n, 7n]);
  });
  test('a few bytes claiming too many entries are refused before expanding; negative periods too', () => {
    const b = Buffer.alloc(64 + 24);
    b.writeInt32BE(1, 4);
    b.writeBigInt64BE(0n, 64);
    b.writeBigInt64BE(1n << 40n, 72);
    b.writeInt32BE(1000, 80);
    b.writeInt32BE(1, 84);
    assert.throws(() => decodeAvailability(b), (e: unknown) => e instanceof QuireError && e.code === 'BAD_REQUEST' && /more than/.test(e.message));
    b.writeInt32BE(-3, 84);
    assert.throws(() => decodeAvailability(b), (e: unknown) => e instanceof QuireError && /negative/.test(e.message));
  });
});

describe('entry header helpers', () => {
  test('readInt64 and int64Equals agree with Buffer.readBigInt64BE for any value', () => {
    const near = (c: bigint) => fc.bigInt({ min: c - 3n, max: c + 3n });
    const any = fc.oneof(
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
      near(0n), near(1n << 53n), near(-(1n << 53n)), near(1n << 32n), near((1n << 63n) - 4n), near(-(1n << 63n) + 3n),
    );
    fc.assert(
      fc.property(any, any, (a, b) => {
        const buf = Buffer.alloc(24);
        buf.writeBigInt64BE(a, 8);
        assert.equal(readInt64(buf, 8), a);
        assert.equal(int64Equals(buf, 8, a), true);
        assert.equal(int64Equals(buf, 8, b), a === b);
      }),
      { numRuns: 2000 },
    );
  });

  test('entryHeaderMatches checks length and both ids', () => {
    const e = Buffer.alloc(24);
    e.writeBigInt64BE(5n, 0);
    e.writeBigInt64BE(9n, 8);
    assert.equal(entryHeaderMatches(e, 5n, 9n), true);
    assert.equal(entryHeaderMatches(e, 5n, 8n), false);
    assert.equal(entryHeaderMatches(e, 4n, 9n), false);
    assert.equal(entryHeaderMatches(e.subarray(0, 23), 5n, 9n), false);
  });
});

describe('nested messages of any length', () => {
  test('read responses with bodies around the one-byte length boundary round-trip', () => {
    for (const n of [0, 1, 90, 100, 101, 110, 127, 128, 200, 16383, 16384, 70000]) {
      const body = Buffer.alloc(n, 0x5a);
      const res = { header: { version: 3, operation: 1, txnId: 77n }, status: 0, readResponse: { status: 0, ledgerId: 3n, entryId: 4n, body, maxLAC: 2n } };
      const frame = encodeResponse(res);
      assert.equal(frame.readUInt32BE(0), frame.length - 4);
      assert.deepEqual(decodeResponse(frame.subarray(4)), res);
    }
  });
});
