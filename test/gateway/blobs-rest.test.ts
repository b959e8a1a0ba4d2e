// Blobs over REST against a real gateway on a local cluster (three real bookies, embedded
// metadata), with a small chunk size so that chunk boundaries are cheap to cross.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';
import type { RunningGateway } from '../../gateway/gateway-server.js';

const CHUNK = 1000;

interface BlobInfo {
  name: string;
  size: string;
  chunkBytes: number;
  ledgerId: string;
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const digestHeader = (b: Buffer) => `sha-256=:${createHash('sha256').update(b).digest('base64')}:`;

describe('blobs over REST', () => {
  let gc: GatewayCluster;
  let gw: RunningGateway;
  const url = (name: string) => `${gw.url}/v1/blobs/${encodeURIComponent(name)}`;
  const put = (name: string, body: Buffer, headers: Record<string, string> = {}) => fetch(url(name), { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...headers } });
  const ledgers = async () => new Set((await gw.client.listLedgers()).map(String));

  async function problem(r: Response, status: number, code: string): Promise<Record<string, unknown>> {
    const text = await r.text();
    assert.equal(r.status, status, text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const p = JSON.parse(text) as Record<string, unknown>;
    assert.equal(p.code, code, text);
    return p;
  }

  before(async () => {
    gc = await startGatewayCluster({
      gateways: 1,
      gateway: { blobJanitor: false, limits: { maxEntryBytes: 1024, maxBatchBytes: 4096, blobChunkBytes: CHUNK, blobChunksInFlight: 4, maxBlobBufferBytes: 8 * CHUNK, maxBlobBytes: 200_000 } },
    });
    gw = gc.gateways[0]!;
  });
  after(async () => {
    await gc.stop();
  });

  test('round trips around the chunk boundary: 0, 1, chunk-1, chunk, chunk+1, many chunks', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 57 * CHUNK + 7]) {
      const data = randomBytes(size);
      const name = `sizes/${size}`;
      const r = await put(name, data, { 'content-digest': digestHeader(data) });
      const info = (await r.json()) as BlobInfo;
      assert.equal(r.status, 201, JSON.stringify(info));
      assert.equal(info.size, String(size));
      assert.equal(info.sha256, sha(data));
      assert.equal(info.chunkBytes, CHUNK);
      assert.equal(r.headers.get('etag'), `"${sha(data)}"`);
      // The ledger holds exactly ceil(size / chunk) entries and is sealed.
      const md = await gw.service.metadata(BigInt(info.ledgerId));
      assert.equal(md.state, 'CLOSED');
      assert.equal(md.lastEntryId, BigInt(Math.ceil(size / CHUNK)) - 1n);
      const g = await fetch(url(name));
      assert.equal(g.status, 200);
      assert.equal(g.headers.get('content-length'), String(size));
      assert.equal(g.headers.get('etag'), `"${sha(data)}"`);
      assert.equal(g.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(g.headers.get('accept-ranges'), 'bytes');
      assert.equal(g.headers.get('repr-digest'), digestHeader(data));
      assert.ok(Buffer.from(await g.arrayBuffer()).equals(data), `size ${size} round trip`);
    }
  });

  test('Range: single ranges, suffixes, open ends, edges, 416, multiple ranges and If-Range', async () => {
    const data = randomBytes(5 * CHUNK + 123);
    const size = data.length;
    assert.equal((await put('ranges', data)).status, 201);
    const get = (range: string, extra: Record<string, string> = {}) => fetch(url('ranges'), { headers: { range, ...extra } });
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=0-999', 0, 999],
      ['bytes=999-1000', 999, 1000],
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=1500-3700', 1500, 3700],
      ['bytes=4000-', 4000, size - 1],
      ['bytes=-1', size - 1, size - 1],
      ['bytes=-1123', size - 1123, size - 1],
      ['bytes=-999999', 0, size - 1],
      [`bytes=${size - 1}-${size + 1000}`, size - 1, size - 1],
    ];
    for (const [range, a, b] of cases) {
      const r = await get(range);
      assert.equal(r.status, 206, range);
      assert.equal(r.headers.get('content-range'), `bytes ${a}-${b}/${size}`, range);
      assert.equal(r.headers.get('content-length'), String(b - a + 1), range);
      assert.ok(Buffer.from(await r.arrayBuffer()).equals(data.subarray(a, b + 1)), range);
    }
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
      const r = await get(range);
      await problem(r, 416, 'RANGE_NOT_SATISFIABLE');
      assert.equal(r.headers.get('content-range'), `bytes */${size}`);
    }
    // Ignored: several ranges, bad syntax, reversed: the whole blob.
    for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=9-3']) {
      const r = await get(range);
      assert.equal(r.status, 200, range);
      assert.equal(Buffer.from(await r.arrayBuffer()).length, size);
    }
    // If-Range with the ETag honours the range; with another tag sends everything.
    const etag = `"${sha(data)}"`;
    assert.equal((await get('bytes=0-9', { 'if-range': etag })).status, 206);
    const other = await get('bytes=0-9', { 'if-range': '"other"' });
    assert.equal(other.status, 200);
    await other.arrayBuffer();
    // Any range of an empty blob is unsatisfiable.
    assert.equal((await put('empty', Buffer.alloc(0))).status, 201);
    await problem(await fetch(url('empty'), { headers: { range: 'bytes=0-' } }), 416, 'RANGE_NOT_SATISFIABLE');
  });

  test('HEAD and If-None-Match: headers only, 304 on the ETag', async () => {
    const data = randomBytes(3 * CHUNK);
    assert.equal((await put('head', data, { 'content-type': 'image/png', 'quire-blob-metadata': '{"owner":"ann","note":"\\u00e9"}' })).status, 201);
    const h = await fetch(url('head'), { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get('content-length'), String(data.length));
    assert.equal(h.headers.get('content-type'), 'image/png');
    assert.deepEqual(JSON.parse(h.headers.get('quire-blob-metadata')!), { owner: 'ann', note: 'é' });
    assert.equal((await h.arrayBuffer()).byteLength, 0);
    const etag = h.headers.get('etag')!;
    for (const inm of [etag, `"x", ${etag}`, '*', `W/${etag}`]) {
      const r = await fetch(url('head'), { headers: { 'if-none-match': inm } });
      assert.equal(r.status, 304, inm);
      assert.equal(r.headers.get('etag'), etag);
    }
    assert.equal((await fetch(url('head'), { headers: { 'if-none-match': '"nope"' } })).status, 200);
    await problem(await fetch(url('no-such-blob')), 404, 'BLOB_NOT_FOUND');
    assert.equal((await fetch(url('no-such-blob'), { method: 'HEAD' })).status, 404);
  });

  test('a digest mismatch is refused: nothing visible, its ledger deleted', async () => {
    const before = await ledgers();
    const data = randomBytes(4 * CHUNK + 1);
    const wrong = digestHeader(Buffer.from('something else'));
    const p = await problem(await put('bad-digest', data, { 'content-digest': wrong }), 400, 'BLOB_DIGEST_MISMATCH');
    assert.equal(p.field, 'Content-Digest');
    await problem(await fetch(url('bad-digest')), 404, 'BLOB_NOT_FOUND');
    assert.deepEqual(await ledgers(), before, 'the upload ledger is deleted');
    assert.deepEqual(await gw.blobs.pendingLedgerIds(), []);
    // Exactly one sha-256 member is accepted (the contract's pattern); anything else is a 400.
    await problem(await put('other-alg', data, { 'content-digest': 'sha-512=:AAAA:' }), 400, 'INVALID_ARGUMENT');
    await problem(await put('bad-syntax', data, { 'content-digest': 'sha-256=nope' }), 400, 'INVALID_ARGUMENT');
  });

  test('overwrite replaces on commit and deletes the old ledger; If-None-Match: * creates only', async () => {
    const v1 = randomBytes(2 * CHUNK + 5);
    const v2 = randomBytes(CHUNK - 3);
    const r1 = await put('doc', v1, { 'if-none-match': '*' });
    assert.equal(r1.status, 201);
    const l1 = ((await r1.json()) as BlobInfo).ledgerId;
    const before = await ledgers();
    await problem(await put('doc', v2, { 'if-none-match': '*' }), 412, 'BLOB_EXISTS');
    assert.deepEqual(await ledgers(), before, 'a refused conditional create leaves no ledger');
    assert.ok(Buffer.from(await (await fetch(url('doc'))).arrayBuffer()).equals(v1));
    const r2 = await put('doc', v2);
    assert.equal(r2.status, 200, 'replaced');
    const l2 = ((await r2.json()) as BlobInfo).ledgerId;
    assert.notEqual(l2, l1);
    const after = await ledgers();
    assert.ok(!after.has(l1), 'the replaced ledger is deleted');
    assert.ok(after.has(l2));
    const g = await fetch(url('doc'));
    assert.equal(g.headers.get('etag'), `"${sha(v2)}"`);
    assert.ok(Buffer.from(await g.arrayBuffer()).equals(v2));
  });

  test('delete, and list with prefix and pagination in name order', async () => {
    const names = ['list/b', 'list/a', 'list/c/1', 'list/é', 'list/a/x', 'lisT'];
    for (const n of names) assert.equal((await put(n, Buffer.from(n))).status, 201);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ prefix: 'list/', pageSize: '2', ...(token ? { pageToken: token } : {}) });
      const r = await fetch(`${gw.url}/v1/blobs?${q.toString()}`);
      assert.equal(r.status, 200);
      const page = (await r.json()) as { blobs: BlobInfo[]; nextPageToken?: string };
      assert.ok(page.blobs.length <= 2);
      seen.push(...page.blobs.map((b) => b.name));
      token = page.nextPageToken;
    } while (token !== undefined);
    assert.deepEqual(seen, ['list/a', 'list/a/x', 'list/b', 'list/c/1', 'list/é']);
    const l = ((await (await fetch(url('list/b'))).headers.get('quire-blob-ledger-id')) ?? '');
    const d = await fetch(url('list/b'), { method: 'DELETE' });
    assert.equal(d.status, 204);
    await problem(await fetch(url('list/b')), 404, 'BLOB_NOT_FOUND');
    await problem(await fetch(url('list/b'), { method: 'DELETE' }), 404, 'BLOB_NOT_FOUND');
    assert.ok(!(await ledgers()).has(l), 'the deleted blob ledger is deleted');
    await problem(await fetch(`${gw.url}/v1/blobs?pageSize=0`), 400, 'INVALID_ARGUMENT');
  });

  test('limits: too large by Content-Length (before any byte) and by streamed bytes; bad names and metadata', async () => {
    const before = await ledgers();
    await problem(await put('big', Buffer.alloc(200_001)), 413, 'BLOB_TOO_LARGE');
    // Chunked transfer (no Content-Length): refused once the limit is passed.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 30; i++) c.enqueue(new Uint8Array(10_000));
        c.close();
      },
    });
    const r = await fetch(url('big-stream'), { method: 'PUT', body: stream, duplex: 'half', headers: { 'content-type': 'application/octet-stream' } } as RequestInit);
    await problem(r, 413, 'BLOB_TOO_LARGE');
    await problem(await fetch(url('big-stream')), 404, 'BLOB_NOT_FOUND');
    assert.deepEqual(await ledgers(), before);
    await problem(await put('a\u0001b', Buffer.from('x')), 400, 'INVALID_ARGUMENT');
    await problem(await put('m', Buffer.from('x'), { 'quire-blob-metadata': '{"Bad Key":"v"}' }), 400, 'INVALID_ARGUMENT');
    await problem(await put('m', Buffer.from('x'), { 'quire-blob-metadata': '[1]' }), 400, 'INVALID_ARGUMENT');
  });

  test('a client that goes away mid-upload leaves nothing visible and no ledger', async () => {
    const before = await ledgers();
    await new Promise<void>((resolve) => {
      const req = httpRequest(url('abandoned'), { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': String(100 * CHUNK) } });
      req.on('error', () => resolve());
      req.write(randomBytes(20 * CHUNK), () => {
        // Wait for the gateway to have cut some chunks, then vanish.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
    });
    // The gateway notices the reset and deletes the ledger: wait for it (bounded), never assume timing.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (gw.blobs.activeTransfers > 0 || (await ledgers()).size !== before.size)) await new Promise((r) => setTimeout(r, 50));
    await problem(await fetch(url('abandoned')), 404, 'BLOB_NOT_FOUND');
    assert.deepEqual(await ledgers(), before);
    assert.deepEqual(await gw.blobs.pendingLedgerIds(), []);
  });
  test('overload: more transfers than maxBlobTransfers answer 429 with Retry-After, and the held upload still commits', async () => {
    const small = await gc.addGateway({ blobJanitor: false, limits: { maxEntryBytes: 1024, maxBatchBytes: 4096, blobChunkBytes: CHUNK, maxBlobTransfers: 1 } });
    const held = httpRequest(`${small.url}/v1/blobs/held`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': String(3 * CHUNK) } });
    const answer = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      held.on('error', reject);
    });
    held.write(randomBytes(CHUNK));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && small.blobs.activeTransfers === 0) await new Promise((r) => setTimeout(r, 20));
    const r = await fetch(`${small.url}/v1/blobs/second`, { method: 'PUT', body: Buffer.from('x'), headers: { 'content-type': 'application/octet-stream' } });
    await problem(r, 429, 'TOO_MANY_REQUESTS');
    assert.equal(r.headers.get('retry-after'), '1');
    held.end(randomBytes(2 * CHUNK));
    assert.equal(await answer, 201);
  });
});
