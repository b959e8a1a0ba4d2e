import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import {
  decodeEntryLogRecord,
  encodeEntryLogHeader,
  encodeEntryLogRecord,
  encodeEntryLogRecordFromEntryInto,
  entryLogFileName,
  checkEntryLogHeader,
} from './entry-log-record.js';
import { EntryLogMetadata, decodeLedgersMap, decodeLedgersMapTrailer, encodeLedgersMap, scanEntryLog } from './entry-log-ledgers-map.js';
import { decodeLedgerInfo, decodeLocation, encodeLedgerInfo, encodeLocation, entryKey, entryKeyFromEntryHeader, ledgerKey } from './ledger-index-format.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('entry-log codec', () => {
  test('golden bytes of a record', () => {
    const rec = encodeEntryLogRecord(0x10n, 0x2n, hex('c0ffee'));
    const body = hex('00000003 0000000000000010 0000000000000002 c0ffee');
    assert.equal(rec.subarray(4).toString('hex'), body.toString('hex'));
    assert.equal(rec.readUInt32BE(0), crc32c(body) >>> 0);
    assert.equal(rec.toString('hex'), '18609e94' + body.toString('hex'));
    assert.deepEqual(decodeEntryLogRecord(rec, 0x10n, 0x2n, 't'), hex('c0ffee'));
  });

  test('a record encoded from the entry header (ids copied) has exactly the generic bytes', () => {
    for (const [l, e] of [[0x10n, 0x2n], [-1n, 0n], [(1n << 63n) - 1n, (1n << 53n) + 1n]] as const) {
      const entry = Buffer.concat([Buffer.alloc(16), hex('ffffffffffffffff 0000000000000003 c0ffee')]);
      entry.writeBigInt64BE(l, 0);
      entry.writeBigInt64BE(e, 8);
      const expected = encodeEntryLogRecord(l, e, entry);
      const buf = Buffer.alloc(expected.length + 5, 0xee);
      assert.equal(encodeEntryLogRecordFromEntryInto(buf, 5, entry), buf.length);
      assert.deepEqual(buf.subarray(5), expected);
      assert.deepEqual(entryKeyFromEntryHeader(entry), entryKey(l, e));
    }
  });

  test('header golden bytes and file name', () => {
    assert.equal(encodeEntryLogHeader(5).toString('hex'), '51454c47000000010000000000000005');
    assert.ok(checkEntryLogHeader(encodeEntryLogHeader(5), 5));
    assert.ok(!checkEntryLogHeader(encodeEntryLogHeader(5), 6));
    assert.equal(entryLogFileName(255), '00000000000000ff.log');
  });

  test('damaged, truncated or misplaced records are IO_ERROR', () => {
    const rec = encodeEntryLogRecord(1n, 2n, Buffer.from('payload'));
    for (let i = 0; i < rec.length; i++) {
      const bad = Buffer.from(rec);
      bad[i]! ^= 1;
      assert.throws(() => decodeEntryLogRecord(bad, 1n, 2n, 't'), { code: 'IO_ERROR' }, `flip ${i}`);
    }
    assert.throws(() => decodeEntryLogRecord(rec.subarray(0, rec.length - 1), 1n, 2n, 't'), { code: 'IO_ERROR' });
    assert.throws(() => decodeEntryLogRecord(rec.subarray(0, 10), 1n, 2n, 't'), { code: 'IO_ERROR' });
    assert.throws(() => decodeEntryLogRecord(rec, 1n, 3n, 't'), { code: 'IO_ERROR' });
  });
});

describe('ledger index codec', () => {
  test('keys and location golden bytes', () => {
    assert.equal(entryKey(1n, 258n).toString('hex'), '45' + '0000000000000001' + '0000000000000102');
    assert.equal(ledgerKey(9n).toString('hex'), '4c0000000000000009');
    const loc = { logId: 3, offset: 0x1_0000_0010, length: 1024 };
    assert.equal(encodeLocation(loc).toString('hex'), '00000003' + '0000000100000010' + '00000400');
    assert.deepEqual(decodeLocation(encodeLocation(loc)), loc);
    assert.throws(() => decodeLocation(Buffer.alloc(3)), { code: 'IO_ERROR' });
  });

  test('ledger info golden bytes, with and without explicit LAC', () => {
    const info = { fenced: true, masterKey: hex('aabb'), lastKnownLac: 4n, lastEntryId: 5n, explicitLac: hex('01') };
    assert.equal(encodeLedgerInfo(info).toString('hex'), '01' + '03' + '0002' + 'aabb' + '0000000000000004' + '0000000000000005' + '00000001' + '01');
    assert.deepEqual(decodeLedgerInfo(encodeLedgerInfo(info)), info);
    const plain = { fenced: false, masterKey: Buffer.alloc(0), lastKnownLac: -1n, lastEntryId: -1n, explicitLac: undefined };
    assert.equal(encodeLedgerInfo(plain).toString('hex'), '01' + '01' + '0000' + 'ffffffffffffffff' + 'ffffffffffffffff' + 'ffffffff');
    assert.deepEqual(decodeLedgerInfo(encodeLedgerInfo(plain)), plain);
    assert.throws(() => decodeLedgerInfo(hex('02')), { code: 'IO_ERROR' });
    assert.throws(() => decodeLedgerInfo(encodeLedgerInfo(info).subarray(0, 20)), { code: 'IO_ERROR' });
  });
});

describe('entry-log ledgers map (footer)', () => {
  test('golden bytes: map sorted by ledger id, then magic, version, map offset, count, crc', () => {
    const footer = encodeLedgersMap(new Map([[0x20n, 0x1000], [0x3n, 0x58]]), 0x40);
    const body = hex('0000000000000003 0000000000000058  0000000000000020 0000000000001000  514c4d50 00000001 0000000000000040 00000002');
    assert.equal(footer.subarray(0, body.length).toString('hex'), body.toString('hex'));
    assert.equal(footer.readUInt32BE(body.length), crc32c(body) >>> 0);
    assert.equal(footer.toString('hex'), body.toString('hex') + 'cecfcd69');
    const fileSize = 0x40 + footer.length;
    assert.deepEqual(decodeLedgersMapTrailer(footer.subarray(footer.length - 24), fileSize), { mapOffset: 0x40, count: 2 });
    assert.deepEqual(decodeLedgersMap(footer, fileSize), new Map([[3n, 0x58], [0x20n, 0x1000]]));
  });

  test('a damaged or misplaced footer reads as "no footer"', () => {
    const footer = encodeLedgersMap(new Map([[1n, 100]]), 0x40);
    const size = 0x40 + footer.length;
    assert.equal(decodeLedgersMapTrailer(footer.subarray(footer.length - 24), size + 1), undefined, 'file size mismatch');
    const bad = Buffer.from(footer);
    bad[3]! ^= 1;
    assert.equal(decodeLedgersMap(bad, size), undefined, 'crc mismatch');
    const noMagic = Buffer.from(footer);
    noMagic[16] = 0;
    assert.equal(decodeLedgersMapTrailer(noMagic.subarray(noMagic.length - 24), size), undefined);
  });

  test('a scan finds the valid records and stops at a torn tail or at the footer', async () => {
    const recs = [encodeEntryLogRecord(1n, 0n, Buffer.alloc(10, 1)), encodeEntryLogRecord(2n, 0n, Buffer.alloc(3000, 2)), encodeEntryLogRecord(1n, 1n, Buffer.alloc(5, 3))];
    const body = Buffer.concat([encodeEntryLogHeader(9), ...recs]);
    const footer = encodeLedgersMap(new Map([[1n, recs[0]!.length + recs[2]!.length], [2n, recs[1]!.length]]), body.length);
    for (const file of [Buffer.concat([body, footer]), Buffer.concat([body, recs[1]!.subarray(0, 100)])]) {
      const seen: string[] = [];
      // A small piece size makes the 3 KB record span pieces.
      const end = await scanEntryLog(file.length, async (buf, pos) => file.copy(buf, 0, pos, pos + buf.length), (r) => seen.push(`${r.ledgerId}/${r.entryId}@${r.offset}+${r.length}`), 1024);
      assert.equal(end, body.length);
      assert.deepEqual(seen, [`1/0@16+10`, `2/0@${16 + recs[0]!.length}+3000`, `1/1@${16 + recs[0]!.length + recs[1]!.length}+5`]);
    }
  });

  test('usage = bytes of ledgers still held / bytes when the map was built', () => {
    const m = new EntryLogMetadata(1, new Map([[1n, 300], [2n, 100]]), false);
    assert.equal(m.usage, 1);
    assert.equal(m.removeLedgerIf((id) => id === 1n), true);
    assert.equal(m.usage, 0.25);
    assert.equal(m.removeLedgerIf(() => false), false);
    m.removeLedgerIf(() => true);
    assert.equal(m.isEmpty, true);
  });
});
