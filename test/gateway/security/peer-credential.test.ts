// Peer traffic is authenticated with its own credential (a shared secret, HMAC-signed calls) on
// its own listener: a write sent to a non-owner still reaches the owner; a call to the peer port
// without the credential, or signed with another secret, is refused 401 UNAUTHENTICATED; a client
// token does not open it either.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PeerCredential } from '../../../gateway/peer/peer-credential.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import { AUDIENCE, tokenKit, type TokenKit } from './tokens.js';

describe('gateway peer credential', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let peerSecretFile: string;
  let otherSecretFile: string;
  let admin: string;
  before(async () => {
    kit = tokenKit();
    peerSecretFile = join(kit.dir, 'peer-secret');
    otherSecretFile = join(kit.dir, 'other-peer-secret');
    writeFileSync(peerSecretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    writeFileSync(otherSecretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    gc = await startGatewayCluster({ gateways: 2, gateway: { peerSecretFile, auth: { secretFile: kit.secretFile, audience: AUDIENCE } } });
    admin = await kit.hs([{ actions: ['admin'] }]);
  });
  after(async () => {
    await gc?.stop();
    kit?.cleanup();
  });

  const call = (base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(new URL(path, base), { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  test('a write sent to a non-owner reaches the owner through the signed peer call', async () => {
    const [gw1, gw2] = gc.gateways as [typeof gc.gateways[0], typeof gc.gateways[0]];
    const auth = { authorization: `Bearer ${admin}` };
    const created = await call(gw1.url, 'POST', '/v1/ledgers', auth, {});
    const { ledgerId } = (await created.json()) as { ledgerId: string };
    assert.equal((await call(gw1.url, 'POST', `/v1/ledgers/${ledgerId}/entries`, auth, { entries: [{ data: 'YQ==' }] })).status, 201);
    const viaOther = await call(gw2.url, 'POST', `/v1/ledgers/${ledgerId}/entries`, auth, { entries: [{ data: 'Yg==' }] });
    assert.equal(viaOther.status, 201, await viaOther.text());
  });

  const path = '/peer/v1/ledgers/1/lac';
  const attempts: [string, () => Record<string, string>][] = [
    ['no credential', () => ({})],
    ['a client bearer token', () => ({ authorization: `Bearer ${admin}` })],
    ['signed with another secret', () => ({ authorization: PeerCredential.fromFile(otherSecretFile).authorization('gw-x', 'GET', path) })],
    ['a stale signature (outside the window)', () => ({ authorization: PeerCredential.fromFile(peerSecretFile).authorization('gw-x', 'GET', path, Date.now() - 3_600_000) })],
    ['signed for another path', () => ({ authorization: PeerCredential.fromFile(peerSecretFile).authorization('gw-x', 'GET', '/peer/v1/ledgers/2/lac') })],
  ];
  for (const [attempt, headers] of attempts) {
    test(`peer call with ${attempt} -> 401 UNAUTHENTICATED`, async () => {
      const r = await call(gc.gateways[0]!.peerUrl, 'GET', path, headers());
      assert.equal(r.status, 401);
      assert.equal(((await r.json()) as { code: string }).code, 'UNAUTHENTICATED');
    });
  }

  test('a correctly signed peer call is served (the owner answers, not the credential check)', async () => {
    const r = await call(gc.gateways[0]!.peerUrl, 'GET', path, { authorization: PeerCredential.fromFile(peerSecretFile).authorization('gw-x', 'GET', path) });
    assert.notEqual(r.status, 401);
  });
});
