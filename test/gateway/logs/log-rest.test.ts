// Named logs over REST, with real gateway instances (REST + peer listener) on real bookies: every
// route of the "logs" tag, its errors as problem+json with stable codes, forwarding to the writer
// through the peer listener, and a takeover after the writer's gateway crashes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';

interface Json {
  [k: string]: unknown;
}

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  const isBuf = Buffer.isBuffer(body);
  const res = await fetch(new URL(path, base), {
    method,
    headers: { ...(body !== undefined ? { 'content-type': isBuf ? 'application/octet-stream' : 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: isBuf ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Json), headers: res.headers };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString();

describe('named logs over REST', () => {
  let gc: GatewayCluster;
  let a: string;
  let b: string;
  before(async () => {
    gc = await startGatewayCluster({ gateways: 3 });
    a = gc.gateways[0]!.url;
    b = gc.gateways[1]!.url;
  });
  after(async () => {
    await gc.stop();
  });

  test('create, list, get, append one and a batch, read, forwarding to the writer, delete', async () => {
    const created = await call(a, 'POST', '/v1/logs', { name: 'team/orders', rollover: { maxEntries: 1 } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.headers.get('location'), '/v1/logs/team%2Forders');
    assert.equal(created.json.nextOffset, '0');
    assert.equal((await call(b, 'POST', '/v1/logs', { name: 'team/orders' })).json.code, 'LOG_EXISTS');
    const bad = await call(b, 'POST', '/v1/logs', { name: 'a//b' });
    assert.equal(bad.status, 400);
    await call(b, 'POST', '/v1/logs', { name: 'team/payments' });
    const list = await call(b, 'GET', '/v1/logs?prefix=team/&pageSize=1');
    assert.equal(list.status, 200, JSON.stringify(list.json));
    assert.deepEqual(list.json.logs, ['team/orders']);
    assert.equal(list.json.nextPageToken, 'team/orders');

    const one = await call(a, 'POST', '/v1/logs/team%2Forders/records', Buffer.from('first'), { 'quire-record-key': b64('k'), 'quire-record-timestamp': '1000' });
    assert.equal(one.status, 201, JSON.stringify(one.json));
    assert.equal(one.json.offset, '0');
    assert.equal(one.json.entryId, '1');
    // Through another instance: forwarded to the writer's peer listener.
    const batch = await call(b, 'POST', '/v1/logs/team%2Forders/records', { records: [{ data: b64('x'), headers: [{ name: 'h', value: b64('v') }] }, { data: b64('y') }, { data: b64('z'), timestampMs: 5 }] });
    assert.equal(batch.status, 201, JSON.stringify(batch.json));
    assert.deepEqual((batch.json.receipts as Json[]).map((r) => r.offset), ['1', '2', '3']);
    const info = await call(gc.gateways[2]!.url, 'GET', '/v1/logs/team%2Forders');
    assert.equal(info.json.owner, gc.gateways[0]!.gatewayId);
    assert.equal(info.json.nextOffset, '4');
    assert.ok((info.json.segments as Json[]).length >= 2);

    const page = await call(b, 'GET', '/v1/logs/team%2Forders/records?from=0&limit=10');
    const recs = page.json.records as Json[];
    assert.deepEqual(recs.map((r) => unb64(r.data)), ['first', 'x', 'y', 'z']);
    assert.equal(unb64(recs[0]!.key), 'k');
    assert.equal(recs[0]!.timestampMs, 1000);
    assert.deepEqual(recs[1]!.headers, [{ name: 'h', value: b64('v') }]);
    assert.equal(page.json.endOffset, '4');
    // A page of sealed segments is immutable: ETag, and 304 for If-None-Match.
    const sealed = await call(b, 'GET', '/v1/logs/team%2Forders/records?from=0&limit=1');
    assert.match(sealed.headers.get('cache-control') ?? '', /immutable/);
    const etag = sealed.headers.get('etag')!;
    const again = await fetch(new URL('/v1/logs/team%2Forders/records?from=0&limit=1', b), { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await call(b, 'GET', '/v1/logs/team%2Forders/seek?timestampMs=999')).json.offset, '0');

    assert.equal((await call(b, 'DELETE', '/v1/logs/team%2Fpayments')).status, 204);
    const gone = await call(a, 'GET', '/v1/logs/team%2Fpayments');
    assert.equal(gone.status, 404);
    assert.equal(gone.json.code, 'NO_SUCH_LOG');
  });

  test('exactly-once and compare-and-append over REST; the writer crashes and the log goes on through another instance', async () => {
    const extra = await gc.addGateway();
    await call(extra.url, 'POST', '/v1/logs', { name: 'eo', rollover: { maxEntries: 3 } });
    const receipts: Json[] = [];
    for (let s = 0; s < 5; s++) {
      const r = await call(extra.url, 'POST', '/v1/logs/eo/records', Buffer.from(`m${s}`), { 'quire-producer-id': 'p', 'quire-sequence': String(s) });
      assert.equal(r.status, 201);
      receipts.push(r.json);
    }
    const dup = await call(b, 'POST', '/v1/logs/eo/records', Buffer.from('m1'), { 'quire-producer-id': 'p', 'quire-sequence': '1' });
    assert.equal(dup.status, 200);
    assert.equal(dup.json.duplicate, true);
    assert.equal(dup.json.offset, receipts[1]!.offset);
    const cas = await call(b, 'POST', '/v1/logs/eo/records', Buffer.from('w'), { 'quire-expected-offset': '0' });
    assert.equal(cas.status, 409);
    assert.equal(cas.json.code, 'APPEND_CONFLICT');
    assert.equal(cas.json.nextOffset, '5');
    await extra.crash();
    // The survivor fences and recovers, rebuilds the producer table, and continues.
    for (let s = 3; s < 7; s++) {
      const r = await call(b, 'POST', '/v1/logs/eo/records', Buffer.from(`m${s}`), { 'quire-producer-id': 'p', 'quire-sequence': String(s) });
      assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.json));
      if (s < 5) {
        assert.equal(r.json.duplicate, true);
        assert.equal(r.json.offset, receipts[s]!.offset);
      } else assert.equal(r.json.offset, String(s));
    }
    const page = await call(a, 'GET', '/v1/logs/eo/records?from=0');
    assert.deepEqual((page.json.records as Json[]).map((r) => unb64(r.data)), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  test('tail: long poll and SSE resumable with Last-Event-ID, across segments', async () => {
    await call(a, 'POST', '/v1/logs', { name: 'tail', rollover: { maxEntries: 1 } });
    await call(a, 'POST', '/v1/logs/tail/records', Buffer.from('t0'));
    const waiting = call(b, 'GET', '/v1/logs/tail/tail?from=1&waitMs=10000');
    await new Promise((r) => setTimeout(r, 150));
    await call(a, 'POST', '/v1/logs/tail/records', { records: [{ data: b64('t1') }, { data: b64('t2') }] });
    const got = await waiting;
    assert.deepEqual((got.json.records as Json[]).map((r) => unb64(r.data)).slice(0, 1), ['t1']);

    const ac = new AbortController();
    const res = await fetch(new URL('/v1/logs/tail/tail', b), { headers: { accept: 'text/event-stream', 'last-event-id': '0' }, signal: ac.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/event: record/g) ?? []).length < 2) text += Buffer.from((await reader.read()).value!).toString();
    ac.abort();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
    assert.deepEqual(ids.slice(0, 2), ['1', '2']);
  });

  test('truncate, OUT_OF_RANGE 410 with the first offset, retention, cursors', async () => {
    await call(a, 'POST', '/v1/logs', { name: 'trim', rollover: { maxEntries: 2 } });
    for (let i = 0; i < 5; i++) await call(a, 'POST', '/v1/logs/trim/records', Buffer.from(`x${i}`));
    const t = await call(b, 'POST', '/v1/logs/trim/truncate', { before: '2' });
    assert.deepEqual(t.json, { firstOffset: '2', deletedSegments: 1 });
    const below = await call(b, 'GET', '/v1/logs/trim/records?from=0');
    assert.equal(below.status, 410);
    assert.equal(below.json.code, 'OUT_OF_RANGE');
    assert.equal(below.json.firstOffset, '2');
    assert.equal((await call(b, 'POST', '/v1/logs/trim/retention')).json.firstOffset, '2');

    assert.equal((await call(b, 'GET', '/v1/logs/trim/cursors/c')).json.code, 'NO_SUCH_CURSOR');
    const c0 = await call(b, 'PUT', '/v1/logs/trim/cursors/c', { offset: '2', expectedVersion: -1 });
    assert.equal(c0.status, 200, JSON.stringify(c0.json));
    assert.equal(c0.json.version, 0);
    const conflict = await call(a, 'PUT', '/v1/logs/trim/cursors/c', { offset: '3', expectedVersion: 5 });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json.code, 'CURSOR_CONFLICT');
    const adv = await call(a, 'POST', '/v1/logs/trim/cursors/c/advance', { offset: '4' });
    assert.equal(adv.json.offset, '4');
    const fromCursor = await call(a, 'GET', '/v1/logs/trim/cursors/c/records');
    assert.deepEqual((fromCursor.json.records as Json[]).map((r) => unb64(r.data)), ['x4']);
    assert.deepEqual(((await call(a, 'GET', '/v1/logs/trim/cursors')).json.cursors as Json[]).map((c) => c.name), ['c']);
    assert.equal((await call(a, 'DELETE', '/v1/logs/trim/cursors/c')).status, 204);
  });
});
