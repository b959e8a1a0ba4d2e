import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  JournalRecordType,
  JournalStreamDecoder,
  decodeJournalRecord,
  encodeAddEntryRecordInto,
  encodeJournalRecord,
  type JournalRecord,
} from './journal-record.js';
import { decodeLastMark, encodeLastMark } from './last-mark.js';
import {
  SEGMENT_VERSION_REUSABLE,
  checkSegmentHeader,
  encodeSegmentHeader,
  freeSegmentFileName,
  newSegmentSalt,
  segmentCrcSeed,
  segmentFileName,
  segmentVersionOf,
} from './journal-segment.js';

/**
 * Bitwise CRC-32C reference (reflected poly 0x82F63B78), independent of @node-rs/crc32; `seed` is
 * the state to continue from (the CRC of whatever came before; 0 = a fresh CRC).
 */
function refCrc32c(b: Buffer, seed = 0): number {
  let c = (seed ^ 0xffffffff) >>> 0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}

/** Builds the expected bytes from the documented layout: crc | length | body. */
function framed(body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(refCrc32c(Buffer.concat([len, body])));
  return Buffer.concat([crc, len, body]);
}

describe('journal record codec', () => {
  test('reference CRC-32C matches the standard check value', () => {
    assert.equal(refCrc32c(Buffer.from('123456789')), 0xe3069283);
  });

  test('golden bytes: ADD_ENTRY', () => {
    const rec: JournalRecord = { type: JournalRecordType.ADD_ENTRY, ledgerId: 0x0102030405060708n, entryId: 5n, data: hex('aabbcc') };
    const body = hex('01 0102030405060708 0000000000000005 aabbcc');
    const expected = framed(body);
    assert.equal(expected.toString('hex'), 'ec862bcc00000014010102030405060708' + '0000000000000005aabbcc');
    assert.deepEqual(encodeJournalRecord(rec), expected);
    const d = decodeJournalRecord(expected, 0);
    assert.equal(d.kind, 'record');
    if (d.kind === 'record') {
      assert.equal(d.size, expected.length);
      assert.deepEqual(d.record, rec);
    }
  });

  test('golden bytes: ADD_ENTRY in a format-2 segment (CRC seeded by segment id and salt) checks only with that seed', () => {
    const rec: JournalRecord = { type: JournalRecordType.ADD_ENTRY, ledgerId: 0x0102030405060708n, entryId: 5n, data: hex('aabbcc') };
    const header = encodeSegmentHeader(0x2a, SEGMENT_VERSION_REUSABLE, 0x01020304);
    const seed = segmentCrcSeed(header);
    assert.equal(seed, refCrc32c(hex('000000000000002a 01020304')));
    assert.equal(seed, 0xe4da13f0);
    const expected = hex('99a79ebb 00000014 01 0102030405060708 0000000000000005 aabbcc');
    assert.equal(refCrc32c(expected.subarray(4), seed), expected.readUInt32BE(0));
    assert.deepEqual(encodeJournalRecord(rec, seed), expected);
    const viaHeader = Buffer.alloc(expected.length + 16);
    const entryBytes = Buffer.concat([hex('0102030405060708 0000000000000005'), hex('aabbcc')]);
    const end = encodeAddEntryRecordInto(viaHeader, 0, entryBytes, seed);
    assert.equal(decodeJournalRecord(viaHeader.subarray(0, end), 0, seed).kind, 'record');
    const d = decodeJournalRecord(expected, 0, seed);
    assert.equal(d.kind, 'record');
    if (d.kind === 'record') assert.deepEqual(d.record, rec);
    // Not a record under another salt, another segment id, or in a format-1 segment.
    const mismatch = { kind: 'corrupt', reason: 'checksum mismatch' };
    assert.deepEqual(decodeJournalRecord(expected, 0, segmentCrcSeed(encodeSegmentHeader(0x2a, SEGMENT_VERSION_REUSABLE, 0x01020305))), mismatch);
    assert.deepEqual(decodeJournalRecord(expected, 0, segmentCrcSeed(encodeSegmentHeader(0x2b, SEGMENT_VERSION_REUSABLE, 0x01020304))), mismatch);
    assert.deepEqual(decodeJournalRecord(expected, 0, 0), mismatch);
    assert.deepEqual(decodeJournalRecord(encodeJournalRecord(rec), 0, seed), mismatch);
    // The end marker reads as the end whatever the seed.
    assert.deepEqual(decodeJournalRecord(Buffer.alloc(8), 0, seed), { kind: 'end' });
  });

  test('CRC seeds: 0 for format 1, never 0 for format 2', () => {
    assert.equal(segmentCrcSeed(encodeSegmentHeader(7)), 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 0xffffffff }), (id, salt) => {
        const s = segmentCrcSeed(encodeSegmentHeader(id, SEGMENT_VERSION_REUSABLE, salt));
        return s >= 1 && s <= 0xffffffff;
      }),
    );
  });

  test('ADD_ENTRY encoded from the entry header (ids copied) has exactly the generic bytes', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
        fc.uint8Array({ minLength: 8, maxLength: 300 }),
        (ledgerId, entryId, rest) => {
          const entry = Buffer.concat([Buffer.alloc(16), Buffer.from(rest)]);
          entry.writeBigInt64BE(ledgerId, 0);
          entry.writeBigInt64BE(entryId, 8);
          const expected = encodeJournalRecord({ type: JournalRecordType.ADD_ENTRY, ledgerId, entryId, data: entry });
          const buf = Buffer.alloc(expected.length + 3, 0xee);
          assert.equal(encodeAddEntryRecordInto(buf, 3, entry), buf.length);
          assert.deepEqual(buf.subarray(3), expected);
        },
      ),
    );
  });

  test('golden bytes: MASTER_KEY, FENCE, EXPLICIT_LAC', () => {
    const cases: [JournalRecord, string][] = [
      [{ type: JournalRecordType.MASTER_KEY, ledgerId: 7n, data: hex('0011') }, '02 0000000000000007 0011'],
      [{ type: JournalRecordType.FENCE, ledgerId: 7n }, '03 0000000000000007'],
      [{ type: JournalRecordType.EXPLICIT_LAC, ledgerId: -2n, data: hex('ff') }, '04 fffffffffffffffe ff'],
    ];
    for (const [rec, body] of cases) {
      const expected = framed(hex(body));
      assert.deepEqual(encodeJournalRecord(rec), expected, `type ${rec.type}`);
      const d = decodeJournalRecord(expected, 0);
      assert.equal(d.kind, 'record');
      if (d.kind === 'record') assert.deepEqual(d.record, rec);
    }
    assert.equal(encodeJournalRecord({ type: JournalRecordType.FENCE, ledgerId: 7n }).toString('hex'), framed(hex('03 0000000000000007')).toString('hex'));
  });

  test('zero fill is end of data; every truncation is incomplete; any flipped byte is corrupt', () => {
    assert.deepEqual(decodeJournalRecord(Buffer.alloc(64), 0), { kind: 'end' });
    const rec = encodeJournalRecord({ type: JournalRecordType.ADD_ENTRY, ledgerId: 1n, entryId: 2n, data: Buffer.from('hello world') });
    for (let n = 0; n < rec.length; n++) assert.equal(decodeJournalRecord(rec.subarray(0, n), 0).kind, 'incomplete', `prefix ${n}`);
    for (let i = 0; i < rec.length; i++) {
      const bad = Buffer.from(rec);
      bad[i]! ^= 0x40;
      const k = decodeJournalRecord(bad, 0).kind;
      // A flipped length byte may also look like a longer, incomplete record; never a valid one.
      assert.ok(k === 'corrupt' || k === 'incomplete', `flip at ${i} gave ${k}`);
    }
    const huge = Buffer.alloc(16);
    huge.writeUInt32BE(0x7fffffff, 4);
    assert.equal(decodeJournalRecord(huge, 0).kind, 'corrupt');
  });

  test('stream decoder: any split of a record stream yields the same records and offsets', () => {
    const arbRec: fc.Arbitrary<JournalRecord> = fc.oneof(
      fc.record({ type: fc.constant(JournalRecordType.ADD_ENTRY), ledgerId: fc.bigInt(0n, 1n << 62n), entryId: fc.bigInt(0n, 1000n), data: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) }),
      fc.record({ type: fc.constant(JournalRecordType.MASTER_KEY), ledgerId: fc.bigInt(0n, 100n), data: fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)) }),
      fc.record({ type: fc.constant(JournalRecordType.FENCE), ledgerId: fc.bigInt(0n, 100n) }),
    );
    fc.assert(
      fc.property(fc.array(arbRec, { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1 }), fc.nat(50), (rawRecs, splits, zeroTail) => {
        const recs = rawRecs.map((r) => ({ ...r }) as JournalRecord);
        const stream = Buffer.concat([...recs.map((r) => encodeJournalRecord(r)), Buffer.alloc(zeroTail)]);
        const dec = new JournalStreamDecoder(16);
        const got: { rec: JournalRecord; off: number }[] = [];
        let p = 0;
        let i = 0;
        while (p < stream.length) {
          const n = splits[i++ % splits.length]!;
          const chunk = Buffer.from(stream.subarray(p, p + n)); // fresh copy, then scribbled over
          dec.push(chunk, (rec, off) => got.push({ rec: structuredCloneRec(rec), off }));
          chunk.fill(0xee);
          p += n;
        }
        assert.deepEqual(got.map((g) => g.rec), recs);
        let off = 16;
        for (let j = 0; j < recs.length; j++) {
          assert.equal(got[j]!.off, off);
          off += encodeJournalRecord(recs[j]!).length;
        }
        assert.equal(dec.validEnd, off);
      }),
      { numRuns: 200 },
    );
  });

  test('stream decoder stops at garbage and reports where valid data ends', () => {
    const a = encodeJournalRecord({ type: JournalRecordType.FENCE, ledgerId: 1n });
    const b = encodeJournalRecord({ type: JournalRecordType.FENCE, ledgerId: 2n });
    const dec = new JournalStreamDecoder(0);
    let n = 0;
    dec.push(Buffer.concat([a, Buffer.from('garbage!garbage!'), b]), () => n++);
    assert.equal(n, 1);
    assert.equal(dec.validEnd, a.length);
    assert.equal(dec.stopReason?.kind, 'corrupt');
  });
});

function structuredCloneRec(r: JournalRecord): JournalRecord {
  return 'data' in r ? ({ ...r, data: Buffer.from(r.data) } as JournalRecord) : { ...r };
}

describe('lastMark and segment header codecs', () => {
  test('lastMark golden bytes and checks', () => {
    const b = encodeLastMark({ segmentId: 3, offset: 0x1234 });
    const body = hex('514d524b 0000000000000003 0000000000001234');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(refCrc32c(body));
    assert.deepEqual(b, Buffer.concat([body, crc]));
    assert.deepEqual(decodeLastMark(b), { segmentId: 3, offset: 0x1234 });
    const bad = Buffer.from(b);
    bad[12]! ^= 1;
    assert.throws(() => decodeLastMark(bad), { code: 'IO_ERROR' });
    assert.throws(() => decodeLastMark(b.subarray(0, 10)), { code: 'IO_ERROR' });
  });

  test('segment header golden bytes and file name', () => {
    assert.equal(encodeSegmentHeader(0x2a).toString('hex'), '514a4e4c00000001000000000000002a');
    assert.equal(segmentFileName(0x2a), '000000000000002a.txn');
    assert.equal(checkSegmentHeader(encodeSegmentHeader(0x2a), 0x2a), 'ok');
    assert.equal(checkSegmentHeader(encodeSegmentHeader(0x2a), 0x2b), 'bad');
    assert.equal(checkSegmentHeader(Buffer.alloc(16), 1), 'blank');
    assert.equal(checkSegmentHeader(Buffer.alloc(3), 1), 'blank');
  });

  test('format-2 segment header golden bytes, free file name', () => {
    const h = encodeSegmentHeader(0x2a, SEGMENT_VERSION_REUSABLE, 0x01020304);
    assert.equal(h.toString('hex'), '514a4e4c00000002000000000000002a' + '0102030400000000');
    assert.equal(checkSegmentHeader(h, 0x2a), 'ok');
    assert.equal(segmentVersionOf(h), 2);
    assert.equal(checkSegmentHeader(h, 0x2b), 'bad');
    assert.equal(checkSegmentHeader(Buffer.concat([h.subarray(0, 9), Buffer.alloc(15)]), 0x2a), 'blank');
    // A file that ends inside the salt: its creation did not finish.
    assert.equal(checkSegmentHeader(h.subarray(0, 19), 0x2a), 'blank');
    assert.notEqual(newSegmentSalt(), newSegmentSalt()); // 2^-32 chance of a false failure
    const v3 = Buffer.from(h);
    v3.writeUInt32BE(3, 4);
    assert.equal(checkSegmentHeader(v3, 0x2a), 'bad');
    assert.equal(freeSegmentFileName(0x2a), '000000000000002a.txn.free');
  });
});
