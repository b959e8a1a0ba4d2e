// The copier's error rule: an entry no source has is NO_SUCH_ENTRY; a source that failed to answer
// surfaces its own error (an I/O error never becomes "no such entry"); a failed source is skipped
// when another gives the entry. The bookie client below only injects those faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuireError } from '../../../common/errors.js';
import type { BookieClient } from '../bookie-client/bookie-client.js';
import { createDigestManager, parseDigestType } from '../digest/digest-manager.js';
import { wrapEntry } from '../digest/entry-format.js';
import { copyEntries } from './fragment-copier.js';

const password = Buffer.from('pw');
const digest = createDigestManager(parseDigestType('CRC32C'), password);
const stored = (entryId: bigint) => wrapEntry(digest, { ledgerId: 7n, entryId, lastAddConfirmed: entryId - 1n, length: 3n * (entryId + 1n), payload: Buffer.from('abc') });

/** Each source answers per `answers[source]`: 'ok', or the error code it fails with. */
function bookies(answers: Record<string, 'ok' | 'NO_SUCH_ENTRY' | 'IO_ERROR'>, added: string[]): BookieClient {
  return {
    readEntry: async (bookie: string, _ledgerId: bigint, entryId: bigint) => {
      const a = answers[bookie];
      if (a === 'ok') return { entry: stored(entryId) };
      throw new QuireError(a ?? 'BOOKIE_UNAVAILABLE', `${bookie} fails`);
    },
    addEntry: async (bookie: string, _ledgerId: bigint, entryId: bigint) => {
      added.push(`${bookie}:${entryId}`);
    },
  } as unknown as BookieClient;
}

const copy = (answers: Record<string, 'ok' | 'NO_SUCH_ENTRY' | 'IO_ERROR'>, added: string[]) =>
  copyEntries({ bookies: bookies(answers, added), ledgerId: 7n, metadata: { password, digestType: 'CRC32C' }, entries: [0n, 1n], sourcesOf: () => ['a', 'b'], target: 't', batchSize: 2 });

test('copies from the next source when the first fails', async () => {
  const added: string[] = [];
  assert.deepEqual(await copy({ a: 'IO_ERROR', b: 'ok' }, added), { entries: 2, bytes: 2 * stored(0n).length });
  assert.deepEqual(added.sort(), ['t:0', 't:1']);
});

test('an entry every source lacks is NO_SUCH_ENTRY', async () => {
  await assert.rejects(copy({ a: 'NO_SUCH_ENTRY', b: 'NO_SUCH_ENTRY' }, []), (e: unknown) => e instanceof QuireError && e.code === 'NO_SUCH_ENTRY');
});

test('a source that could not answer surfaces its error, never NO_SUCH_ENTRY', async () => {
  const added: string[] = [];
  await assert.rejects(copy({ a: 'NO_SUCH_ENTRY', b: 'IO_ERROR' }, added), (e: unknown) => e instanceof QuireError && e.code === 'IO_ERROR');
  assert.deepEqual(added, [], 'nothing was written');
});
