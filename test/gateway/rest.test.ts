// Every REST route and its errors, with supertest against a real gateway on a local cluster
// (three real bookies, embedded metadata). Small limits make the bounds easy to hit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';
import type { RunningGateway } from '../../gateway/gateway-server.js';
import { IMMUTABLE_CACHE } from '../../gateway/rest/rest-app.js';

const PW = { 'Quire-Ledger-Password': 'secret' };

function problem(res: request.Response, status: number, code: string, field?: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
  const p = JSON.parse(res.text) as Record<string, unknown>;
  assert.equal(p.code, code, res.text);
  assert.equal(p.status, status);
  assert.equal(typeof p.title, 'string');
  assert.equal(typeof p.detail, 'string');
  assert.equal(typeof p.retryable, 'boolean');
  assert.equal(p.type, `https://quire.dev/errors/${code}`);
  if (field !== undefined) assert.equal(p.field, field, res.text);
}

describe('REST transport', () => {
  let gc: GatewayCluster;
  let gw: RunningGateway;
  let http: ReturnType<typeof request>;
  const create = async (headers: Record<string, string> = PW): Promise<string> => {
    const r = await http.post('/v1/ledgers').set(headers).send({});
    assert.equal(r.status, 201, r.text);
    return (r.body as { ledgerId: string }).ledgerId;
  };
  const lac = async (id: string) => ((await http.get(`/v1/ledgers/${id}/lac`).set(PW)).body as { lastAddConfirmed: string }).lastAddConfirmed;

  before(async () => {
    gc = await startGatewayCluster({
      gateways: 1,
      gateway: { limits: { maxEntryBytes: 1024, maxBatchEntries: 4, maxBatchBytes: 2048, maxPendingAppendsPerLedger: 3, maxReadEntries: 10 } },
    });
    gw = gc.gateways[0]!;
    http = request(gw.url);
  });
  after(async () => {
    await gc.stop();
  });

  test('operations: healthz, readyz, metrics, spec, docs, request ids', async () => {
    const h = await http.get('/healthz');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    const r = await http.get('/readyz');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'ready');
    const y = await http.get('/openapi.yaml');
    assert.equal(y.status, 200);
    assert.match(y.text, /^openapi: 3\.0\.3/);
    const j = await http.get('/openapi.json');
    assert.equal(j.body.info.title, 'Quire gateway');
    const d = await http.get('/docs');
    assert.match(d.text, /swagger-ui-bundle\.js/);
    assert.doesNotMatch(d.text, /https?:\/\//, 'no CDN');
    const asset = await http.get('/docs/assets/swagger-ui-bundle.js');
    assert.equal(asset.status, 200);
    const mine = await http.get('/healthz').set('X-Request-Id', 'req-42');
    assert.equal(mine.headers['x-request-id'], 'req-42');
    const generated = await http.get('/healthz');
    assert.match(generated.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    await create();
    const m = await http.get('/metrics');
    assert.equal(m.status, 200);
    assert.match(m.text, /quire_gateway_http_requests_total\{method="POST",route="\/v1\/ledgers",status="201"\} \d+/);
    assert.match(m.text, /quire_gateway_http_request_duration_seconds_bucket/);
    assert.match(m.text, /quire_gateway_owned_ledgers \d+/);
  });

  test('create: validation names the field; Location header; metadata and list', async () => {
    problem(await http.post('/v1/ledgers').send({ ensembleSize: 'three' }), 400, 'INVALID_ARGUMENT', 'ensembleSize');
    problem(await http.post('/v1/ledgers').send({ ensembleSize: 2, writeQuorumSize: 3 }), 400, 'INVALID_ARGUMENT', 'ensembleSize');
    problem(await http.post('/v1/ledgers').send({ digestType: 'MD5' }), 400, 'INVALID_ARGUMENT', 'digestType');
    problem(await http.post('/v1/ledgers').send({ colour: 'red' }), 400, 'INVALID_ARGUMENT');
    problem(await http.post('/v1/ledgers').send({ entryFormat: 'framed' }), 400, 'INVALID_ARGUMENT', 'entryFormat');
    problem(await http.post('/v1/ledgers').send({ customMetadata: { 'quire.envelope': '0' } }), 400, 'INVALID_ARGUMENT', 'customMetadata');
    problem(await http.post('/v1/ledgers').set('Content-Type', 'application/json').send('{"ensembleSize":'), 400, 'INVALID_ARGUMENT', 'body');
    // Both password headers: refused when they differ, accepted when they carry the same bytes.
    problem(await http.post('/v1/ledgers').set({ 'Quire-Ledger-Password': 'one', 'Quire-Ledger-Password-Base64': Buffer.from('two').toString('base64') }).send({}), 400, 'INVALID_ARGUMENT', 'Quire-Ledger-Password');
    assert.equal((await http.post('/v1/ledgers').set({ 'Quire-Ledger-Password': 'same', 'Quire-Ledger-Password-Base64': Buffer.from('same').toString('base64') }).send({})).status, 201);
    const r = await http.post('/v1/ledgers').set('Quire-Ledger-Password-Base64', Buffer.from([0, 255, 1]).toString('base64')).send({ digestType: 'CRC32C', customMetadata: { team: 'a' } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.location, `/v1/ledgers/${r.body.ledgerId}`);
    assert.equal(r.body.digestType, 'CRC32C');
    assert.equal(r.body.owner, gw.gatewayId);
    const info = await http.get(`/v1/ledgers/${r.body.ledgerId}`);
    assert.equal(info.status, 200);
    assert.deepEqual(info.body.customMetadata, { team: 'a' });
    assert.equal(info.body.entryFormat, 'RAW');
    assert.deepEqual([info.body.length, info.body.storedLength, info.body.payloadLength], ['0', '0', '0']);
    assert.equal(info.body.segments[0].bookies.length, 3);
    // Binary password works; the UTF-8 header with other bytes is refused.
    const ok = await http.post(`/v1/ledgers/${r.body.ledgerId}/entries`).set('Quire-Ledger-Password-Base64', 'AP8B').set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
    assert.equal(ok.status, 201, ok.text);
    problem(await http.post(`/v1/ledgers/${r.body.ledgerId}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from('x')), 403, 'UNAUTHORIZED', 'Quire-Ledger-Password');
  });

  test('a ledger written by another BookKeeper client (no format key) reads as RAW: bytes as stored, payload = stored length', async () => {
    const w = await gw.client.createLedger({ password: 'secret', customMetadata: { producer: 'java' } });
    for (const p of ['hello 1', 'hello 2', '']) await w.append(Buffer.from(p));
    await w.close();
    const info = await http.get(`/v1/ledgers/${w.ledgerId}`);
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.entryFormat, 'RAW');
    assert.deepEqual([info.body.length, info.body.storedLength, info.body.payloadLength], ['14', '14', '14']);
    const page = await http.get(`/v1/ledgers/${w.ledgerId}/entries`).query({ from: '0' }).set(PW);
    assert.deepEqual(page.body.entries.map((e: { data: string }) => Buffer.from(e.data, 'base64').toString()), ['hello 1', 'hello 2', '']);
  });

  test('list is paginated with a page token', async () => {
    for (let i = 0; i < 3; i++) await create();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await http.get('/v1/ledgers').query({ pageSize: 2, ...(token ? { pageToken: token } : {}) });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.ledgers.length <= 2);
      seen.push(...(r.body.ledgers as string[]));
      token = r.body.nextPageToken as string | undefined;
    } while (token);
    assert.deepEqual(seen, [...seen].sort((a, b) => Number(a) - Number(b)));
    assert.ok(seen.length >= 4);
    problem(await http.get('/v1/ledgers').query({ pageSize: 0 }), 400, 'INVALID_ARGUMENT', 'pageSize');
    problem(await http.get('/v1/ledgers').query({ pageToken: 'abc' }), 400, 'INVALID_ARGUMENT', 'pageToken');
  });

  test('bad ids, unknown ledgers and routes', async () => {
    problem(await http.get('/v1/ledgers/abc'), 400, 'INVALID_ARGUMENT', 'ledgerId');
    problem(await http.get('/v1/ledgers/-1'), 400, 'INVALID_ARGUMENT', 'ledgerId');
    problem(await http.get('/v1/ledgers/9223372036854775808'), 400, 'INVALID_ARGUMENT', 'ledgerId');
    problem(await http.get('/v1/ledgers/123456789'), 404, 'NO_SUCH_LEDGER');
    problem(await http.get('/v1/ledgers/123456789/entries').query({ from: '0' }), 404, 'NO_SUCH_LEDGER');
    problem(await http.post('/v1/ledgers/123456789/entries').set('Content-Type', 'application/octet-stream').send(Buffer.from('x')), 404, 'NO_SUCH_LEDGER');
    problem(await http.get('/v1/nothing-here'), 404, 'NO_SUCH_ROUTE');
    const notAllowed = await http.put('/v1/ledgers');
    problem(notAllowed, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(notAllowed.headers['allow'], 'GET, POST', 'a 405 names the allowed methods (RFC 9110)');
    const id = await create();
    problem(await http.get(`/v1/ledgers/${id}/entries/x`).set(PW), 400, 'INVALID_ARGUMENT', 'entryId');
    problem(await http.get(`/v1/ledgers/${id}/entries`).query({ from: 'x' }).set(PW), 400, 'INVALID_ARGUMENT', 'from');
    problem(await http.get(`/v1/ledgers/${id}/entries`).query({ limit: 5000 }).set(PW), 400, 'INVALID_ARGUMENT', 'limit');
    problem(await http.get(`/v1/ledgers/${id}/entries`).query({ sort: 'desc' }).set(PW), 400, 'INVALID_ARGUMENT', 'sort');
  });

  test('append: content types, bodies, headers and limits, with nothing partially written', async () => {
    const created = await http.post('/v1/ledgers').set(PW).send({ entryFormat: 'ENVELOPE' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.entryFormat, 'ENVELOPE');
    const id = created.body.ledgerId as string;
    const post = () => http.post(`/v1/ledgers/${id}/entries`).set(PW);
    problem(await post().set('Content-Type', 'text/plain').send('hello'), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type');
    problem(await post().set('Content-Type', 'application/octet-stream').send(Buffer.alloc(1025)), 413, 'ENTRY_TOO_LARGE', 'body');
    problem(await post().send({ entries: [] }), 400, 'INVALID_ARGUMENT', 'entries');
    problem(await post().send({ entries: [{ data: 'not base64!' }] }), 400, 'INVALID_ARGUMENT', 'entries/0/data');
    problem(await post().send({ entries: [{ data: 'eA==', extra: 1 }] }), 400, 'INVALID_ARGUMENT');
    problem(await post().send({ items: [] }), 400, 'INVALID_ARGUMENT');
    const five = Array.from({ length: 5 }, () => ({ data: 'eA==' }));
    problem(await post().send({ entries: five }), 413, 'ENTRY_TOO_LARGE', 'entries');
    const big = Buffer.alloc(1000).toString('base64');
    problem(await post().send({ entries: [{ data: big }, { data: big }, { data: big }] }), 413, 'ENTRY_TOO_LARGE', 'entries');
    problem(await post().send({ entries: [{ data: 'eA==' }, { data: Buffer.alloc(1025).toString('base64') }] }), 413, 'ENTRY_TOO_LARGE', 'entries/1');
    problem(await post().set('Quire-Producer-Id', 'p').send({ entries: [{ data: 'eA==' }] }), 400, 'INVALID_ARGUMENT', 'Quire-Sequence');
    problem(await post().set('Quire-Producer-Id', 'p').set('Quire-Sequence', '-3').send({ entries: [{ data: 'eA==' }] }), 400, 'INVALID_ARGUMENT', 'Quire-Sequence');
    problem(await post().set('Quire-Expected-Entry-Id', 'zero').send({ entries: [{ data: 'eA==' }] }), 400, 'INVALID_ARGUMENT', 'Quire-Expected-Entry-Id');
    problem(await http.post(`/v1/ledgers/${id}/entries`).set('Content-Type', 'application/octet-stream').send(Buffer.from('x')), 403, 'UNAUTHORIZED', 'Quire-Ledger-Password');
    // None of the refused requests wrote anything.
    assert.equal(await lac(id), '-1');
    const ok = await post().send({ entries: [{ data: 'YQ==' }, { data: 'Yg==' }] });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.receipts.map((r: { entryId: string }) => r.entryId), ['0', '1']);
    const one = await post().set('Content-Type', 'application/octet-stream').send(Buffer.from([0, 1, 2]));
    assert.equal(one.status, 201);
    assert.equal(one.body.entryId, '2');
    assert.ok(one.body.ackedBy.length >= one.body.ackQuorumSize, one.text);
    for (const bookie of one.body.ackedBy as string[]) assert.ok((one.body.writeSet as string[]).includes(bookie));
    const replay = await post().set('Quire-Producer-Id', 'p').set('Quire-Sequence', '1').set('Content-Type', 'application/octet-stream').send(Buffer.from('z'));
    assert.equal(replay.status, 201);
    const dup = await post().set('Quire-Producer-Id', 'p').set('Quire-Sequence', '1').set('Content-Type', 'application/octet-stream').send(Buffer.from('z'));
    assert.equal(dup.status, 200, 'a full replay answers 200');
    assert.equal(dup.body.duplicate, true);
    assert.equal(dup.body.entryId, replay.body.entryId);
    assert.equal(dup.body.ackedBy, undefined, 'a replay does not know who acked the first append');
    const raw = await http.get(`/v1/ledgers/${id}/entries/2`).set(PW).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers['content-type'], 'application/octet-stream');
    assert.equal(raw.headers['quire-entry-id'], '2');
    assert.equal(raw.headers['cache-control'], 'no-store');
    assert.deepEqual(raw.body, Buffer.from([0, 1, 2]));
  });

  test('overload: too many appends in flight answers 429 with Retry-After', async () => {
    const id = await create();
    // The per-ledger bound is 3; a batch of 4 can never be admitted at once.
    const r = await http.post(`/v1/ledgers/${id}/entries`).set(PW).send({ entries: Array.from({ length: 4 }, () => ({ data: 'eA==' })) });
    problem(r, 429, 'TOO_MANY_REQUESTS');
    assert.equal(r.headers['retry-after'], '1');
    assert.equal(r.body.retryable, true);
    assert.equal(await lac(id), '-1');
  });

  test('sealed ledgers: ETag + immutable Cache-Control, 304 on If-None-Match; open ledgers are no-store', async () => {
    const id = await create();
    await http.post(`/v1/ledgers/${id}/entries`).set(PW).send({ entries: [{ data: 'YQ==' }, { data: 'Yg==' }] });
    const open = await http.get(`/v1/ledgers/${id}/entries`).query({ from: '0' }).set(PW);
    assert.equal(open.headers['cache-control'], 'no-store');
    assert.equal(open.headers.etag, undefined);
    const closed = await http.post(`/v1/ledgers/${id}/close`).set(PW);
    assert.equal(closed.status, 200, closed.text);
    // A RAW ledger (the default): two 1-byte payloads are 2 bytes for BookKeeper too.
    assert.deepEqual(closed.body, { ledgerId: id, lastEntryId: '1', length: '2', storedLength: '2', payloadLength: '2' });
    const page = await http.get(`/v1/ledgers/${id}/entries`).query({ from: '0' }).set(PW);
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], IMMUTABLE_CACHE);
    const tag = page.headers.etag!;
    assert.match(tag, /^"q1-[A-Za-z0-9_-]+"$/);
    assert.equal(page.body.sealed, true);
    const again = await http.get(`/v1/ledgers/${id}/entries`).query({ from: '0' }).set(PW).set('If-None-Match', tag);
    assert.equal(again.status, 304);
    const otherRange = await http.get(`/v1/ledgers/${id}/entries`).query({ from: '1' }).set(PW);
    assert.notEqual(otherRange.headers.etag, tag);
    const entry = await http.get(`/v1/ledgers/${id}/entries/1`).set(PW);
    assert.equal(entry.headers['cache-control'], IMMUTABLE_CACHE);
    assert.ok(entry.headers.etag);
    assert.equal((await http.get(`/v1/ledgers/${id}/entries/1`).set(PW).set('If-None-Match', entry.headers.etag!)).status, 304);
    problem(await http.get(`/v1/ledgers/${id}/entries/2`).set(PW), 404, 'NO_SUCH_ENTRY', 'entryId');
    problem(await http.post(`/v1/ledgers/${id}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from('late')), 409, 'LEDGER_CLOSED');
    const del = await http.delete(`/v1/ledgers/${id}`).set(PW);
    assert.equal(del.status, 204);
    problem(await http.get(`/v1/ledgers/${id}`), 404, 'NO_SUCH_LEDGER');
  });

  test('tail: JSON long poll, and SSE resumable with Last-Event-ID, ending after the seal', async () => {
    const id = await create();
    const empty = await http.get(`/v1/ledgers/${id}/tail`).query({ from: '0', waitMs: 0 }).set(PW);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.entries, []);
    problem(await http.get(`/v1/ledgers/${id}/tail`).query({ waitMs: 999999 }).set(PW), 400, 'INVALID_ARGUMENT', 'waitMs');
    await http.post(`/v1/ledgers/${id}/entries`).set(PW).send({ entries: ['YQ==', 'Yg==', 'Yw=='].map((data) => ({ data })) });
    await http.post(`/v1/ledgers/${id}/close`).set(PW);
    const sse = await http.get(`/v1/ledgers/${id}/tail`).set(PW).set('Accept', 'text/event-stream').set('Last-Event-ID', '0');
    assert.equal(sse.status, 200);
    assert.match(sse.headers['content-type'] ?? '', /^text\/event-stream/);
    const events = sse.text.split('\n\n').filter((e) => e.startsWith('id:') || e.startsWith('event:'));
    assert.deepEqual(events.slice(0, 2).map((e) => /^id: (\d+)/.exec(e)?.[1]), ['1', '2']);
    assert.match(events[0]!, /data: \{"entryId":"1","data":"Yg=="\}/);
    assert.match(events[2]!, /^event: sealed\ndata: \{"ledgerId":"\d+","lastEntryId":"2"\}/);
    problem(await http.get(`/v1/ledgers/${id}/tail`).set({ 'Quire-Ledger-Password': 'wrong', Accept: 'text/event-stream' }), 403, 'UNAUTHORIZED');
  });

  test('SSE on an open ledger streams new entries, and the gateway lets go when the client leaves', async () => {
    const id = await create();
    const res = await fetch(`${gw.url}/v1/ledgers/${id}/tail?from=0`, { headers: { ...PW, Accept: 'text/event-stream' } });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await http.post(`/v1/ledgers/${id}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from('live'));
    let text = '';
    while (!text.includes('event: entry')) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'stream ended early');
      text += Buffer.from(value).toString();
    }
    assert.match(text, /id: 0\nevent: entry\ndata: \{"entryId":"0","data":"bGl2ZQ=="\}/);
    await reader.cancel();
    // The stream is released once the gateway notices the client is gone (next append or wait).
    await http.post(`/v1/ledgers/${id}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from('more'));
    for (let i = 0; i < 200 && Number(/quire_gateway_sse_streams (\d+)/.exec((await http.get('/metrics')).text)?.[1]) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match((await http.get('/metrics')).text, /quire_gateway_sse_streams 0/);
  });

  test('peer listener: a forwarded append to a non-owner is refused, never forwarded again', async () => {
    const peer = request(gw.peerUrl);
    const r = await peer.post('/peer/v1/ledgers/123456789/append').send({ entries: ['eA=='] });
    problem(r, 404, 'NO_SUCH_LEDGER');
    problem(await peer.get('/peer/v1/ledgers/123456789/lac'), 503, 'LEDGER_OWNED_ELSEWHERE');
    problem(await peer.get('/v1/ledgers'), 404, 'NO_SUCH_ROUTE');
  });

  test('the public REST port serves no peer or internal routes', async () => {
    assert.notEqual(gw.peerPort, gw.restPort);
    for (const path of ['/internal/v1/ledgers/123456789/append', '/internal/v1/ledgers/123456789/close', '/internal/v1/ledgers/123456789/delete', '/peer/v1/ledgers/123456789/append']) {
      const r = await http.post(path).send({ entries: ['eA=='] });
      assert.equal(r.status, 404, `${path}: ${r.text}`);
    }
    assert.equal((await http.get('/internal/v1/ledgers/123456789/lac')).status, 404);
  });
});
