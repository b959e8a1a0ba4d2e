// The gateway's bounds (issue 20), each against a real local cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { startGatewayCluster } from './gateway-cluster.js';

test('a forgotten exactly-once pair gets SEQUENCE_CONFLICT from the owner and, after the seal, from any instance', { timeout: 120_000 }, async () => {
  // A dedupe table of 2 pairs: sequences 0..2 are forgotten once 5 entries are written.
  const c = await startGatewayCluster({ gateways: 2, gateway: { limits: { dedupeEntriesPerLedger: 2 } } });
  try {
    const [owner, other] = [c.gateways[0]!.service, c.gateways[1]!.service];
    const l = await owner.createLedger({ entryFormat: 'ENVELOPE' });
    for (let s = 0n; s < 5n; s++) await owner.append(l.ledgerId, Buffer.from(`m${s}`), { producerId: 'p', sequence: s });
    const conflict = (e: unknown) => isQuireError(e, 'SEQUENCE_CONFLICT');
    await assert.rejects(owner.append(l.ledgerId, Buffer.from('m0'), { producerId: 'p', sequence: 0n }), conflict);
    await assert.rejects(other.append(l.ledgerId, Buffer.from('m0'), { producerId: 'p', sequence: 0n }), conflict, 'forwarded to the owner');
    // Sealed: nobody owns it; each instance rebuilds the table from the ledger and answers alike.
    await owner.close(l.ledgerId);
    for (const g of [owner, other]) {
      await assert.rejects(g.append(l.ledgerId, Buffer.from('m0'), { producerId: 'p', sequence: 0n }), conflict, 'a forgotten pair on a sealed ledger');
      const dup = await g.append(l.ledgerId, Buffer.from('m4'), { producerId: 'p', sequence: 4n });
      assert.equal(dup.duplicate, true);
      assert.equal(dup.entryId, 4n);
      await assert.rejects(g.append(l.ledgerId, Buffer.from('m5'), { producerId: 'p', sequence: 5n }), (e: unknown) => isQuireError(e, 'LEDGER_CLOSED'), 'a new pair on a sealed ledger');
    }
  } finally {
    await c.stop();
  }
});

test('the ledgers a gateway owns are capped (maxOwnedLedgers): 429 over REST beyond it, room again after a close', { timeout: 120_000 }, async () => {
  const c = await startGatewayCluster({ gateway: { limits: { maxOwnedLedgers: 2 } } });
  try {
    const gw = c.gateways[0]!;
    const a = await gw.service.createLedger({});
    await gw.service.createLedger({});
    await assert.rejects(gw.service.createLedger({}), (e: unknown) => isQuireError(e, 'TOO_MANY_REQUESTS'));
    const r = await fetch(`${gw.url}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 429);
    assert.ok(r.headers.get('retry-after'));
    assert.equal(((await r.json()) as { code: string }).code, 'TOO_MANY_REQUESTS');
    await gw.service.close(a.ledgerId);
    await gw.service.createLedger({});
  } finally {
    await c.stop();
  }
});

test('an owned ledger idle for ownedIdleSealMs is sealed; a busy one is not', { timeout: 120_000 }, async () => {
  const c = await startGatewayCluster({ gateway: { limits: { ownedIdleSealMs: 4000 } } });
  try {
    const gw = c.gateways[0]!;
    const idle = await gw.service.createLedger({});
    const busy = await gw.service.createLedger({});
    await gw.service.append(idle.ledgerId, Buffer.from('x'));
    // Keep one ledger busy while the other goes idle, until the idle one is sealed.
    const deadline = Date.now() + 60_000;
    while ((await gw.service.metadata(idle.ledgerId)).state !== 'CLOSED') {
      assert.ok(Date.now() < deadline, 'the idle ledger was never sealed');
      await gw.service.append(busy.ledgerId, Buffer.from('y'));
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal((await gw.service.metadata(busy.ledgerId)).state, 'OPEN');
    assert.equal((await gw.service.metadata(idle.ledgerId)).lastEntryId, 0n);
    await assert.rejects(gw.service.append(idle.ledgerId, Buffer.from('z')), (e: unknown) => isQuireError(e, 'LEDGER_CLOSED'));
  } finally {
    await c.stop();
  }
});

test('create is idempotent with a request id: same id, through any instance, gives the same ledger and no orphan', { timeout: 120_000 }, async () => {
  const c = await startGatewayCluster({ gateways: 2 });
  try {
    const [a, b] = c.gateways;
    const countLedgers = async () => (await a!.service.list({ pageSize: 1000 })).ledgerIds.length;
    const before = await countLedgers();
    const post = (gw: typeof a, key: string) => fetch(`${gw!.url}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: '{}' });
    const first = (await (await post(a, 'order-42')).json()) as { ledgerId: string };
    const retry = (await (await post(b, 'order-42')).json()) as { ledgerId: string };
    assert.equal(retry.ledgerId, first.ledgerId, 'a retry through another instance');
    // Concurrent creates with one new key: one ledger survives, the losers delete theirs.
    const racing = await Promise.all([post(a, 'order-43'), post(b, 'order-43'), post(a, 'order-43')]);
    const ids = new Set(await Promise.all(racing.map(async (r) => ((await r.json()) as { ledgerId: string }).ledgerId)));
    assert.equal(ids.size, 1, `one ledger for one key, got ${[...ids].join(', ')}`);
    assert.equal(await countLedgers(), before + 2, 'no orphaned ledgers');
    // Another password under the same key is refused, not given the ledger.
    const other = await fetch(`${a!.url}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'order-42', 'quire-ledger-password': 'x' }, body: '{}' });
    assert.equal(other.status, 403);
    // Deleting the ledger forgets the key: the next create with it makes a new ledger.
    await a!.service.delete(BigInt(first.ledgerId));
    const again = (await (await post(b, 'order-42')).json()) as { ledgerId: string };
    assert.notEqual(again.ledgerId, first.ledgerId);
  } finally {
    await c.stop();
  }
});

test('gRPC CreateLedger with request_id is idempotent too', { timeout: 120_000 }, async () => {
  const { GrpcLedgerClient } = await import('../../gateway/grpc/grpc-client.js');
  const c = await startGatewayCluster({ gateway: { grpcPort: 0 } });
  const gw = c.gateways[0]!;
  const client = new GrpcLedgerClient(`127.0.0.1:${gw.grpc!.port}`);
  try {
    const call = () => client.unary<{ ledgerId: string }>('CreateLedger', { requestId: 'grpc-key-1' });
    const first = await call();
    const second = await call();
    assert.equal(String(second.ledgerId), String(first.ledgerId));
  } finally {
    client.close();
    await c.stop();
  }
});

test('REST bodies being read are bounded before parsing (maxBufferedBodyBytes): 429 + Retry-After, body unread, room again after', { timeout: 120_000 }, async () => {
  const c = await startGatewayCluster({ gateway: { limits: { maxBufferedBodyBytes: 1000 } } });
  const { connect } = await import('node:net');
  try {
    const gw = c.gateways[0]!;
    const l = await gw.service.createLedger({});
    const url = new URL(gw.url);
    const path = `/v1/ledgers/${l.ledgerId}/entries`;
    // A slow client: declares 900 bytes, sends 10, and holds the rest.
    const slow = connect(Number(url.port), url.hostname);
    await new Promise((r) => slow.once('connect', r));
    const slowAnswer = new Promise<string>((r) => {
      let got = '';
      slow.on('data', (d) => {
        got += d.toString();
        if (got.includes('\r\n\r\n')) r(got);
      });
      slow.once('close', () => r(got));
    });
    slow.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 900\r\n\r\n${'a'.repeat(10)}`);
    // Poll until the slow request holds its charge (the server has read its headers), bounded.
    let refused: Response | undefined;
    for (let i = 0; i < 100 && refused === undefined; i++) {
      const r = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(500, 1) });
      if (r.status === 429) refused = r;
      else {
        assert.equal(r.status, 201, await r.text());
        await new Promise((res) => setTimeout(res, 20));
      }
    }
    assert.ok(refused, 'a second body that does not fit was refused');
    assert.ok(refused.headers.get('retry-after'));
    assert.equal(((await refused.json()) as { code: string }).code, 'TOO_MANY_REQUESTS');
    const before = (await gw.service.lastAddConfirmed(l.ledgerId)).lastAddConfirmed;
    // The slow client finishes: its entry is written, the budget is free again.
    slow.write('a'.repeat(890));
    assert.match(await slowAnswer, /^HTTP\/1\.1 201/);
    slow.destroy();
    const after = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(500, 2) });
    assert.equal(after.status, 201);
    // Requests without a body are never charged.
    assert.equal((await fetch(`${gw.url}/v1/ledgers/${l.ledgerId}`)).status, 200);
    assert.ok((await gw.service.lastAddConfirmed(l.ledgerId)).lastAddConfirmed > before);
  } finally {
    await c.stop();
  }
});
