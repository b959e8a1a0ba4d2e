// Two journalDirectories on two real, small file systems (32 MiB tmpfs each, mounted by the test;
// root needed, the test fails rather than skips without it). The first also holds the ledger
// directory. Each ledger is bound to one journal (signSafeMod(ledgerId, 2)), so the other journal
// cannot take its writes: when the second journal's disk crosses diskUsageThreshold the whole
// bookie goes read-only (registered under available/readonly, EREADONLY for ledgers of both
// journals, reads served) and comes back below the low-water mark; when that journal hits ENOSPC
// itself, the bookie turns read-only (journal-failed) and stays so until restarted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { signSafeMod } from '../../bookie/journal/journal-list.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';
import { dfUsage, fillTo, waitFor, withSmallFileSystems } from './disk-test-support.js';

const KEY = Buffer.alloc(20, 3);
/** Ledger 2 is journal 0's (on mnt0), ledger 1 journal 1's (on mnt1). */
const L0 = 2n;
const L1 = 1n;

async function startOn(mnts: string[], metadata: MetadataService, extra: Record<string, string>): Promise<RunningBookie> {
  const { config } = resolveBookieConfig(
    new Map(
      Object.entries({
        bookiePort: '0',
        journalDirectories: mnts.map((m) => join(m, 'journal')).join(','),
        ledgerDirectories: join(mnts[0]!, 'ledgers'),
        journalPreAllocSizeMB: '1',
        journalMaxSizeMB: '4',
        entryLogSizeLimit: String(1024 * 1024),
        dbStorage_writeCacheMaxSizeMb: '2',
        flushInterval: '200',
        ...extra,
      }),
    ),
  );
  return startBookieService(config, rootLogger.child({ test: 'bookie-journal-dirs' }), { metadata, formatIfMissing: true });
}

const body = (l: bigint, e: bigint, size: number): Buffer => dummyEntry(l, e, e - 1n, Buffer.alloc(size, Number(e % 251n)));

async function add(c: WireClient, l: bigint, e: bigint, size = 1024): Promise<number> {
  return (await c.send(addReq(l, e, KEY, body(l, e, size)))).status;
}

const segmentsIn = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.endsWith('.txn'));

describe('two journal directories on full disks (real tmpfs)', () => {
  test('one journal directory above diskUsageThreshold: the bookie is read-only for every ledger; below the low-water mark: writable', async () => {
    assert.equal(signSafeMod(L0, 2), 0);
    assert.equal(signSafeMod(L1, 2), 1);
    await withSmallFileSystems(2, async (mnts, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      const service = await startOn(mnts, metadata, { diskCheckInterval: '100', diskUsageThreshold: '0.8', diskUsageWarnThreshold: '0.75', diskUsageLwmThreshold: '0.6' });
      const c = await WireClient.connect(service.port);
      try {
        for (let e = 0n; e < 8n; e++) {
          assert.equal(await add(c, L0, e), StatusCode.EOK);
          assert.equal(await add(c, L1, e), StatusCode.EOK);
        }
        assert.ok(segmentsIn(join(mnts[0]!, 'journal')).length > 0 && segmentsIn(join(mnts[1]!, 'journal')).length > 0, 'a journal in each directory');
        assert.ok(service.bookie.stats.journals.every((s) => s.records > 0), 'both journals took records');

        const filler = join(mnts[1]!, 'filler');
        fillTo(filler, 0.86, () => dfUsage(mnts[1]!));
        await waitFor(async () => (await metadata.registration.getReadOnlyBookies()).includes(service.bookieId), 'the bookie is registered read-only');
        assert.deepEqual(service.state.readOnlyReasons, ['disk-full']);
        assert.match(service.dirs.spaceState.reason, /journal/);
        // Journal 0 has room, but the bookie as a whole refuses adds (clients change ensemble).
        assert.equal(await add(c, L0, 8n), StatusCode.EREADONLY);
        assert.equal(await add(c, L1, 8n), StatusCode.EREADONLY);
        for (const l of [L0, L1]) {
          const r = await c.send(readReq(l, 5n));
          assert.equal(r.status, StatusCode.EOK);
          assert.deepEqual(r.readResponse?.body, body(l, 5n, 1024));
        }

        // Freed a little (still above the low-water mark): still read-only, no flapping.
        fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - 2 * 1024 * 1024));
        assert.ok(dfUsage(mnts[1]!) > 0.6);
        await service.dirs.check();
        assert.equal(service.bookie.isReadOnly, true);

        fs.rmSync(filler);
        await waitFor(async () => (await metadata.registration.getWritableBookies()).includes(service.bookieId), 'the bookie is registered writable again');
        assert.equal(await add(c, L0, 8n), StatusCode.EOK);
        assert.equal(await add(c, L1, 8n), StatusCode.EOK);
      } finally {
        c.close();
        await service.stop();
        await metadata.close();
      }
    });
  });

  test('ENOSPC in one journal: the bookie turns read-only (journal-failed); the other journal\'s entries and all acked ones are served, and survive a restart', async () => {
    await withSmallFileSystems(2, async (mnts, scratch) => {
      const metadata = await openMetadataService(`embedded://${join(scratch, 'metadata')}`);
      // The disk checker must not see it first: journal 1's own write is what fails.
      // A fixed bookie id: the restart binds another port, and the cookie names the bookie.
      const quiet = { diskCheckInterval: '3600000', flushInterval: '3600000', dbStorage_writeCacheMaxSizeMb: '64', bookieId: 'journal-dirs-bookie' };
      let service = await startOn(mnts, metadata, quiet);
      let c = await WireClient.connect(service.port);
      const acked = new Map<bigint, bigint>([[L0, -1n], [L1, -1n]]);
      try {
        fillTo(join(mnts[1]!, 'filler'), 1.01, () => 0);
        // Alternate the two ledgers until journal 1 runs out of space.
        let last: number = StatusCode.EOK;
        for (let e = 0n; e < 400n && last === StatusCode.EOK; e++) {
          for (const l of [L0, L1]) {
            last = await add(c, l, e, 64 * 1024);
            if (last !== StatusCode.EOK) break;
            acked.set(l, e);
          }
        }
        assert.ok(last === StatusCode.EIO || last === StatusCode.EREADONLY, `last status ${last}`);
        await waitFor(async () => (await metadata.registration.getReadOnlyBookies()).includes(service.bookieId), 'the bookie is registered read-only');
        assert.ok(service.state.readOnlyReasons.includes('journal-failed'), String(service.state.readOnlyReasons));
        assert.equal(await add(c, L0, 1000n, 10), StatusCode.EREADONLY);
        for (const [l, upTo] of acked) {
          for (let e = 0n; e <= upTo; e += 3n) {
            const r = await c.send(readReq(l, e));
            assert.equal(r.status, StatusCode.EOK, `read ${l}/${e}`);
          }
        }
        // Space back: still read-only until restarted (a failed journal never comes back by itself).
        fs.rmSync(join(mnts[1]!, 'filler'));
        await service.dirs.check();
        assert.equal(service.bookie.isReadOnly, true);
        c.close();
        await service.stop();

        // Restart: both journals replay; every acked entry is there and the bookie is writable.
        service = await startOn(mnts, metadata, quiet);
        c = await WireClient.connect(service.port);
        assert.equal(service.bookie.isReadOnly, false);
        for (const [l, upTo] of acked) {
          assert.ok(upTo >= 0n, `ledger ${l} had acked adds`);
          for (let e = 0n; e <= upTo; e++) {
            const r = await c.send(readReq(l, e));
            assert.equal(r.status, StatusCode.EOK, `after restart: read ${l}/${e}`);
            assert.deepEqual(r.readResponse?.body, body(l, e, 64 * 1024));
          }
        }
        assert.equal(await add(c, L1, 1000n, 10), StatusCode.EOK);
      } finally {
        c.close();
        await service.stop();
        await metadata.close();
      }
    });
  });
});
