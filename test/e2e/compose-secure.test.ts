// docker-compose.yml runs its gateways with TLS, bearer tokens and a peer secret, all made by
// deploy/gen-secrets.sh (nothing secret is committed). Without a Docker engine, the same topology
// runs as processes: ZooKeeper, three bookies and the two gateways with the security flags taken
// from the compose file itself (its /secrets paths pointed at a directory the script filled).
// A client holding the script's CA and admin token gets in; one without the token, with another
// token, or in plaintext does not; a write through the second gateway reaches the ledger's owner
// over the signed peer path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { metaformat, startGatewayProcess, stopChild, type GatewayProcess } from '../../harness/gateway-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import { QuireGrpcClient } from '../../clients/typescript/grpc-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET_FILES = ['ca.pem', 'gateway.pem', 'gateway.key', 'token-secret', 'peer-secret'];

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
}

function composeServices(): Record<string, Service> {
  const r = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `docker compose config: ${r.stderr}${r.error?.message ?? ''}`);
  return (JSON.parse(r.stdout) as { services: Record<string, Service> }).services;
}

/** The gateway flags that name a /secrets file, and those files' names. */
function securityFlags(cmd: readonly string[], secrets: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < cmd.length; i++) {
    const flag = cmd[i]!;
    if (['--tls-cert', '--tls-key', '--auth-secret-file', '--peer-secret-file', '--auth-audience'].includes(flag)) {
      out.push(flag, cmd[i + 1]!.replace(/^\/secrets\//, `${secrets}/`));
      i++;
    }
  }
  return out;
}

function https(port: number, path: string, o: { method?: string; token?: string; body?: Buffer; ca: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) };
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', ca: o.ca, headers, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('docker-compose with TLS, tokens and a peer secret', () => {
  let services: Record<string, Service>;
  let secrets: string;
  let zk: ZooKeeperServer;
  const bookies: BookieProcess[] = [];
  const gateways: GatewayProcess[] = [];
  let ca: string;
  let token: string;

  before(async () => {
    services = composeServices();
    secrets = mkdtempSync(join(tmpdir(), 'quire-compose-secrets-'));
    rmSync(secrets, { recursive: true });
    const gen = spawnSync('bash', [join(ROOT, 'deploy/gen-secrets.sh'), secrets], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    ca = readFileSync(join(secrets, 'ca.pem'), 'utf8');
    token = readFileSync(join(secrets, 'admin.jwt'), 'utf8').trim();
    zk = await startZooKeeper();
    const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    await metaformat(uri, 120_000);
    const data = mkdtempSync(join(tmpdir(), 'quire-compose-data-'));
    for (let i = 1; i <= 3; i++) {
      bookies.push(await startBookieProcess(['--port', '0', '--host', '127.0.0.1', '--journal-dir', join(data, `b${i}`, 'j'), '--ledger-dir', join(data, `b${i}`, 'l'), '--metadata-service-uri', uri], {}, 120_000));
    }
    for (const g of ['gateway-1', 'gateway-2']) {
      gateways.push(await startGatewayProcess(uri, g, 120_000, securityFlags(services[g]!.command!, secrets)));
    }
    // Ready once the bookies are writable, polled over HTTPS with the script's CA.
    for (const g of gateways) {
      const deadline = Date.now() + 120_000;
      while ((await https(g.restPort, '/readyz', { ca }).catch(() => ({ status: 0 }))).status !== 200) {
        assert.ok(Date.now() < deadline, `gateway ${g.id} ready`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  after(async () => {
    for (const g of gateways) await stopChild(g.child, 10_000);
    for (const b of bookies) await b.kill('SIGTERM');
    await zk?.stop();
    if (secrets) rmSync(secrets, { recursive: true, force: true });
  });

  test('the compose file: every gateway serves TLS with tokens and a peer secret, secrets mounted read-only, no CA key inside', () => {
    for (const g of ['gateway-1', 'gateway-2']) {
      const s = services[g]!;
      const cmd = s.command!;
      assert.ok(!cmd.includes('--insecure'), `${g} runs without --insecure`);
      for (const f of ['--tls-cert', '--tls-key', '--auth-secret-file', '--peer-secret-file']) assert.ok(cmd.includes(f), `${g} has ${f}`);
      const mounts = (s.volumes ?? []).filter((v) => v.target.startsWith('/secrets/'));
      assert.deepEqual(mounts.map((v) => v.target.slice('/secrets/'.length)).sort(), [...SECRET_FILES].sort());
      for (const v of mounts) {
        assert.equal(v.type, 'bind');
        assert.equal(v.read_only, true, `${v.target} is read-only`);
        assert.ok(v.source.startsWith(join(ROOT, 'deploy/secrets')), v.source);
      }
      assert.ok(!mounts.some((v) => v.target.endsWith('ca.key')), 'the CA key stays on the host');
    }
    assert.ok(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n').includes('/deploy/secrets/'), 'deploy/secrets/ is never committed');
  });

  test('gen-secrets.sh: every file made, keys not group/world readable when run as root, and it never overwrites', () => {
    for (const f of [...SECRET_FILES, 'ca.key', 'admin.jwt']) assert.ok(existsSync(join(secrets, f)), f);
    if (process.getuid?.() === 0) assert.equal(statSync(join(secrets, 'gateway.key')).mode & 0o077, 0, 'gateway.key is 0600');
    const again = spawnSync('bash', [join(ROOT, 'deploy/gen-secrets.sh'), secrets], { encoding: 'utf8' });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already holds secrets/);
  });

  test("the script's token and CA get in over REST and gRPC; no token, a forged token and plaintext do not", async () => {
    const [a, b] = gateways;
    const created = await https(a!.restPort, '/v1/ledgers', { method: 'POST', token, ca, headers: { 'quire-ledger-password': 'pw', 'content-type': 'application/json' }, body: Buffer.from('{}') });
    assert.equal(created.status, 201, created.body);
    const ledgerId = (JSON.parse(created.body) as { ledgerId: string }).ledgerId;
    // Through the other gateway: forwarded to the owner over the peer path, signed with the peer secret.
    const appended = await https(b!.restPort, `/v1/ledgers/${ledgerId}/entries`, { method: 'POST', token, ca, headers: { 'quire-ledger-password': 'pw', 'content-type': 'application/octet-stream' }, body: Buffer.from('over tls') });
    assert.equal(appended.status, 201, appended.body);
    const read = await https(a!.restPort, `/v1/ledgers/${ledgerId}/entries/0`, { token, ca, headers: { 'quire-ledger-password': 'pw' } });
    assert.equal(read.status, 200);
    assert.equal(read.body, 'over tls');

    const none = await https(a!.restPort, `/v1/ledgers/${ledgerId}`, { ca });
    assert.equal(none.status, 401);
    assert.equal((JSON.parse(none.body) as { code: string }).code, 'UNAUTHENTICATED');
    const [h, p] = token.split('.');
    const forged = await https(a!.restPort, `/v1/ledgers/${ledgerId}`, { ca, token: `${h}.${p}.${Buffer.alloc(32, 1).toString('base64url')}` });
    assert.equal(forged.status, 401);
    await assert.rejects(fetch(`http://127.0.0.1:${a!.restPort}/healthz`), 'plaintext HTTP to the TLS port fails');

    const grpc = new QuireGrpcClient({ target: `localhost:${a!.grpcPort}`, tls: { ca }, token, password: 'pw' });
    try {
      assert.equal((await grpc.readEntry(BigInt(ledgerId), 0n)).toString(), 'over tls');
    } finally {
      grpc.close();
    }
    const anonymous = new QuireGrpcClient({ target: `localhost:${a!.grpcPort}`, tls: { ca }, password: 'pw' });
    try {
      await assert.rejects(anonymous.readEntry(BigInt(ledgerId), 0n), (e: { code?: string }) => e.code === 'UNAUTHENTICATED');
    } finally {
      anonymous.close();
    }
  });
});
