// The TypeScript SDK's blob client against a real gateway: upload from a file (with its SHA-256
// checked by the gateway), from a stream and from bytes; download to a stream, whole and ranged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { QuireApiError, QuireBlobClient } from '../../clients/typescript/index.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';

let gc: GatewayCluster;
let blobs: QuireBlobClient;
const dir = mkdtempSync(join(tmpdir(), 'quire-blob-sdk-'));

before(async () => {
  gc = await startGatewayCluster({ gateway: { blobJanitor: false, limits: { blobChunkBytes: 64 * 1024 } } });
  blobs = new QuireBlobClient({ baseUrl: gc.gateways[0]!.url });
});
after(async () => {
  await gc.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('putFile with its SHA-256, getTo a file, stat, list, delete', async () => {
  const data = randomBytes(3 * 1024 * 1024 + 17);
  const src = join(dir, 'src.bin');
  writeFileSync(src, data);
  const r = await blobs.putFile('files/a', src, { sha256: true, contentType: 'application/x-test', metadata: { origin: 'sdk' } });
  assert.equal(r.replaced, false);
  assert.equal(r.info.size, BigInt(data.length));
  assert.equal(r.info.sha256, createHash('sha256').update(data).digest('hex'));
  const dst = join(dir, 'dst.bin');
  const got = await blobs.getTo('files/a', createWriteStream(dst));
  assert.equal(got.bytes, data.length);
  assert.ok(readFileSync(dst).equals(data));
  const st = await blobs.stat('files/a');
  assert.equal(st?.size, BigInt(data.length));
  assert.deepEqual(st?.metadata, { origin: 'sdk' });
  assert.equal(st?.contentType, 'application/x-test');
  assert.equal(await blobs.stat('files/none'), undefined);
  assert.deepEqual((await blobs.list({ prefix: 'files/' })).blobs.map((b) => b.name), ['files/a']);
  await blobs.delete('files/a');
  assert.equal(await blobs.stat('files/a'), undefined);
});

test('put from a stream and from bytes; ranged download; errors carry the gateway code', async () => {
  const parts = Array.from({ length: 20 }, () => randomBytes(50_000));
  const whole = Buffer.concat(parts);
  await blobs.put('streams/x', Readable.from(parts));
  const d = await blobs.get('streams/x', { range: { start: 70_000, end: 170_000 } });
  assert.equal(d.status, 206);
  const chunks: Buffer[] = [];
  for await (const c of d.body) chunks.push(c as Buffer);
  assert.ok(Buffer.concat(chunks).equals(whole.subarray(70_000, 170_001)));
  const r = await blobs.put('streams/x', Buffer.from('small'), { sha256: createHash('sha256').update('small').digest() });
  assert.equal(r.replaced, true);
  await assert.rejects(blobs.put('streams/x', Buffer.from('y'), { ifNoneMatch: true }), (e) => e instanceof QuireApiError && e.code === 'BLOB_EXISTS' && e.status === 412);
  await assert.rejects(blobs.put('streams/y', Buffer.from('y'), { sha256: Buffer.alloc(32) }), (e) => e instanceof QuireApiError && e.code === 'BLOB_DIGEST_MISMATCH');
  await assert.rejects(blobs.get('streams/y'), (e) => e instanceof QuireApiError && e.code === 'BLOB_NOT_FOUND');
});
