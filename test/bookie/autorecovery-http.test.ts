// The bookie's /api/v1/autorecovery/* endpoints over real HTTP, with BookKeeper's paths, methods
// and parameters. On a bookie with the embedded metadata store: status switch,
// lostBookieRecoveryDelay, trigger_audit, who_is_auditor and the list of marks. On five `quire
// bookie` processes and a real ZooKeeper: PUT /api/v1/autorecovery/bookie recovers a bookie
// SIGKILLed with its data deleted, and PUT /api/v1/autorecovery/decommission moves every segment
// off a live bookie while a writer appends; each time every acked entry is then read from each
// bookie of its write set directly. No bookie runs auto-recovery: only the requests move data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootLogger } from '../../common/logger.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { AuditorElection } from '../../metadata/auditor-election.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { readCookie } from '../../metadata/cookie.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { RegistrationPort, TcpBookieClient } from '../../clients/quorum/index.js';
import { startLocalCluster, type LocalCluster } from '../../harness/local-cluster.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { eventually } from '../metadata/eventually.js';
import { checkEveryReplica, createTracked, noMetadataNames, totalReads, type Tracked } from '../autorecovery/replica-checks.js';

/** A string body is sent as is (to test bodies that are not JSON); anything else as JSON. */
async function call(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; text: string; allow: string | null }> {
  const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(text !== undefined ? { body: text, headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, text: await res.text(), allow: res.headers.get('allow') };
}

describe('bookie HTTP /api/v1/autorecovery', () => {
  let dir: string;
  let metadata: MetadataService;
  let service: RunningBookie;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-ar-http-'));
    metadata = await openMetadataService(`embedded://${join(dir, 'metadata')}`);
    const { config } = resolveBookieConfig(new Map(Object.entries({ bookiePort: '0', httpServerEnabled: 'true', httpServerPort: '0', journalDirectories: join(dir, 'journal'), ledgerDirectories: join(dir, 'ledgers') })));
    service = await startBookieService(config, rootLogger.child({ test: 'autorecovery-http' }), { metadata, formatIfMissing: true });
    port = service.httpPort!;
  });

  after(async () => {
    await service?.stop();
    await metadata?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('status, lost_bookie_recovery_delay, trigger_audit, who_is_auditor, list_under_replicated_ledger', async () => {
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/status')).text), { enabled: true });
    assert.deepEqual(JSON.parse((await call(port, 'PUT', '/api/v1/autorecovery/status?enabled=false')).text), { enabled: false });
    assert.ok(await metadata.store.exists('/ledgers/underreplication/disable'));
    assert.deepEqual(JSON.parse((await call(port, 'PUT', '/api/v1/autorecovery/status?enabled=true')).text), { enabled: true });
    assert.equal((await call(port, 'PUT', '/api/v1/autorecovery/status?enabled=maybe')).status, 400);

    assert.equal((await call(port, 'GET', '/api/v1/autorecovery/lost_bookie_recovery_delay')).status, 404);
    assert.equal((await call(port, 'PUT', '/api/v1/autorecovery/lost_bookie_recovery_delay', { delay_seconds: 12 })).status, 200);
    assert.equal((await call(port, 'GET', '/api/v1/autorecovery/lost_bookie_recovery_delay')).text, 'lostBookieRecoveryDelay value: 12');
    assert.equal((await call(port, 'PUT', '/api/v1/autorecovery/lost_bookie_recovery_delay', { delay_seconds: -1 })).status, 400);
    const before = (await metadata.store.get('/ledgers/underreplication/lostBookieRecoveryDelay')).stat.version;
    assert.equal((await call(port, 'PUT', '/api/v1/autorecovery/trigger_audit')).status, 200);
    assert.equal((await metadata.store.get('/ledgers/underreplication/lostBookieRecoveryDelay')).stat.version, before + 1);

    assert.equal((await call(port, 'GET', '/api/v1/autorecovery/who_is_auditor')).status, 404);
    const election = new AuditorElection(metadata.store, metadata.root, 'auditor-host:3181');
    await election.becomeAuditor(() => undefined);
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/who_is_auditor')).text), { Auditor: 'auditor-host:3181' });
    const info = async () => JSON.parse((await call(port, 'GET', '/api/v1/bookie/cluster_info')).text) as Record<string, unknown>;
    const ci = await info();
    assert.deepEqual([ci.auditorElected, ci.auditorId, ci.clusterUnderReplicated, ci.ledgerReplicationEnabled], [true, 'auditor-host:3181', false, true]);
    await election.close();

    assert.equal((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger')).status, 404);
    const urm = await UnderreplicationManager.open(metadata.store, metadata.root);
    await urm.markLedgerUnderreplicated(3n, ['x:3181']);
    await urm.markLedgerUnderreplicated(4n, ['y:3181']);
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger')).text).sort(), ['3', '4']);
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger?missingreplica=y:3181&printmissingreplica=true')).text), { 4: ['y:3181'] });
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger?excludingmissingreplica=y:3181')).text), ['3']);
    assert.equal((await info()).clusterUnderReplicated, true);
    assert.equal((await info()).auditorElected, false, 'the auditor left with its session');
  });
});

describe('bookie HTTP PUT /api/v1/autorecovery/bookie and /decommission (five bookie processes, ZooKeeper)', { timeout: 900_000 }, () => {
  const PASSWORD = 'pw';
  const payloadOf = (ledger: number, i: number) => Buffer.from(`l${ledger}-e${i}-`.padEnd(64 + (i % 5) * 29, 'x'));
  let zk: ZooKeeperServer;
  let cluster: LocalCluster;
  let bk: Awaited<ReturnType<typeof createBookKeeperClient>>;
  let raw: TcpBookieClient;
  const tracked = new Map<bigint, Tracked>();
  /** Bookies gone (killed or decommissioned): no request is sent to them. */
  const gone = new Set<string>();
  const httpPortOf = (id: string) => cluster.bookies.find((b) => b.bookieId === id)!.process.httpPort!;
  /** Some live bookie other than `not`, to send the request to. */
  const askerBesides = (...not: string[]) => cluster.bookies.find((b) => !gone.has(b.bookieId) && !not.includes(b.bookieId))!;

  const create = (n: number, close: boolean): Promise<Tracked> => createTracked(bk, tracked, n, close, PASSWORD, payloadOf);

  before(async () => {
    zk = await startZooKeeper();
    cluster = await startLocalCluster({
      bookies: 5,
      metadataServiceUri: `zk+hierarchical://${zk.connectString}/ledgers`,
      startTimeoutMs: 180_000,
      bookieSettings: ['httpServerEnabled=true', 'httpServerPort=0', 'zkTimeout=4000'],
    });
    bk = await createBookKeeperClient({ metadataService: cluster.service });
    raw = new TcpBookieClient({ registry: new RegistrationPort(cluster.service.registration) });
  });

  after(async () => {
    await raw?.close();
    await bk?.close();
    await cluster?.stop();
    await zk?.destroy();
  });

  test('bad bodies are 400 with the expected form, other methods 405 with Allow: PUT', async () => {
    const port = cluster.bookies[0]!.process.httpPort!;
    const bad = async (path: string, body: unknown, says: RegExp) => {
      const r = await call(port, 'PUT', path, body);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.text, says);
    };
    await bad('/api/v1/autorecovery/bookie', undefined, /No request body/);
    await bad('/api/v1/autorecovery/bookie', '{"bookie_src": [', /not JSON/);
    await bad('/api/v1/autorecovery/bookie', [], /JSON object/);
    await bad('/api/v1/autorecovery/bookie', {}, /"bookie_src" must be a non-empty list/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: [] }, /"bookie_src" must be a non-empty list/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: 'a:3181' }, /"bookie_src" must be a non-empty list/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: ['no spaces:1'] }, /invalid bookie id/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: ['a:3181'], delete_cookie: 'yes' }, /"delete_cookie" must be true or false/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: ['a:3181'], bookie_dst: ['b:3181'] }, /Unknown field.*"bookie_dst"/);
    await bad('/api/v1/autorecovery/bookie', { bookie_src: ['a:3181'], bookie_dest: ['b:3181'] }, /bookie_dest b:3181 not registered as writable/);
    await bad('/api/v1/autorecovery/decommission', undefined, /No request body/);
    await bad('/api/v1/autorecovery/decommission', {}, /not contains bookie_src/);
    await bad('/api/v1/autorecovery/decommission', { bookie_src: ['a:3181'] }, /"bookie_src" must be a bookie id/);
    await bad('/api/v1/autorecovery/decommission', { bookie_src: 'a:3181' }, /bookie a:3181 is not registered/);
    for (const path of ['/api/v1/autorecovery/bookie', '/api/v1/autorecovery/decommission']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const r = await call(port, method, path);
        assert.equal(r.status, 405, `${method} ${path}`);
        assert.equal(r.allow, 'PUT');
      }
    }
  });

  test('PUT /api/v1/autorecovery/bookie re-replicates a bookie SIGKILLed with its data deleted; every entry reads from every replica', async () => {
    for (let i = 0; i < 3; i++) await create(120, true);
    await create(50, false); // open, its writer idle: recovery fences and closes it
    const named = new Set([...tracked.values()].flatMap((t) => t.handle.ledgerMetadata.segments.flatMap((s) => s.bookies)));
    const victim = cluster.bookies.find((b) => named.has(b.bookieId))!;
    await cluster.kill(victim.index);
    rmSync(victim.dir, { recursive: true, force: true });
    gone.add(victim.bookieId);
    assert.ok(await readCookie(cluster.service.store, cluster.service.root, victim.bookieId), 'the victim had a cookie');

    const r = await call(askerBesides().process.httpPort!, 'PUT', '/api/v1/autorecovery/bookie', { bookie_src: [victim.bookieId], delete_cookie: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'Success send recovery request command.');
    // The cookie goes last, once every ledger was recovered: the request's end.
    await eventually('the recovered bookie\'s cookie is deleted', async () => (await readCookie(cluster.service.store, cluster.service.root, victim.bookieId)) === undefined, 240_000);
    assert.ok(await noMetadataNames(cluster, [victim.bookieId]), 'no ledger names the dead bookie');
    const reads = totalReads(await checkEveryReplica(cluster, raw, tracked, PASSWORD));
    assert.equal(reads, 2 * (3 * 120 + 50));
  });

  test('PUT /api/v1/autorecovery/decommission moves a live bookie\'s data off it while a writer appends; nothing is lost', async () => {
    // The bookie SIGKILLed above stays registered until its ZooKeeper session expires; a ledger
    // created before that may pick it (and keep it in a segment that holds none of its entries).
    const registered = async () => [...(await cluster.service.registration.getWritableBookies()), ...(await cluster.service.registration.getReadOnlyBookies())];
    await eventually('the killed bookies\' registrations expire', async () => !(await registered()).some((b) => gone.has(b)), 60_000);
    for (let i = 0; i < 2; i++) await create(80, true);
    const active = await create(20, false);
    const ledger = [...tracked.values()].indexOf(active) + 1;
    let writing = true;
    const failures: unknown[] = [];
    const writer = (async () => {
      let i = active.acked.size;
      while (writing) {
        const p = payloadOf(ledger, i++);
        try {
          active.acked.set(await active.handle.append(p), p);
        } catch (e) {
          failures.push(e);
          return;
        }
      }
    })();
    // A bookie in the writer's current ensemble, so the writer must move off it.
    const target = active.handle.ledgerMetadata.segments.at(-1)!.bookies.find((b) => !gone.has(b))!;
    const asker = askerBesides(target);
    const r = await call(httpPortOf(asker.bookieId), 'PUT', '/api/v1/autorecovery/decommission', { bookie_src: target, delete_cookie: 'true' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, `Success send decommission Bookie command ${target}`);
    await eventually('the decommissioned bookie\'s cookie is deleted', async () => (await readCookie(cluster.service.store, cluster.service.root, target)) === undefined, 300_000).catch(async (e: unknown) => {
      const live = new Set(await registered());
      const naming: string[] = [];
      for (const id of await cluster.service.ledgers.listLedgers()) {
        const md = (await cluster.service.ledgers.readLedgerMetadata(id)).metadata;
        if (md.segments.some((x) => x.bookies.some((b) => !live.has(b)))) naming.push(`${id} ${md.state} ${JSON.stringify(md.segments.map((x) => [String(x.firstEntryId), x.bookies]))}`);
      }
      throw new Error(`${String(e)}; target ${target}, gone ${[...gone].join(',')}, live ${[...live].join(',')}; ledgers naming a bookie not registered: ${naming.join(' | ')}; the asking bookie's log:\n${asker.process.stdoutTail().slice(-3000)}`);
    });
    assert.ok(await noMetadataNames(cluster, [target]), 'no ledger names the decommissioned bookie');
    writing = false;
    await writer;
    assert.deepEqual(failures, [], 'the writer never failed');
    assert.ok(active.acked.size > 20, 'the writer kept appending');
    await active.handle.close();
    if (!(await noMetadataNames(cluster, [target, ...gone]))) {
      const md = (await cluster.service.ledgers.readLedgerMetadata(active.handle.ledgerId)).metadata;
      assert.fail(`closing the writer brought a bookie back: target ${target}, gone ${[...gone].join(',')}, writer's ledger ${active.handle.ledgerId} segments ${JSON.stringify(md.segments.map((x) => [String(x.firstEntryId), x.bookies]))}`);
    }
    // Its data must not be needed any more: stop it before reading.
    await cluster.kill(cluster.bookies.find((b) => b.bookieId === target)!.index);
    gone.add(target);
    const reads = totalReads(await checkEveryReplica(cluster, raw, tracked, PASSWORD));
    assert.equal(reads, 2 * [...tracked.values()].reduce((n, t) => n + t.acked.size, 0));
  });
});
