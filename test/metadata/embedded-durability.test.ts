// The embedded store across restarts: persistent nodes and sequence counters survive, ephemeral
// nodes do not; a torn last record is dropped; damage elsewhere is METADATA_CORRUPT; compaction
// into a snapshot keeps everything; a second process cannot open the directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../../common/errors.js';
import { EmbeddedStore, openEmbeddedDatabases } from '../../metadata/drivers/embedded/embedded-store.js';
import { encodeRecord } from '../../metadata/drivers/embedded/mutation-log.js';
import { formatCluster } from '../../metadata/cluster-layout.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata } from '../../metadata/ledger-metadata.js';

const md = buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['a:1'] }], digestType: 'CRC32C', password: Buffer.alloc(0) });

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'quire-md-durable-'));
}

test('persistent state and id counters survive a restart; ephemeral nodes do not', async () => {
  const dir = tempDir();
  try {
    let s = await EmbeddedStore.open(dir);
    await formatCluster(s, '/ledgers');
    const lm = new LedgerManager(s, '/ledgers');
    assert.equal((await lm.createLedger(md)).ledgerId, 0n);
    assert.equal((await lm.createLedger(md)).ledgerId, 1n);
    await s.create('/ledgers/available/b:1', Buffer.from('x'), 'ephemeral');
    await s.set('/ledgers/00/0000/L0001', Buffer.from((await s.get('/ledgers/00/0000/L0001')).data), 0);
    await s.close();
    assert.equal(openEmbeddedDatabases(), 0);
    s = await EmbeddedStore.open(dir);
    const lm2 = new LedgerManager(s, '/ledgers');
    assert.deepEqual(await lm2.listLedgers(), [0n, 1n]);
    assert.equal((await lm2.readLedgerMetadata(1n)).version, 1);
    assert.deepEqual(await s.getChildren('/ledgers/available'), ['readonly']);
    // Ids continue: never reuse 0 or 1 (the idgen counter was persisted with its parent).
    assert.equal((await lm2.createLedger(md)).ledgerId, 2n);
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn last record is dropped; a damaged record followed by others is METADATA_CORRUPT', async () => {
  const dir = tempDir();
  try {
    let s = await EmbeddedStore.open(dir);
    await s.create('/a', Buffer.from('1'), 'persistent');
    await s.close();
    const logPath = join(dir, 'log');
    const good = readFileSync(logPath);
    const rec = encodeRecord({ type: 'set', path: '/b', node: { data: Buffer.from('2'), version: 0, cversion: 0, ctime: 1, mtime: 1 } });
    appendFileSync(logPath, rec.subarray(0, rec.length - 3));
    s = await EmbeddedStore.open(dir);
    assert.equal((await s.get('/a')).data.toString(), '1');
    assert.equal(await s.exists('/b'), undefined);
    await s.create('/c', Buffer.from('3'), 'persistent');
    await s.close();
    assert.equal(statSync(logPath).size > good.length, true);
    // Flip a byte inside the first record: later records exist, so this is damage, not a torn write.
    const bytes = readFileSync(logPath);
    bytes[8 + 12] = bytes[8 + 12]! ^ 0xff;
    writeFileSync(logPath, bytes);
    await assert.rejects(EmbeddedStore.open(dir), (e) => isQuireError(e, 'METADATA_CORRUPT') && /log: checksum mismatch in the record at offset 8/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compaction writes a snapshot and restarts the log without losing anything', async () => {
  const dir = tempDir();
  try {
    let s = await EmbeddedStore.open(dir, { compactBytes: 4096 });
    await s.create('/n', Buffer.alloc(0), 'persistent');
    for (let i = 0; i < 100; i++) await s.create(`/n/k${i}`, Buffer.alloc(100, i), 'persistent');
    for (let i = 0; i < 50; i++) await s.delete(`/n/k${i}`, 0);
    assert.ok(existsSync(join(dir, 'snapshot')));
    assert.ok(statSync(join(dir, 'log')).size < 4096 + 300);
    await s.close();
    s = await EmbeddedStore.open(dir);
    const kids = (await s.getChildren('/n')).sort();
    assert.equal(kids.length, 50);
    assert.deepEqual((await s.get('/n/k99')).data, Buffer.alloc(100, 99));
    assert.equal((await s.get('/n')).stat.cversion, 100);
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several sessions in one process share one tree; another process is kept out', async () => {
  const dir = tempDir();
  try {
    const a = await EmbeddedStore.open(dir);
    const b = await EmbeddedStore.open(dir);
    await a.create('/shared', Buffer.from('x'), 'persistent');
    assert.equal((await b.get('/shared')).data.toString(), 'x');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${new URL('../../metadata/drivers/embedded/embedded-store.ts', import.meta.url).pathname}').then(m => m.EmbeddedStore.open(${JSON.stringify(dir)})).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`], { encoding: 'utf8', env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' } });
    assert.equal(child.status, 3, child.stderr);
    assert.match(child.stderr, /in use by process/);
    await a.close();
    assert.equal((await b.get('/shared')).data.toString(), 'x');
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
