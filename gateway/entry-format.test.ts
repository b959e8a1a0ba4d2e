import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../common/errors.js';
import { buildLedgerMetadata } from '../metadata/ledger-metadata.js';
import { decodeEnvelope } from './entry-envelope.js';
import { entryFormatMetadata, entryFormatOf, PAYLOAD_LENGTH_METADATA_KEY, recordedPayloadLength, sealResultOf, storedEntry } from './entry-format.js';

const closed = (customMetadata: Record<string, string>) =>
  buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, state: 'CLOSED', lastEntryId: 2n, length: 40n, segments: [{ firstEntryId: 0n, bookies: ['b:3181'] }], customMetadata });

describe('entry format', () => {
  test('recorded as quire.envelope 0/1; no key (another client) is RAW; an unknown value is refused', () => {
    assert.deepEqual(entryFormatMetadata('RAW'), { 'quire.envelope': '0' });
    assert.deepEqual(entryFormatMetadata('ENVELOPE'), { 'quire.envelope': '1' });
    assert.equal(entryFormatOf(closed({})), 'RAW');
    assert.equal(entryFormatOf(closed({ 'quire.envelope': '0' })), 'RAW');
    assert.equal(entryFormatOf(closed({ 'quire.envelope': '1' })), 'ENVELOPE');
    assert.throws(() => entryFormatOf(closed({ 'quire.envelope': '2' })), (e) => isQuireError(e, 'METADATA_CORRUPT'));
  });

  test('RAW stores the payload itself; ENVELOPE frames it', () => {
    const p = Buffer.from('hello 1');
    assert.equal(storedEntry('RAW', p), p);
    assert.deepEqual(storedEntry('ENVELOPE', p), Buffer.concat([Buffer.from([1, 0]), p]));
    assert.deepEqual(decodeEnvelope(storedEntry('ENVELOPE', p, { producerId: 'a', sequence: 5n })), { producerId: 'a', sequence: 5n, payload: p });
  });

  test('payload length: RAW = stored length; ENVELOPE only when its owner recorded it at the seal', () => {
    assert.equal(recordedPayloadLength(closed({})), 40n);
    assert.equal(recordedPayloadLength(closed({ 'quire.envelope': '1' })), undefined);
    assert.equal(recordedPayloadLength(closed({ 'quire.envelope': '1', [PAYLOAD_LENGTH_METADATA_KEY]: '21' })), 21n);
    assert.equal(recordedPayloadLength(closed({ 'quire.envelope': '1', [PAYLOAD_LENGTH_METADATA_KEY]: '-4' })), undefined);
    assert.deepEqual(sealResultOf(7n, closed({ 'quire.envelope': '1' })), { ledgerId: 7n, lastEntryId: 2n, storedLength: 40n });
    assert.deepEqual(sealResultOf(7n, closed({})), { ledgerId: 7n, lastEntryId: 2n, storedLength: 40n, payloadLength: 40n });
  });
});
