// The auditor's check-time nodes: protobuf binary, field 1 int64 (BookKeeper's CheckAllLedgersFormat).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { decodeCheckCTime, encodeCheckCTime } from './auditor-check-ctime-format.js';

test('bytes as protobuf-java writes them, and back', () => {
  assert.equal(encodeCheckCTime(1_700_000_000_000).toString('hex'), '0880d095ffbc31');
  assert.equal(decodeCheckCTime(Buffer.from('0880d095ffbc31', 'hex'), 'n'), 1_700_000_000_000);
});

test('no field reads as -1 (never ran); unknown fields are skipped; garbage is corrupt', () => {
  assert.equal(decodeCheckCTime(Buffer.alloc(0), 'n'), -1);
  assert.equal(decodeCheckCTime(Buffer.from('100708 05'.replace(' ', ''), 'hex'), 'n'), 5);
  assert.throws(() => decodeCheckCTime(Buffer.from('08ff', 'hex'), 'n'), (e) => isQuireError(e, 'METADATA_CORRUPT'));
});
