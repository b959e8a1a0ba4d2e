// The bookie's /api/v1/autorecovery/* endpoints over real HTTP on a bookie with the embedded
// metadata store: status switch, lostBookieRecoveryDelay, trigger_audit, who_is_auditor and the
// list of marks, with BookKeeper's paths, methods and parameters.
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

async function call(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, text: await res.text() };
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
    await election.close();

    assert.equal((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger')).status, 404);
    const urm = await UnderreplicationManager.open(metadata.store, metadata.root);
    await urm.markLedgerUnderreplicated(3n, ['x:3181']);
    await urm.markLedgerUnderreplicated(4n, ['y:3181']);
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger')).text).sort(), ['3', '4']);
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger?missingreplica=y:3181&printmissingreplica=true')).text), { 4: ['y:3181'] });
    assert.deepEqual(JSON.parse((await call(port, 'GET', '/api/v1/autorecovery/list_under_replicated_ledger?excludingmissingreplica=y:3181')).text), ['3']);
  });
});
