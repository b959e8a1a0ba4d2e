import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEntryLogRecord, scanEntryLogRecord } from './entry-log-record.js';

test('scanEntryLogRecord walks records it was not told about; short, oversized and damaged ones are not records', () => {
  const a = encodeEntryLogRecord(3n, 0n, Buffer.from('first entry bytes'));
  const b = encodeEntryLogRecord(3n, 1n, Buffer.from('second'));
  const buf = Buffer.concat([a, b]);
  const r1 = scanEntryLogRecord(buf, 0);
  assert.equal(r1.kind, 'record');
  if (r1.kind !== 'record') return;
  assert.deepEqual([r1.ledgerId, r1.entryId, r1.entry.toString(), r1.size], [3n, 0n, 'first entry bytes', a.length]);
  const r2 = scanEntryLogRecord(buf, r1.size);
  assert.equal(r2.kind === 'record' && r2.entry.toString(), 'second');
  assert.deepEqual(scanEntryLogRecord(buf.subarray(0, a.length - 1), 0), { kind: 'incomplete' });
  assert.deepEqual(scanEntryLogRecord(buf.subarray(0, 10), 0), { kind: 'incomplete' });
  assert.deepEqual(scanEntryLogRecord(a, 0, 4), { kind: 'corrupt', reason: 'record length 17 exceeds 4' });
  const bad = Buffer.from(a);
  bad[bad.length - 1]! ^= 1;
  assert.deepEqual(scanEntryLogRecord(bad, 0), { kind: 'corrupt', reason: 'checksum mismatch' });
});
