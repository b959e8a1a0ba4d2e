// Per-identity rate limit over the live gateway: one tenant over its bucket gets 429 +
// Retry-After (REST) and RESOURCE_EXHAUSTED (gRPC); another tenant is still served.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../../../gateway/grpc/grpc-client.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import { AUDIENCE, tokenKit, type TokenKit } from './tokens.js';

describe('gateway per-identity quota', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let greedy: string;
  let other: string;
  before(async () => {
    kit = tokenKit();
    // One token per 1000 s: the bucket does not refill during the test.
    gc = await startGatewayCluster({ gateway: { grpcPort: 0, auth: { secretFile: kit.secretFile, audience: AUDIENCE }, quota: { requestsPerSecond: 0.001, burst: 3 } } });
    greedy = await kit.hs([{ actions: ['read'] }], { sub: 'greedy' });
    other = await kit.hs([{ actions: ['read'] }], { sub: 'other' });
  });
  after(async () => {
    await gc?.stop();
    kit?.cleanup();
  });

  test('over its bucket a tenant gets 429 + Retry-After and RESOURCE_EXHAUSTED; another tenant is served', async () => {
    const get = (t: string) => fetch(new URL('/v1/ledgers', gc.gateways[0]!.url), { headers: { authorization: `Bearer ${t}` } });
    for (let i = 0; i < 3; i++) assert.equal((await get(greedy)).status, 200);
    const r = await get(greedy);
    assert.equal(r.status, 429);
    assert.equal(((await r.json()) as { code: string }).code, 'TOO_MANY_REQUESTS');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    const c = new GrpcLedgerClient(`127.0.0.1:${gc.gateways[0]!.grpc!.port}`);
    const md = new Metadata();
    md.set('authorization', `Bearer ${greedy}`);
    const e = (await c.unary('List', {}, { metadata: md }).then(() => assert.fail('served'), (x: unknown) => x)) as ServiceError;
    assert.equal(e.code, status.RESOURCE_EXHAUSTED);
    assert.ok(Number(e.metadata.get('quire-retry-after-ms')[0]) >= 1000);
    c.close();
    assert.equal((await get(other)).status, 200);
  });
});
