import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, decodeSegmentHeader, encodeRecord, encodeSegmentHeader, recordOverhead } from './log-record.js';

test('record format 1: golden bytes of a bare record', () => {
  const b = encodeRecord({ timestampMs: 0x0102030405, payload: Buffer.from('hi') });
  assert.equal(b.toString('hex'), '01' + '00' + '0000000102030405' + '6869');
  assert.deepEqual(decodeRecord(b), { timestampMs: 0x0102030405, payload: Buffer.from('hi') });
});

test('record format 1: golden bytes with producer, key and headers', () => {
  const r = { timestampMs: 1, producerId: 'p', sequence: 7n, key: Buffer.from('k'), headers: [{ name: 'h', value: Buffer.from('v') }], payload: Buffer.from('x') };
  const b = encodeRecord(r);
  assert.equal(
    b.toString('hex'),
    '01' + '07' + '0000000000000001' + // kind, flags (producer|key|headers), timestamp
      '0001' + '70' + '0000000000000007' + // producer id "p", sequence 7
      '00000001' + '6b' + // key "k"
      '0001' + '0001' + '68' + '00000001' + '76' + // 1 header: "h" = "v"
      '78', // payload "x"
  );
  assert.deepEqual(decodeRecord(b), r);
  assert.equal(b.length, recordOverhead(r) + 1);
});

test('segment header format 1: golden bytes and round trip', () => {
  const h = { startOffset: 5n, createdMs: 2, logName: 'a/b', producers: [{ producerId: 'p', firstSequence: 1n, lastSequence: 3n, firstOffset: 4n, lastAppendMs: 9 }] };
  const b = encodeSegmentHeader(h);
  assert.equal(
    b.toString('hex'),
    '81' + '0000000000000005' + '0000000000000002' + '0003' + '612f62' + '00000001' + '0001' + '70' + '0000000000000001' + '0000000000000003' + '0000000000000004' + '0000000000000009',
  );
  assert.deepEqual(decodeSegmentHeader(b), h);
});

test('malformed entries are refused, never half-read', () => {
  assert.throws(() => decodeRecord(Buffer.from([0x81, 0])), /not a record/);
  assert.throws(() => decodeRecord(Buffer.from([0x01, 0x08, 0, 0, 0, 0, 0, 0, 0, 0])), /unknown flags/);
  assert.throws(() => decodeRecord(Buffer.from([0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9])), /truncated in key/);
  assert.throws(() => decodeSegmentHeader(Buffer.concat([encodeSegmentHeader({ startOffset: 0n, createdMs: 0, logName: 'x', producers: [] }), Buffer.from([0])])), /trailing/);
  assert.throws(() => decodeSegmentHeader(encodeRecord({ timestampMs: 0, payload: Buffer.alloc(0) })), /not a segment header/);
});
