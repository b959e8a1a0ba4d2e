import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEnvelope, encodeEnvelope } from './entry-envelope.js';

test('golden bytes: no producer', () => {
  const b = encodeEnvelope({ payload: Buffer.from('hi') });
  assert.equal(b.toString('hex'), '0100' + '6869');
  assert.deepEqual(decodeEnvelope(b), { payload: Buffer.from('hi') });
});

test('golden bytes: producer "p1", sequence 258', () => {
  const b = encodeEnvelope({ producerId: 'p1', sequence: 258n, payload: Buffer.from('hi') });
  assert.equal(b.toString('hex'), '01' + '01' + '0002' + '7031' + '0000000000000102' + '6869');
  const d = decodeEnvelope(b);
  assert.equal(d.producerId, 'p1');
  assert.equal(d.sequence, 258n);
  assert.deepEqual(d.payload, Buffer.from('hi'));
});

test('round trip (property)', () => {
  fc.assert(
    fc.property(fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), fc.uint8Array({ maxLength: 64 }), (pid, seq, payload) => {
      const e = pid === undefined ? { payload: Buffer.from(payload) } : { producerId: pid, sequence: seq, payload: Buffer.from(payload) };
      const d = decodeEnvelope(encodeEnvelope(e));
      assert.deepEqual(d.payload, Buffer.from(payload));
      assert.equal(d.producerId, e.producerId);
      if (pid !== undefined) assert.equal(d.sequence, seq);
    }),
  );
});

test('damaged envelopes are refused, never misread', () => {
  for (const hex of ['', '01', '0200', '0102', '010100', '0101000270', '0101000070310000000000000000', '01010002703180000000000000006869']) {
    assert.throws(() => decodeEnvelope(Buffer.from(hex, 'hex')), /envelope/, hex);
  }
  assert.throws(() => encodeEnvelope({ producerId: '', sequence: 1n, payload: Buffer.alloc(0) }), /producer id/);
  assert.throws(() => encodeEnvelope({ producerId: 'x', sequence: -1n, payload: Buffer.alloc(0) }), /sequence/);
});
