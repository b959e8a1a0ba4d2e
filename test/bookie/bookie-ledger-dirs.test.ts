// Several ledgerDirectories on real, small file systems (two 32 MiB tmpfs mounted by the test;
// root needed, the test fails rather than skips without it): entry logs spread over both; a full
// directory is skipped while the other has room (the bookie stays writable); both full → read-only;
// space freed → writable again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';
import { dfUsage, fillTo, waitFor, withSmallFileSystems } from './disk-test-support.js';

const KEY = Buffer.alloc(20, 3);
const SIZE = 64 * 1024;

async function startOn(mnts: string[], metadata: MetadataService): Promise<RunningBookie> {
  const { config } = resolveBookieConfig(
    new Map(
      Object.entries({
        bookiePort: '0',
        journalDirectories: join(mnts[0]!, 'journal'),
        ledgerDirectories: mnts.map((m) => join(m, 'ledgers')).join(','),
        journalPreAllocSizeMB: '1',
        journalMaxSizeMB: '4',
        entryLogSizeLimit: String(1024 * 1024),
        dbStorage_writeCacheMaxSizeMb: '2',
        flushInterval: '200',
        diskCheckInterval: '100',
        diskUsageThreshold: '0.8',
        diskUsageWarnThreshold: '0.75',
        diskUsageLwmThreshold: '0.6',
      }),
    ),
  );
  return startBookieService(config, rootLogger.child({ test: 'bookie-ledger-dirs' }), { metadata, formatIfMissing: true });
}

const body = (e: bigint): Buffer => dummyEntry(1n, e, e - 1n, Buffer.alloc(SIZE, Number(e % 251n)));

async function addAll(c: WireClient, from: bigint, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let e = from; e < from + BigInt(count); e++) out.push((await c.send(addReq(1n, e, KEY, body(e)))).status);
  return out;
}

const logsIn = (dir: string): string[] => fs.readdirSync(dir).filter((n) => /^[0-9a-f]{16}\.log$/.test(n)).sort();

describe('several ledger directories (real tmpfs)', () => {
  test('entry logs land in both; a full directory is skipped and adds go on; both full: read-only; freed: writable', async () => {
    await withSmallFileSystems(2, async (mnts, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      const service = await startOn(mnts, metadata);
      const [d0, d1] = mnts.map((m) => join(m, 'ledgers')) as [string, string];
      const c = await WireClient.connect(service.port);
      try {
        assert.deepEqual(new Set(await addAll(c, 0n, 64)), new Set([StatusCode.EOK]));
        await service.bookie.checkpoint();
        assert.ok(logsIn(d0).length > 0 && logsIn(d1).length > 0, `logs in both dirs: ${logsIn(d0)} | ${logsIn(d1)}`);
        const ids = [...logsIn(d0), ...logsIn(d1)];
        assert.equal(new Set(ids).size, ids.length, 'entry log ids are global');

        // Fill the second directory's disk for real: it is skipped, the bookie stays writable.
        const filler1 = join(mnts[1]!, 'filler');
        fillTo(filler1, 0.86, () => dfUsage(mnts[1]!));
        await waitFor(() => service.dirs.writableDirs('ledger').length === 1, 'the full ledger directory is skipped');
        assert.deepEqual(service.dirs.writableDirs('ledger'), [d0]);
        assert.equal(service.bookie.isReadOnly, false);
        const before1 = logsIn(d1);
        assert.deepEqual(new Set(await addAll(c, 64n, 48)), new Set([StatusCode.EOK]));
        await service.bookie.checkpoint();
        assert.deepEqual(logsIn(d1), before1, 'no new entry log in the full directory');
        assert.equal(service.bookie.isReadOnly, false);
        for (let e = 0n; e < 112n; e += 7n) {
          const r = await c.send(readReq(1n, e));
          assert.equal(r.status, StatusCode.EOK);
          assert.deepEqual(r.readResponse?.body, body(e));
        }

        // Both full: read-only; reads still served.
        const filler0 = join(mnts[0]!, 'filler');
        fillTo(filler0, 0.86, () => dfUsage(mnts[0]!));
        await waitFor(() => service.bookie.isReadOnly, 'the bookie is read-only with every ledger directory full');
        assert.deepEqual(await addAll(c, 112n, 1), [StatusCode.EREADONLY]);
        assert.equal((await c.send(readReq(1n, 100n))).status, StatusCode.EOK);

        fs.rmSync(filler0);
        fs.rmSync(filler1);
        await waitFor(() => !service.bookie.isReadOnly, 'the bookie is writable again');
        assert.deepEqual(await addAll(c, 112n, 2), [StatusCode.EOK, StatusCode.EOK]);
      } finally {
        c.close();
        await service.stop();
        await metadata.close();
      }
    });
  });
});
