// The TypeScript SDK against a gateway with tokens and TLS: the REST client sends its `token`;
// the gRPC client sends its `token` over TLS (`tls.ca`); without a token both get UNAUTHENTICATED.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QuireApiError, QuireGrpcClient, QuireRestClient } from '../../clients/typescript/index.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { AUDIENCE, tokenKit, type TokenKit } from '../gateway/security/tokens.js';

describe('SDK token and TLS options', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let dir: string;
  let token: string;
  before(async () => {
    kit = tokenKit();
    dir = mkdtempSync(join(tmpdir(), 'quire-sdk-tls-'));
    makeCa(dir);
    const cert = makeServerCert(dir, 'gw', 'gateway');
    const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
    gc = await startGatewayCluster({ gateway: { auth } });
    await gc.addGateway({ grpcPort: 0, auth, tls: cert });
    token = await kit.hs([{ actions: ['read', 'write'] }]);
  });
  after(async () => {
    await gc?.stop();
    kit?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('REST client with a token is served; without one it gets UNAUTHENTICATED', async () => {
    const ok = new QuireRestClient({ baseUrl: gc.gateways[0]!.url, token: () => token });
    const info = await ok.createLedger();
    assert.equal(typeof info.ledgerId, 'bigint');
    const anon = new QuireRestClient({ baseUrl: gc.gateways[0]!.url });
    await assert.rejects(anon.createLedger(), (e: unknown) => e instanceof QuireApiError && e.code === 'UNAUTHENTICATED');
  });

  test('gRPC client over TLS with a token is served; without one it gets UNAUTHENTICATED', async () => {
    const target = `127.0.0.1:${gc.gateways[1]!.grpc!.port}`;
    const ca = readFileSync(join(dir, 'ca.pem'));
    const ok = new QuireGrpcClient({ target, tls: { ca }, token });
    const info = await ok.createLedger();
    assert.equal((await ok.append(info.ledgerId, 'x')).entryId, 0n);
    ok.close();
    const anon = new QuireGrpcClient({ target, tls: { ca } });
    await assert.rejects(anon.createLedger(), (e: unknown) => e instanceof QuireApiError && e.code === 'UNAUTHENTICATED');
    anon.close();
  });
});
