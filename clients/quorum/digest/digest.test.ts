// Golden vectors from the protocol spec, Appendix A, plus round trips and tamper detection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDigestManager, DigestType, macKeyOf, masterKeyOf, parseDigestType } from './digest-manager.js';
import { decodeLacBlob, encodeLacBlob, unwrapEntry, wrapEntry } from './entry-format.js';
import { isQuireError } from '../../../common/errors.js';

const pwd = Buffer.from('pwd');
const hello = Buffer.from('hello');
const header = Buffer.from('0000000000000001' + '0000000000000000' + 'ffffffffffffffff' + '0000000000000005', 'hex');
const fields = { ledgerId: 1n, entryId: 0n, lastAddConfirmed: -1n, length: 5n, payload: hello };

describe('digest: Appendix A vectors', () => {
  test('keys', () => {
    assert.equal(masterKeyOf(pwd).toString('hex'), '9c31dcb7214645e06dbf8a67daa6cfcdcd13a611');
    assert.equal(masterKeyOf(Buffer.alloc(0)).toString('hex'), '850bf1071c5e3d8c24235676f8816ae0cbe2f14f');
    assert.equal(macKeyOf(pwd).toString('hex'), 'add528aadda7d5537007946e5789459a188a998f');
  });

  const cases: [DigestType, string][] = [
    [DigestType.CRC32, '0000000030a56872'],
    [DigestType.CRC32C, 'e3a5f74d'],
    [DigestType.HMAC, 'b66e20f9eebddec1e704fc3b96b2ed248b6a5ed9'],
    [DigestType.DUMMY, ''],
  ];
  for (const [type, hex] of cases) {
    test(`entry digest type ${type}`, () => {
      const dm = createDigestManager(type, pwd);
      assert.equal(dm.length, hex.length / 2);
      const wrapped = wrapEntry(dm, fields);
      assert.equal(wrapped.toString('hex'), header.toString('hex') + hex + hello.toString('hex'));
      const back = unwrapEntry(dm, wrapped, 1n, 0n);
      assert.deepEqual(back, fields);
    });
  }

  test('v2 ADD frame, entry part (CRC32C)', () => {
    const dm = createDigestManager(DigestType.CRC32C, pwd);
    const entry = wrapEntry(dm, fields);
    const frame = Buffer.concat([Buffer.from('00000041' + '02010000', 'hex'), masterKeyOf(pwd), entry]);
    assert.equal(
      frame.toString('hex'),
      '00000041' + '02010000' + '9c31dcb7214645e06dbf8a67daa6cfcdcd13a611' + header.toString('hex') + 'e3a5f74d' + '68656c6c6f',
    );
    assert.equal(frame.length - 4, 65);
  });

  test('LAC blob (ledger 1, lac 7) CRC32C', () => {
    const dm = createDigestManager(DigestType.CRC32C, pwd);
    const blob = encodeLacBlob(dm, 1n, 7n);
    assert.equal(blob.toString('hex'), '0000000000000001' + '0000000000000007' + '62842849');
    assert.equal(decodeLacBlob(dm, blob, 1n), 7n);
    assert.throws(() => decodeLacBlob(dm, blob, 2n), (e) => isQuireError(e, 'DIGEST_MISMATCH'));
  });

  test('CRC-32C sanity', () => {
    assert.equal(createDigestManager(DigestType.CRC32C, pwd).compute([Buffer.from('1234'), Buffer.from('56789')]).toString('hex'), 'e3069283');
  });

  test('an empty payload leaves every digest as over the header alone (also an empty Buffer whose .buffer was touched)', () => {
    const header = Buffer.from('0000000000000000' + '0000000000000001' + '0000000000000000' + '0000000000000001', 'hex');
    for (const type of [DigestType.CRC32, DigestType.CRC32C, DigestType.HMAC]) {
      const dm = createDigestManager(type, pwd);
      const empty = Buffer.alloc(0);
      // The quorum client re-views payloads through their ArrayBuffer; for an empty Buffer that
      // gives a null data pointer, which zlib's crc32 used to answer with 0.
      const viewed = Buffer.from(empty.buffer, empty.byteOffset, empty.length);
      assert.equal(dm.compute([header, viewed]).toString('hex'), dm.compute([header]).toString('hex'), `digest type ${type}`);
      const fields = { ledgerId: 0n, entryId: 1n, lastAddConfirmed: 0n, length: 1n, payload: viewed };
      assert.equal(unwrapEntry(dm, wrapEntry(dm, fields), 0n, 1n).payload.length, 0);
    }
  });

  test('parseDigestType', () => {
    assert.equal(parseDigestType('crc32c'), DigestType.CRC32C);
    assert.equal(parseDigestType('MAC'), DigestType.HMAC);
    assert.equal(parseDigestType(2), DigestType.HMAC);
    assert.throws(() => parseDigestType('sha256'), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
    assert.throws(() => parseDigestType(7), (e) => isQuireError(e, 'INVALID_ARGUMENT'));
  });
});

describe('digest: verification', () => {
  const dm = createDigestManager(DigestType.CRC32, pwd);
  const wrapped = wrapEntry(dm, fields);
  const mismatch = (e: unknown) => isQuireError(e, 'DIGEST_MISMATCH');

  test('wrong ledger, wrong entry, -1 read skips the entry check', () => {
    assert.throws(() => unwrapEntry(dm, wrapped, 2n, 0n), mismatch);
    assert.throws(() => unwrapEntry(dm, wrapped, 1n, 1n), mismatch);
    assert.equal(unwrapEntry(dm, wrapped, 1n, null).entryId, 0n);
  });

  test('short buffer', () => {
    assert.throws(() => unwrapEntry(dm, wrapped.subarray(0, 39), 1n, 0n), mismatch);
  });

  test('HMAC with another password fails', () => {
    const a = createDigestManager(DigestType.HMAC, pwd);
    const b = createDigestManager(DigestType.HMAC, Buffer.from('other'));
    assert.throws(() => unwrapEntry(b, wrapEntry(a, fields), 1n, 0n), mismatch);
  });

  test('any single flipped byte outside the ledger/entry ids is detected (property)', () => {
    for (const type of [DigestType.CRC32, DigestType.CRC32C, DigestType.HMAC]) {
      const d = createDigestManager(type, pwd);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (payload, pos, xor) => {
          const w = wrapEntry(d, { ...fields, payload: Buffer.from(payload), length: BigInt(payload.length) });
          const i = pos % w.length;
          w[i] = w[i]! ^ xor;
          assert.throws(() => unwrapEntry(d, w, 1n, 0n), mismatch);
        }),
        { numRuns: 200 },
      );
    }
  });
});
