import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { buildLedgerMetadata, withChanges } from '../ledger-metadata.js';
import { decodeLedgerMetadata, encodeLedgerMetadata } from './ledger-metadata-format.js';
import { isQuireError } from '../../common/errors.js';

const PROTO = fileURLToPath(new URL('../../proto/bookkeeper/DataFormats.proto', import.meta.url));
const bookies = ['127.0.0.1:3181', '127.0.0.2:3181', '127.0.0.3:3181'];
const example = buildLedgerMetadata({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, segments: [{ firstEntryId: 0n, bookies }], digestType: 'CRC32C', password: Buffer.from('pwd') });

function hexOf(s: string): string {
  return Buffer.from(s, 'ascii').toString('hex');
}

test('v3 golden bytes: the spec §6.1 example', () => {
  const golden =
    hexOf('BookieMetadataFormatVersion\t3\n') +
    '52' + '0802' + '1003' + '1800' + '20ffffffffffffffffff01' + '2801' + '3232' +
    bookies.map((b) => '0a0e' + hexOf(b)).join('') + '1000' + '3803' + '4203' + hexOf('pwd') + '4802' + '6000';
  assert.equal(encodeLedgerMetadata(example).toString('hex'), golden);
  const back = decodeLedgerMetadata(Buffer.from(golden, 'hex'), 'golden');
  assert.deepEqual(back, example);
});

test('v3 body matches protobufjs encoding/decoding of DataFormats.proto', async () => {
  const root = await protobuf.load(PROTO);
  const T = root.lookupType('bookkeeper.proto.LedgerMetadataFormat');
  const md = withChanges(example, {
    state: 'CLOSED',
    lastEntryId: 41n,
    length: 12345n,
    segments: [{ firstEntryId: 0n, bookies }, { firstEntryId: 10n, bookies: [...bookies].reverse() }],
    customMetadata: { app: 'quire', bin: Buffer.from([0, 255, 10]) },
    ctime: 1700000000000n,
    cToken: 7n,
  });
  const bytes = encodeLedgerMetadata(md);
  const body = bytes.subarray(bytes.indexOf(0x0a) + 1);
  const decoded = T.toObject(T.decodeDelimited(body), { longs: String, enums: String, bytes: Buffer }) as Record<string, unknown>;
  assert.equal(decoded.quorumSize, 2);
  assert.equal(decoded.ensembleSize, 3);
  assert.equal(decoded.length, '12345');
  assert.equal(decoded.lastEntryId, '41');
  assert.equal(decoded.state, 'CLOSED');
  assert.equal(decoded.digestType, 'CRC32C');
  assert.equal(decoded.ctime, '1700000000000');
  assert.equal(decoded.cToken, '7');
  assert.deepEqual((decoded.segment as { ensembleMember: string[]; firstEntryId: string }[]).map((s) => s.firstEntryId), ['0', '10']);
  // And protobufjs's own bytes decode to the same metadata.
  const re = T.encodeDelimited(T.fromObject(decoded)).finish();
  assert.deepEqual(decodeLedgerMetadata(Buffer.concat([Buffer.from('BookieMetadataFormatVersion\t3\n'), Buffer.from(re)]), 'pbjs'), md);
});

test('v2 text format round trip, escapes, no cToken', () => {
  const md = withChanges(example, { formatVersion: 2, password: Buffer.from([0x70, 0x22, 0x0a, 0xff]), customMetadata: { k: 'v"x' }, cToken: 9n });
  const bytes = encodeLedgerMetadata(md);
  const text = bytes.toString('utf8');
  assert.ok(text.startsWith('BookieMetadataFormatVersion\t2\nquorumSize: 2\nensembleSize: 3\nlength: 0\nlastEntryId: -1\nstate: OPEN\nsegment {\n  ensembleMember: "127.0.0.1:3181"\n'), text);
  assert.ok(text.includes('password: "p\\"\\n\\377"\n'), text);
  assert.ok(text.includes('customMetadata {\n  key: "k"\n  value: "v\\"x"\n}\n'), text);
  assert.ok(!text.includes('cToken'));
  const back = decodeLedgerMetadata(bytes, 'v2');
  assert.deepEqual(back, withChanges(md, { cToken: 0n }));
});

test('v1 plain text: open, closed and in recovery', () => {
  const open = buildLedgerMetadata({ formatVersion: 1, ensembleSize: 2, writeQuorumSize: 2, segments: [{ firstEntryId: 0n, bookies: ['a:1', 'b:2'] }] });
  assert.equal(encodeLedgerMetadata(open).toString(), 'BookieMetadataFormatVersion\t1\n2\n2\n0\n0\ta:1\tb:2');
  const closed = withChanges(open, { state: 'CLOSED', lastEntryId: 5n, length: 100n });
  assert.equal(encodeLedgerMetadata(closed).toString(), 'BookieMetadataFormatVersion\t1\n2\n2\n100\n0\ta:1\tb:2\n5\tCLOSED');
  for (const md of [open, closed, withChanges(open, { state: 'IN_RECOVERY' })]) assert.deepEqual(decodeLedgerMetadata(encodeLedgerMetadata(md), 'v1'), md);
  // A trailing newline (older writers) is accepted.
  assert.deepEqual(decodeLedgerMetadata(Buffer.from('BookieMetadataFormatVersion\t1\n2\n2\n0\n0\ta:1\tb:2\n'), 'v1'), open);
});

test('corrupt or unknown formats are METADATA_CORRUPT naming the path and the problem', () => {
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('hello'), /no format header/],
    [Buffer.from('BookieMetadataFormatVersion\t9\nxx'), /unsupported metadata format version 9/],
    [Buffer.from('BookieMetadataFormatVersion\t3\n\x52\x08'), /version 3: .*exceeds/],
    [Buffer.from('BookieMetadataFormatVersion\t2\nquorumSize: 2\nbogus: 1\n'), /unknown field "bogus"/],
    [Buffer.from('BookieMetadataFormatVersion\t2\nquorumSize: 3\nensembleSize: 2\nlength: 0\nstate: OPEN\nsegment { ensembleMember: "a" firstEntryId: 0 }\n'), /ensembleSize >= writeQuorumSize/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => decodeLedgerMetadata(bytes, '/ledgers/00/0000/L0001'), (e) => {
      assert.ok(isQuireError(e, 'METADATA_CORRUPT'), String(e));
      assert.match(e.message, /\/ledgers\/00\/0000\/L0001/);
      assert.match(e.message, re);
      return true;
    });
  }
});

test('builder invariants', () => {
  const seg = [{ firstEntryId: 0n, bookies: ['a:1', 'b:1'] }];
  assert.throws(() => buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 3, segments: seg }), /ensembleSize >= writeQuorumSize/);
  assert.throws(() => buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 3, segments: seg }), /writeQuorumSize >= ackQuorumSize/);
  assert.throws(() => buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 2, segments: [] }), /at least one segment/);
  assert.throws(() => buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 2, segments: seg, state: 'CLOSED' }), /CLOSED ledger needs/);
  assert.throws(() => buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 2, segments: seg, digestType: 'CRC32' }), /together/);
  const open = buildLedgerMetadata({ ensembleSize: 2, writeQuorumSize: 2, segments: seg, lastEntryId: 5n, length: 10n });
  assert.equal(open.lastEntryId, -1n);
  assert.equal(open.length, 0n);
});
