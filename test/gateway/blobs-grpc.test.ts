// quire.v1.BlobService over gRPC against a real gateway on a local cluster: the same semantics as
// REST (client-streaming upload, server-streaming download, conditional create, digest check).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { credentials, loadPackageDefinition, type Client, type ClientReadableStream, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';
import type { RunningGateway } from '../../gateway/gateway-server.js';
import { startGrpcGateway, type RunningGrpcGateway } from '../../gateway/grpc/grpc-server.js';
import { blobPackageDefinition } from '../../gateway/grpc/grpc-proto.js';
import { quireCodeOf } from '../../gateway/grpc/grpc-errors.js';

const CHUNK = 1000;

interface WireInfo {
  name: string;
  size: string;
  sha256: string;
  ledgerId: string;
  contentType: string;
  metadata: Record<string, string>;
}
type Cb<T> = (err: ServiceError | null, res: T) => void;
interface BlobClient extends Client {
  PutBlob(cb: Cb<{ info: WireInfo; replaced: boolean }>): ClientWritableStream<unknown>;
  GetBlob(req: { name: string; offset?: string; length?: string }): ClientReadableStream<{ info?: WireInfo; data?: Buffer; part: string }>;
  StatBlob(req: { name: string }, cb: Cb<WireInfo>): void;
  DeleteBlob(req: { name: string }, cb: Cb<unknown>): void;
  ListBlobs(req: { prefix?: string; pageSize?: number; pageToken?: string }, cb: Cb<{ blobs: WireInfo[]; nextPageToken: string }>): void;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest();

describe('blobs over gRPC', () => {
  let gc: GatewayCluster;
  let gw: RunningGateway;
  let grpc: RunningGrpcGateway;
  let client: BlobClient;

  before(async () => {
    gc = await startGatewayCluster({ gateway: { blobJanitor: false, limits: { maxEntryBytes: 1024, maxBatchBytes: 4096, blobChunkBytes: CHUNK, blobChunksInFlight: 4 } } });
    gw = gc.gateways[0]!;
    grpc = await startGrpcGateway(gw.service, { host: '127.0.0.1', port: 0, limits: gw.limits, blobs: gw.blobs });
    const pkg = loadPackageDefinition(blobPackageDefinition()) as unknown as { quire: { v1: { BlobService: new (addr: string, creds: ReturnType<typeof credentials.createInsecure>) => BlobClient } } };
    client = new pkg.quire.v1.BlobService(`127.0.0.1:${grpc.port}`, credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await grpc.stop();
    await gc.stop();
  });

  function put(header: Record<string, unknown>, data: Buffer, piece = 777): Promise<{ info: WireInfo; replaced: boolean }> {
    return new Promise((resolve, reject) => {
      const call = client.PutBlob((err, res) => (err ? reject(err) : resolve(res)));
      call.write({ header });
      for (let i = 0; i < data.length; i += piece) call.write({ data: data.subarray(i, i + piece) });
      call.end();
    });
  }

  function get(name: string, offset?: number, length?: number): Promise<{ info: WireInfo; data: Buffer }> {
    return new Promise((resolve, reject) => {
      const s = client.GetBlob({ name, ...(offset !== undefined ? { offset: String(offset) } : {}), ...(length !== undefined ? { length: String(length) } : {}) });
      let info: WireInfo | undefined;
      const parts: Buffer[] = [];
      s.on('data', (m: { info?: WireInfo; data?: Buffer; part: string }) => {
        if (m.part === 'info') info = m.info;
        else parts.push(m.data!);
      });
      s.on('error', reject);
      s.on('end', () => resolve({ info: info!, data: Buffer.concat(parts) }));
    });
  }

  const code = (e: unknown) => quireCodeOf(e as ServiceError).code;

  test('client-streaming upload and server-streaming download round trip, whole and ranged', async () => {
    for (const size of [0, 1, CHUNK, CHUNK + 1, 23 * CHUNK + 11]) {
      const data = randomBytes(size);
      const r = await put({ name: `g/${size}`, contentType: 'text/plain', metadata: { k: 'v' }, sha256: sha(data), size: String(size) }, data);
      assert.equal(r.replaced, false);
      assert.equal(r.info.size, String(size));
      assert.equal(r.info.sha256, sha(data).toString('hex'));
      const g = await get(`g/${size}`);
      assert.equal(g.info.contentType, 'text/plain');
      assert.deepEqual(g.info.metadata, { k: 'v' });
      assert.ok(g.data.equals(data), `size ${size}`);
    }
    const data = randomBytes(7 * CHUNK + 5);
    await put({ name: 'g/range' }, data);
    assert.ok((await get('g/range', 999, 1002)).data.equals(data.subarray(999, 2001)));
    assert.ok((await get('g/range', 6000)).data.equals(data.subarray(6000)));
    assert.ok((await get('g/range', 0, 1_000_000)).data.equals(data));
    await assert.rejects(get('g/range', data.length), (e) => code(e) === 'RANGE_NOT_SATISFIABLE');
    await assert.rejects(get('g/nope'), (e) => code(e) === 'BLOB_NOT_FOUND');
  });

  test('conditional create, replace, digest mismatch and a short stream leave the right state', async () => {
    const before = new Set((await gw.client.listLedgers()).map(String));
    const v1 = randomBytes(3 * CHUNK);
    await put({ name: 'c', ifNoneMatch: true }, v1);
    await assert.rejects(put({ name: 'c', ifNoneMatch: true }, randomBytes(10)), (e) => code(e) === 'BLOB_EXISTS' && (e as ServiceError).code === 6);
    await assert.rejects(put({ name: 'd', sha256: sha(Buffer.from('other')) }, randomBytes(2 * CHUNK)), (e) => code(e) === 'BLOB_DIGEST_MISMATCH');
    await assert.rejects(put({ name: 'e', size: '5000' }, randomBytes(4000)), (e) => code(e) === 'BLOB_UPLOAD_INCOMPLETE');
    await assert.rejects(get('d'), (e) => code(e) === 'BLOB_NOT_FOUND');
    await assert.rejects(get('e'), (e) => code(e) === 'BLOB_NOT_FOUND');
    const r = await put({ name: 'c' }, Buffer.from('v2'));
    assert.equal(r.replaced, true);
    assert.equal((await get('c')).data.toString(), 'v2');
    const after = new Set((await gw.client.listLedgers()).map(String));
    // Only c's current ledger was added: refused uploads and the replaced ledger are gone.
    assert.deepEqual([...after].filter((l) => !before.has(l)), [r.info.ledgerId]);
  });

  test('a cancelled upload leaves nothing visible and no ledger', async () => {
    const before = new Set((await gw.client.listLedgers()).map(String));
    const call = client.PutBlob(() => undefined);
    call.write({ header: { name: 'cancelled' } });
    for (let i = 0; i < 20; i++) call.write({ data: randomBytes(CHUNK) });
    await new Promise((r) => setTimeout(r, 200));
    call.cancel();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (gw.blobs.activeTransfers > 0 || (await gw.client.listLedgers()).length !== before.size)) await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(get('cancelled'), (e) => code(e) === 'BLOB_NOT_FOUND');
    assert.deepEqual(new Set((await gw.client.listLedgers()).map(String)), before);
  });

  test('stat, list and delete', async () => {
    for (const n of ['l/1', 'l/2', 'l/3']) await put({ name: n }, Buffer.from(n));
    const st = await new Promise<WireInfo>((res, rej) => client.StatBlob({ name: 'l/2' }, (e, r) => (e ? rej(e) : res(r))));
    assert.equal(st.size, '3');
    const page = await new Promise<{ blobs: WireInfo[]; nextPageToken: string }>((res, rej) => client.ListBlobs({ prefix: 'l/', pageSize: 2 }, (e, r) => (e ? rej(e) : res(r))));
    assert.deepEqual(page.blobs.map((b) => b.name), ['l/1', 'l/2']);
    assert.notEqual(page.nextPageToken, '');
    const rest = await new Promise<{ blobs: WireInfo[]; nextPageToken: string }>((res, rej) => client.ListBlobs({ prefix: 'l/', pageSize: 2, pageToken: page.nextPageToken }, (e, r) => (e ? rej(e) : res(r))));
    assert.deepEqual(rest.blobs.map((b) => b.name), ['l/3']);
    assert.equal(rest.nextPageToken, '');
    await new Promise<void>((res, rej) => client.DeleteBlob({ name: 'l/2' }, (e) => (e ? rej(e) : res())));
    await assert.rejects(new Promise((res, rej) => client.StatBlob({ name: 'l/2' }, (e, r) => (e ? rej(e) : res(r)))), (e) => code(e) === 'BLOB_NOT_FOUND');
  });
});
