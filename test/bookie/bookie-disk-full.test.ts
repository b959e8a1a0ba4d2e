// Full disks on a real, small file system: a 32 MiB tmpfs mounted by the test (root needed; the
// test fails, never skips, when it cannot mount), holding the bookie's journal and ledger
// directories, filled for real by the bookie's own adds and a filler file.
//  - usage above diskUsageThreshold: the bookie goes read-only (registration under
//    available/readonly, adds refused with EREADONLY, reads served); freed below
//    diskUsageLwmThreshold it is writable again.
//  - a journal that hits ENOSPC: the bookie turns read-only (never a writable bookie whose adds
//    all fail), and stays so until restarted.
//  - readOnlyModeEnabled=false: a full disk shuts the bookie down.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { diskUsageOf } from '../../bookie/disk/disk-checker.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';
import { dfUsage, fillTo, waitFor, withSmallFs } from './disk-test-support.js';

const KEY = Buffer.alloc(20, 3);

async function startOn(mnt: string, metadata: MetadataService, extra: Record<string, string>): Promise<RunningBookie> {
  const { config } = resolveBookieConfig(
    new Map(
      Object.entries({
        bookiePort: '0',
        journalDirectories: join(mnt, 'journal'),
        ledgerDirectories: join(mnt, 'ledgers'),
        journalPreAllocSizeMB: '1',
        journalMaxSizeMB: '4',
        entryLogSizeLimit: String(1024 * 1024),
        dbStorage_writeCacheMaxSizeMb: '2',
        flushInterval: '200',
        ...extra,
      }),
    ),
  );
  return startBookieService(config, rootLogger.child({ test: 'bookie-disk-full' }), { metadata, formatIfMissing: true });
}

async function addAll(c: WireClient, ledgerId: bigint, from: bigint, count: number, size: number): Promise<number[]> {
  const out: number[] = [];
  for (let e = from; e < from + BigInt(count); e++) {
    const r = await c.send(addReq(ledgerId, e, KEY, dummyEntry(ledgerId, e, e - 1n, Buffer.alloc(size, Number(e % 251n)))));
    out.push(r.status);
  }
  return out;
}

describe('bookie on a full disk (real tmpfs)', () => {
  test('above diskUsageThreshold: read-only (registration, EREADONLY, reads served); below the low-water mark: writable', async () => {
    await withSmallFs(async (mnt, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      const service = await startOn(mnt, metadata, { diskCheckInterval: '100', diskUsageThreshold: '0.8', diskUsageWarnThreshold: '0.75', diskUsageLwmThreshold: '0.6' });
      const c = await WireClient.connect(service.port);
      try {
        assert.deepEqual(await metadata.registration.getWritableBookies(), [service.bookieId]);
        // The bookie's own writes first: 4 MiB of entries, checkpointed into entry logs.
        assert.deepEqual(new Set(await addAll(c, 1n, 0n, 64, 64 * 1024)), new Set([StatusCode.EOK]));
        await service.bookie.checkpoint();
        const usage = () => dfUsage(mnt);
        const filler = join(mnt, 'filler');
        fillTo(filler, 0.86, usage);
        assert.ok((await diskUsageOf(mnt)).usage > 0.8);

        await waitFor(async () => (await metadata.registration.getReadOnlyBookies()).includes(service.bookieId), 'the bookie is registered read-only');
        assert.deepEqual(await metadata.registration.getWritableBookies(), []);
        assert.equal(service.bookie.isReadOnly, true);
        assert.deepEqual(service.state.readOnlyReasons, ['disk-full']);
        assert.deepEqual(await addAll(c, 1n, 64n, 1, 1024), [StatusCode.EREADONLY]);
        const r = await c.send(readReq(1n, 10n));
        assert.equal(r.status, StatusCode.EOK);
        assert.deepEqual(r.readResponse?.body, dummyEntry(1n, 10n, 9n, Buffer.alloc(64 * 1024, 10)));

        // Freeing a little (still above the low-water mark) is not enough: no flapping.
        fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - 2 * 1024 * 1024));
        assert.ok((await diskUsageOf(mnt)).usage > 0.6);
        await service.dirs.check();
        assert.equal(service.bookie.isReadOnly, true);

        fs.rmSync(filler);
        await waitFor(async () => (await metadata.registration.getWritableBookies()).includes(service.bookieId), 'the bookie is registered writable again');
        assert.deepEqual(await metadata.registration.getReadOnlyBookies(), []);
        assert.deepEqual(await addAll(c, 1n, 64n, 4, 1024), [StatusCode.EOK, StatusCode.EOK, StatusCode.EOK, StatusCode.EOK]);
      } finally {
        c.close();
        await service.stop();
        await metadata.close();
      }
    });
  });

  test('journal ENOSPC: the bookie turns read-only and stays so; reads still served', async () => {
    await withSmallFs(async (mnt, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      // The disk checker must not see it first: the journal's own write is what fails.
      const service = await startOn(mnt, metadata, { diskCheckInterval: '3600000', flushInterval: '3600000', dbStorage_writeCacheMaxSizeMb: '64' });
      const c = await WireClient.connect(service.port);
      try {
        assert.deepEqual(await addAll(c, 7n, 0n, 4, 1024), [StatusCode.EOK, StatusCode.EOK, StatusCode.EOK, StatusCode.EOK]);
        fillTo(join(mnt, 'filler'), 1.01, () => 0);
        // Adds until the journal runs out of space: each fails with EIO (that add) or EREADONLY
        // (the bookie already read-only); never does the bookie stay writable with failing adds.
        const statuses: number[] = [];
        for (let e = 4n; e < 4n + 400n; e++) {
          const [s] = await addAll(c, 7n, e, 1, 64 * 1024);
          statuses.push(s!);
          if (s !== StatusCode.EOK) break;
        }
        const last = statuses[statuses.length - 1];
        assert.ok(last === StatusCode.EIO || last === StatusCode.EREADONLY, `statuses: ${statuses.join(',')}`);
        await waitFor(async () => (await metadata.registration.getReadOnlyBookies()).includes(service.bookieId), 'the bookie is registered read-only');
        assert.ok(service.state.readOnlyReasons.includes('journal-failed'), String(service.state.readOnlyReasons));
        assert.deepEqual(await addAll(c, 7n, 1000n, 1, 10), [StatusCode.EREADONLY]);
        const r = await c.send(readReq(7n, 1n));
        assert.equal(r.status, StatusCode.EOK);
        // Space back: the failed journal keeps the bookie read-only until it is restarted.
        fs.rmSync(join(mnt, 'filler'));
        await service.dirs.check();
        assert.equal(service.bookie.isReadOnly, true);
        assert.deepEqual(await addAll(c, 7n, 1001n, 1, 10), [StatusCode.EREADONLY]);
      } finally {
        c.close();
        await service.stop();
        await metadata.close();
      }
    });
  });

  test('readOnlyModeEnabled=false: a full disk shuts the bookie down', async () => {
    await withSmallFs(async (mnt, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      const service = await startOn(mnt, metadata, { diskCheckInterval: '100', diskUsageThreshold: '0.5', diskUsageWarnThreshold: '0.4', diskUsageLwmThreshold: '0.4', readOnlyModeEnabled: 'false' });
      try {
        assert.deepEqual(await metadata.registration.getWritableBookies(), [service.bookieId]);
        fillTo(join(mnt, 'filler'), 0.6, () => dfUsage(mnt));
        const reason = await service.terminated;
        assert.match(reason, /^disk-full/);
        assert.deepEqual(await metadata.registration.getWritableBookies(), []);
        assert.deepEqual(await metadata.registration.getReadOnlyBookies(), []);
      } finally {
        await service.stop();
        await metadata.close();
      }
    });
  });
});
