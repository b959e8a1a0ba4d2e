import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import { LOG_MAGIC, decodeLog, encodeRecord } from './mutation-log.js';

test('golden DELETE record and SET round trip', () => {
  const body = Buffer.from('0200022f61', 'hex');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32c(body));
  assert.equal(encodeRecord({ type: 'delete', path: '/a' }).toString('hex'), '00000005' + crc.toString('hex') + '0200022f61');
  const set = { type: 'set' as const, path: '/x/y', node: { data: Buffer.from('hello'), version: 3, cversion: 7, ctime: 1.5e12, mtime: 1.6e12 } };
  const file = Buffer.concat([LOG_MAGIC, encodeRecord(set), encodeRecord({ type: 'delete', path: '/a' })]);
  const out = decodeLog(file, 'f');
  assert.deepEqual(out.records, [set, { type: 'delete', path: '/a' }]);
  assert.equal(out.tornTail, false);
  assert.equal(out.validLength, file.length);
  const torn = decodeLog(file.subarray(0, file.length - 1), 'f');
  assert.equal(torn.tornTail, true);
  assert.equal(torn.records.length, 1);
  assert.throws(() => decodeLog(Buffer.from('NOTMAGIC'), 'f'), /bad magic/);
});
