// The bookie's HTTP admin API over real HTTP: a bookie with the embedded metadata store, a ledger
// written through the quorum client, and every endpoint asked with BookKeeper's paths, methods and
// parameters; where BookKeeper's services name JSON fields, those fields are checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { bookieAdminClient } from '../../cli/bookie-admin-client.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { waitFor } from './disk-test-support.js';

interface Reply {
  status: number;
  text: string;
  json: () => unknown;
}

async function call(port: number, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

describe('bookie HTTP admin API', () => {
  let dir: string;
  let metadata: MetadataService;
  let service: RunningBookie;
  let bk: BookKeeperClient;
  let port: number;
  let ledgerId: bigint;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-admin-'));
    metadata = await openMetadataService(`embedded://${join(dir, 'metadata')}`);
    const { config } = resolveBookieConfig(
      new Map(
        Object.entries({
          bookiePort: '0',
          httpServerEnabled: 'true',
          httpServerPort: '0',
          journalDirectories: `${join(dir, 'journal-a')},${join(dir, 'journal-b')}`,
          ledgerDirectories: `${join(dir, 'ledgers-a')},${join(dir, 'ledgers-b')}`,
          diskCheckInterval: '60000',
        }),
      ),
    );
    service = await startBookieService(config, rootLogger.child({ test: 'bookie-http-admin' }), { metadata, formatIfMissing: true, clusterClient: bookieAdminClient });
    port = service.httpPort!;
    bk = await createBookKeeperClient({ metadataService: metadata });
    const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, password: 'pw', digestType: 'CRC32C' });
    ledgerId = w.ledgerId;
    for (let i = 0; i < 5; i++) await w.append(Buffer.from(`entry-${i}`));
    await w.close();
  });

  after(async () => {
    await bk?.close();
    await service?.stop();
    await metadata?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/heartbeat and /metrics (BookKeeper metric names, latency histograms)', async () => {
    const hb = await call(port, 'GET', '/heartbeat');
    assert.equal(hb.status, 200);
    assert.match(hb.text, /^OK/);
    const m = await call(port, 'GET', '/metrics');
    assert.equal(m.status, 200);
    for (const name of ['bookie_BOOKIE_ADD_ENTRY', 'bookkeeper_server_ADD_ENTRY', 'bookie_journal_JOURNAL_ADD_ENTRY', 'bookie_journal_JOURNAL_SYNC', 'bookie_BOOKIE_READ_ENTRY']) {
      assert.match(m.text, new RegExp(`^# TYPE ${name} histogram$`, 'm'), name);
    }
    // Five adds went through: the add histogram counted them (as successes), and each was fsync'd.
    const count = /^bookie_BOOKIE_ADD_ENTRY_count\{success="true"\} (\d+)$/m.exec(m.text);
    assert.ok(count && Number(count[1]) >= 5, m.text.slice(0, 2000));
    const syncs = /^bookie_journal_JOURNAL_SYNC_count\{success="true"\} (\d+)$/m.exec(m.text);
    assert.ok(syncs && Number(syncs[1]) >= 1);
    assert.match(m.text, /^bookkeeper_server_SERVER_STATUS 1$/m);
    assert.match(m.text, /^bookie_ledger_num_dirs 2$/m);
    assert.match(m.text, /^bookie_ledger_writable_dirs 2$/m);
    assert.match(m.text, /^quire_bookie_journal_fsyncs_total \d+$/m);
  });

  test('/metrics: the add path latency breakdown (queue, write, fdatasync, write cache, reply write, group size)', async () => {
    const m = await call(port, 'GET', '/metrics');
    const count = (name: string): number => {
      const r = new RegExp(`^${name}_count\\{success="true"\\} (\\d+)$`, 'm').exec(m.text);
      assert.ok(r, `${name} missing from /metrics`);
      assert.match(m.text, new RegExp(`^# TYPE ${name} histogram$`, 'm'), name);
      return Number(r[1]);
    };
    // Five entries were added: each waited in the journal queue and went into the write cache.
    assert.ok(count('bookie_journal_JOURNAL_QUEUE_LATENCY') >= 5);
    assert.ok(count('bookie_add_entry') >= 5);
    // At least one group write, one fdatasync group, one reply write.
    assert.ok(count('bookie_journal_JOURNAL_FLUSH_LATENCY') >= 1);
    assert.ok(count('bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES') >= 1);
    assert.ok(count('bookie_journal_JOURNAL_FORCE_WRITE_BATCH_BYTES') >= 1);
    assert.ok(count('bookkeeper_server_CHANNEL_WRITE') >= 1);
    assert.ok(count('bookkeeper_server_CHANNEL_WRITE_REPLIES') >= 1);
    // The group-commit sizes add up to at least the five entries (master-key records come on top).
    const entries = /^bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES_sum\{success="true"\} (\d+)$/m.exec(m.text);
    assert.ok(entries && Number(entries[1]) >= 5, m.text);
    // Buckets are cumulative and end at the count.
    const inf = /^bookie_journal_JOURNAL_QUEUE_LATENCY_bucket\{success="true",le="\+Inf"\} (\d+)$/m.exec(m.text);
    assert.equal(Number(inf?.[1]), count('bookie_journal_JOURNAL_QUEUE_LATENCY'));
  });

  test('config/server_config: every key as a string', async () => {
    const r = await call(port, 'GET', '/api/v1/config/server_config');
    assert.equal(r.status, 200);
    const c = r.json() as Record<string, string>;
    assert.equal(c.httpServerEnabled, 'true');
    assert.equal(c.diskUsageThreshold, '0.95');
    assert.equal(c.ledgerDirectories, `${join(dir, 'ledgers-a')},${join(dir, 'ledgers-b')}`);
    assert.equal((await call(port, 'PUT', '/api/v1/config/server_config', { a: 1 })).status, 404);
  });

  test('ledger/list, ledger/metadata (LedgerMetadataImpl fields), ledger/read', async () => {
    const list = await call(port, 'GET', '/api/v1/ledger/list');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json(), { [ledgerId.toString()]: null });
    const withMeta = (await call(port, 'GET', '/api/v1/ledger/list?print_metadata=true&decode_meta=true')).json() as Record<string, Record<string, unknown>>;
    assert.equal(withMeta[ledgerId.toString()]!.ensembleSize, 1);
    const page2 = (await call(port, 'GET', '/api/v1/ledger/list?print_metadata=true&page=2')).json();
    assert.deepEqual(page2, {}, 'one ledger: page 2 is empty');
    const encoded = (await call(port, 'GET', '/api/v1/ledger/list?print_metadata=true')).json() as Record<string, unknown>;
    assert.equal(typeof encoded[ledgerId.toString()], 'string');

    const md = await call(port, 'GET', `/api/v1/ledger/metadata?ledger_id=${ledgerId}`);
    assert.equal(md.status, 200);
    const m = (md.json() as Record<string, Record<string, unknown>>)[ledgerId.toString()]!;
    for (const f of ['metadataFormatVersion', 'ensembleSize', 'writeQuorumSize', 'ackQuorumSize', 'lastEntryId', 'length', 'digestType', 'password', 'ctime', 'state', 'closed', 'customMetadata', 'allEnsembles']) {
      assert.ok(f in m, `metadata field ${f}`);
    }
    assert.equal(m.state, 'CLOSED');
    assert.equal(m.closed, true);
    assert.equal(m.lastEntryId, 4);
    assert.equal(m.digestType, 'CRC32C');
    assert.deepEqual(m.allEnsembles, { '0': [service.bookieId] });
    assert.equal((await call(port, 'GET', '/api/v1/ledger/metadata')).status, 404, 'ledger_id is required');

    const all = await call(port, 'GET', `/api/v1/ledger/read?ledger_id=${ledgerId}`);
    assert.equal(all.status, 200);
    assert.deepEqual(all.json(), { '0': 'entry-0', '1': 'entry-1', '2': 'entry-2', '3': 'entry-3', '4': 'entry-4' });
    const some = await call(port, 'GET', `/api/v1/ledger/read?ledger_id=${ledgerId}&start_entry_id=1&end_entry_id=2`);
    assert.deepEqual(some.json(), { '1': 'entry-1', '2': 'entry-2' });
    const paged = (await call(port, 'GET', `/api/v1/ledger/read?ledger_id=${ledgerId}&page=1`)).json() as Record<string, string>;
    assert.equal(paged['Entries for page: '], '1');
    assert.equal(paged['4'], 'entry-4');
    assert.equal((await call(port, 'GET', `/api/v1/ledger/read?ledger_id=${ledgerId}&start_entry_id=3&end_entry_id=1`)).status, 500);
  });

  test('bookie/info, list_bookies, list_bookie_info, cluster_info', async () => {
    const info = (await call(port, 'GET', '/api/v1/bookie/info')).json() as { freeSpace: number; totalSpace: number };
    assert.ok(info.totalSpace > 0 && info.freeSpace > 0 && info.freeSpace <= info.totalSpace, JSON.stringify(info));

    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/list_bookies')).json(), { [service.bookieId]: null });
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/list_bookies?type=rw&print_hostnames=true')).json(), { [service.bookieId]: '127.0.0.1' });
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/list_bookies?type=ro')).json(), {});

    const li = (await call(port, 'GET', '/api/v1/bookie/list_bookie_info')).json() as Record<string, string>;
    assert.match(li[service.bookieId]!, /^: \{Free: \d+\(\d+(\.\d+)?[KMGT]B\), Total: \d+\(\d+(\.\d+)?[KMGT]B\)\},$/);
    assert.match(li['ClusterInfo: ']!, /^\{Free: \d+/);

    const ci = (await call(port, 'GET', '/api/v1/bookie/cluster_info')).json();
    assert.deepEqual(ci, {
      auditorElected: false,
      auditorId: '',
      clusterUnderReplicated: false,
      // No auditor runs here, but auto-recovery is enabled until someone disables it (as in BookKeeper).
      ledgerReplicationEnabled: true,
      totalBookiesCount: 1,
      writableBookiesCount: 1,
      readonlyBookiesCount: 0,
      unavailableBookiesCount: 0,
    });
  });

  test('bookie/last_log_mark and bookie/list_disk_file', async () => {
    await service.bookie.checkpoint();
    const mark = (await call(port, 'GET', '/api/v1/bookie/last_log_mark')).json() as Record<string, string>;
    // One entry per journal directory; a segment id both journals have gets the directory appended.
    assert.equal(Object.keys(mark).length, 2, JSON.stringify(mark));
    for (const [k, v] of Object.entries(mark)) {
      assert.match(k, /^LastLogMark: Journal Id - \d+\([0-9a-f]{16}\.txn\)( in .+journal-b)?$/);
      assert.match(v, /^Pos - \d+$/);
    }

    const files = (await call(port, 'GET', '/api/v1/bookie/list_disk_file')).json() as Record<string, string>;
    assert.deepEqual(Object.keys(files).sort(), ['entrylog files', 'index files', 'journal files']);
    assert.match(files['journal files']!, /^([0-9a-f]{16}\.txn\t)+$/);
    assert.match(files['entrylog files']!, /^([0-9a-f]{16}\.log\t)+$/);
    const journalOnly = (await call(port, 'GET', '/api/v1/bookie/list_disk_file?file_type=journal')).json();
    assert.deepEqual(Object.keys(journalOnly as object), ['journal files']);
  });

  test('bookie/state, is_ready, state/readonly (PUT moves the registration and refuses adds), sanity', async () => {
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/state')).json(), {
      running: true,
      readOnly: false,
      shuttingDown: false,
      availableForHighPriorityWrites: true,
      readOnlyReasons: [],
    });
    const ready = await call(port, 'GET', '/api/v1/bookie/is_ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.text, 'OK');

    const sanity = await call(port, 'GET', '/api/v1/bookie/sanity');
    assert.equal(sanity.status, 200);
    assert.deepEqual(sanity.json(), { passed: true, readOnly: false });

    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/state/readonly')).json(), { readOnly: false });
    assert.deepEqual((await call(port, 'PUT', '/api/v1/bookie/state/readonly', { readOnly: true })).json(), { readOnly: true });
    await waitFor(async () => (await metadata.registration.getReadOnlyBookies()).includes(service.bookieId), 'registered read-only');
    assert.deepEqual(await metadata.registration.getWritableBookies(), []);
    await assert.rejects(bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, password: 'pw' }), { code: 'NOT_ENOUGH_BOOKIES' });
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/list_bookies?type=ro')).json(), { [service.bookieId]: null });
    // Reads are still served.
    const read = (await call(port, 'GET', `/api/v1/ledger/read?ledger_id=${ledgerId}&start_entry_id=0&end_entry_id=0`)).json();
    assert.deepEqual(read, { '0': 'entry-0' });
    assert.equal((await call(port, 'PUT', '/api/v1/bookie/state/readonly', 'not json')).status, 400);

    assert.deepEqual((await call(port, 'PUT', '/api/v1/bookie/state/readonly', { readOnly: false })).json(), { readOnly: false });
    await waitFor(async () => (await metadata.registration.getWritableBookies()).includes(service.bookieId), 'registered writable');
    assert.deepEqual(await metadata.registration.getReadOnlyBookies(), []);
  });

  test('ledger/delete removes the metadata (DELETE only)', async () => {
    const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, password: 'pw' });
    await w.close();
    assert.equal((await call(port, 'GET', `/api/v1/ledger/delete?ledger_id=${w.ledgerId}`)).status, 404);
    const d = await call(port, 'DELETE', `/api/v1/ledger/delete?ledger_id=${w.ledgerId}`);
    assert.equal(d.status, 200);
    assert.equal(d.json(), `Deleted ledger: ${w.ledgerId}`);
    assert.equal(await metadata.ledgers.exists(w.ledgerId), false);
    assert.equal((await call(port, 'DELETE', '/api/v1/ledger/delete')).status, 404);
  });

  test('GC endpoints drive the bookie garbage collector', async () => {
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/gc')).json(), { is_in_force_gc: 'false' });
    const put = await call(port, 'PUT', '/api/v1/bookie/gc', { forceMajor: true, forceMinor: true });
    assert.equal(put.status, 200);
    assert.equal(put.json(), `Triggered GC on BookieServer: ${service.bookieId}`);
    const details = (await call(port, 'GET', '/api/v1/bookie/gc_details')).json() as Record<string, unknown>[];
    assert.ok(details.length >= 1);
    for (const f of ['forceCompacting', 'majorCompacting', 'minorCompacting', 'lastMajorCompactionTime', 'lastMinorCompactionTime', 'majorCompactionCounter', 'minorCompactionCounter']) assert.ok(f in details[0]!, f);
    await call(port, 'PUT', '/api/v1/bookie/gc/suspend_compaction', { suspendMajor: true });
    assert.deepEqual((await call(port, 'GET', '/api/v1/bookie/gc/suspend_compaction')).json(), { isMajorGcSuspended: 'true', isMinorGcSuspended: 'false' });
    assert.equal(service.gc.isMajorGcSuspended, true);
    await call(port, 'PUT', '/api/v1/bookie/gc/resume_compaction', { resumeMajor: true });
    assert.equal(service.gc.isMajorGcSuspended, false);
    const m = await call(port, 'GET', '/metrics');
    assert.match(m.text, /^bookie_MAJOR_COMPACTION_TOTAL \d+$/m);
  });

  test('unknown paths are 404', async () => {
    assert.equal((await call(port, 'GET', '/api/v1/bookie/nope')).status, 404);
  });
});
