// TLS on the gateway (certificates made with openssl at test time) and the secure-by-default
// bind, as real processes and real connections:
//   plaintext HTTP / gRPC to the TLS ports -> no answer (the handshake fails)
//   HTTPS / gRPC over TLS with the CA -> served
//   the certificate files replaced -> new connections see the new certificate (REST and gRPC)
//   mutual TLS: a client without a certificate is refused at the handshake
//   `quire gateway --host 0.0.0.0` without TLS, auth and a peer secret -> refuses to start; with --insecure it starts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../../../gateway/grpc/grpc-client.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import { makeCa, makeServerCert } from './certs.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

function httpsGet(port: number, path: string, ca: Buffer): Promise<{ status: number; cn: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, ca, agent: false }, (res) => {
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cn: String(cert.subject.CN) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function peerCn(port: number, ca: Buffer, alpn?: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, ca, ...(alpn ? { ALPNProtocols: alpn } : {}) }, () => {
      const cn = String(s.getPeerCertificate().subject.CN);
      s.end();
      resolve(cn);
    });
    s.on('error', reject);
  });
}

/** Polls (bounded) until `probe` returns `want`; the reload is asynchronous by design. */
async function eventually(probe: () => Promise<string>, want: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 200; i++) {
    last = await probe();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(last, want);
}

describe('gateway TLS and secure-by-default bind', () => {
  let dir: string;
  let ca: Buffer;
  let gc: GatewayCluster;
  let served: { certFile: string; keyFile: string };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-tls-'));
    ca = readFileSync(makeCa(dir).caFile);
    const gen1 = makeServerCert(dir, 'gen1', 'gateway-gen1');
    served = { certFile: join(dir, 'served.pem'), keyFile: join(dir, 'served.key') };
    copyFileSync(gen1.certFile, served.certFile);
    copyFileSync(gen1.keyFile, served.keyFile);
    gc = await startGatewayCluster({ gateway: { grpcPort: 0, tls: { ...served, reloadIntervalMs: 100 } } });
  });
  after(async () => {
    await gc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('HTTPS with the CA is served; the URL says https', async () => {
    const gw = gc.gateways[0]!;
    assert.match(gw.url, /^https:/);
    assert.deepEqual(await httpsGet(gw.restPort, '/healthz', ca), { status: 200, cn: 'gateway-gen1' });
  });

  test('plaintext HTTP to the TLS port gets no answer', async () => {
    const gw = gc.gateways[0]!;
    await assert.rejects(fetch(`http://127.0.0.1:${gw.restPort}/healthz`, { signal: AbortSignal.timeout(10_000) }));
  });

  test('plaintext gRPC to the TLS port is UNAVAILABLE; gRPC over TLS is served', async () => {
    const port = gc.gateways[0]!.grpc!.port;
    const plain = new GrpcLedgerClient(`127.0.0.1:${port}`);
    const e = (await plain.unary('List', {}, { timeoutMs: 10_000 }).then(() => assert.fail('plaintext was served'), (x: unknown) => x)) as ServiceError;
    assert.ok(e.code === status.UNAVAILABLE || e.code === status.DEADLINE_EXCEEDED, `code ${e.code}`);
    plain.close();
    const tls = new GrpcLedgerClient(`127.0.0.1:${port}`, {}, credentials.createSsl(ca));
    assert.ok(Array.isArray((await tls.unary<{ ledgerIds?: string[] }>('List', {})).ledgerIds ?? []));
    tls.close();
  });

  test('rotation: after the files are replaced, new REST and gRPC connections see the new certificate', async () => {
    const gw = gc.gateways[0]!;
    const gen2 = makeServerCert(dir, 'gen2', 'gateway-gen2');
    // Replace atomically (rename), key first: a new certificate never meets the old key.
    copyFileSync(gen2.keyFile, served.keyFile + '.tmp');
    renameSync(served.keyFile + '.tmp', served.keyFile);
    copyFileSync(gen2.certFile, served.certFile + '.tmp');
    renameSync(served.certFile + '.tmp', served.certFile);
    await eventually(async () => (await httpsGet(gw.restPort, '/healthz', ca)).cn, 'gateway-gen2');
    await eventually(() => peerCn(gw.grpc!.port, ca, ['h2']), 'gateway-gen2');
    assert.equal((await httpsGet(gw.restPort, '/healthz', ca)).status, 200);
  });

  test('mutual TLS: a client without a certificate is refused at the handshake', async () => {
    const gw = await gc.addGateway({ tls: { ...served, clientCaFile: join(dir, 'ca.pem') } });
    await assert.rejects(httpsGet(gw.restPort, '/healthz', ca));
  });

  function runGateway(args: string[]): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'gateway', '--rest-port', '0', '--grpc-port', '0', '--peer-port', '0', '-m', `embedded://${join(dir, 'meta-' + args.length)}`, ...args], { cwd: ROOT, env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' } });
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        // Started: stop it cleanly, the test only needed to see that it starts.
        if (out.includes('"gateway-started"')) child.kill('SIGTERM');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => resolve({ code, out }));
    });
  }

  test('a gateway bound to 0.0.0.0 without TLS, auth and a peer secret refuses to start (real process)', async () => {
    const r = await runGateway(['--host', '0.0.0.0']);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /refusing to bind the gateway to 0\.0\.0\.0 without TLS/);
    assert.doesNotMatch(r.out, /gateway-started/);
  });

  test('with --insecure it starts (real process)', async () => {
    const r = await runGateway(['--host', '0.0.0.0', '--insecure']);
    assert.match(r.out, /"gateway-started"/);
  });
});
