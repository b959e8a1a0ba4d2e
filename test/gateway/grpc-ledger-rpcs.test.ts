// The gateway's gRPC transport against the real service over real bookies: the unary ledger RPCs
// (create, append, compare-and-append, exactly-once, batch, close, fence, recover, delete, list)
// and the error mapping (status from common/errors.ts, code and retry flag in trailers); the standard
// health service following readiness, and server reflection good enough to build a client (as
// grpcurl does). Streams, reads and tails: grpc-streams.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { credentials, loadPackageDefinition, makeGenericClientConstructor, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';
import { quireCodeOf } from '../../gateway/grpc/grpc-errors.js';
import { PASSWORD_BIN_HEADER } from '../../gateway/grpc/grpc-server.js';
import type { LedgerService } from '../../gateway/ledger-service.js';
import { eventually } from '../metadata/eventually.js';
import { grpcError, ledgerCalls, LIMITS, PW, pwHeader, withGrpcStack, type GrpcStack, type Msg } from './grpc-harness.js';

describe('gRPC gateway over a real cluster: unary RPCs, health and reflection', () => {
  let st: GrpcStack;
  let c: GrpcLedgerClient;
  const { create, append, readAll } = ledgerCalls(() => c);
  withGrpcStack((s) => {
    st = s;
    c = s.client;
  });

  test('CreateLedger and GetMetadata: sizes, digest, custom metadata, owner', async () => {
    const info = await create({ ensembleSize: 3, writeQuorumSize: 3, ackQuorumSize: 2, digestType: 'DIGEST_TYPE_CRC32C', customMetadata: { app: 'orders', team: 'x' } });
    assert.match(info.ledgerId, /^\d+$/);
    assert.equal(info.state, 'LEDGER_STATE_OPEN');
    assert.deepEqual([info.ensembleSize, info.writeQuorumSize, info.ackQuorumSize], [3, 3, 2]);
    assert.equal(info.digestType, 'DIGEST_TYPE_CRC32C');
    assert.equal(info.lastEntryId, '-1');
    assert.equal(info.segments.length, 1);
    assert.equal(info.segments[0].bookies.length, 3);
    const md = (await c.unary('GetMetadata', { ledgerId: info.ledgerId })) as Msg;
    assert.equal(md.ledgerId, info.ledgerId);
    assert.equal(md.customMetadata.app, 'orders');
    assert.equal(md.owner, st.service.gatewayId);
    assert.match(md.createdAtMs ?? '0', /^\d+$/);
    assert.equal(md.entryFormat, 'ENTRY_FORMAT_RAW');
    assert.deepEqual([md.length, md.storedLength, md.payloadLength], ['0', '0', '0']);
  });

  test('CreateLedger rejects bad sizes and an unknown digest with INVALID_ARGUMENT', async () => {
    await grpcError(create({ ensembleSize: 2, writeQuorumSize: 3 }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await grpcError(create({ ensembleSize: 99 }), status.INVALID_ARGUMENT);
    await grpcError(create({ digestType: 42 }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await grpcError(create({ entryFormat: 42 }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
  });

  test('Append returns a durability receipt; passwords by field, text header or binary header', async () => {
    const { ledgerId } = await create();
    const r0 = await append(ledgerId, 'zero');
    assert.equal(r0.ledgerId, ledgerId);
    assert.equal(r0.entryId, '0');
    assert.ok(BigInt(r0.lastAddConfirmed) >= 0n);
    assert.equal(r0.writeSet.length, 2);
    assert.equal(r0.ackQuorumSize, 2);
    assert.equal(r0.duplicate, false);
    assert.ok(r0.ackedBy.length >= 2);
    for (const bookie of r0.ackedBy as string[]) assert.ok((r0.writeSet as string[]).includes(bookie));
    const r1 = await c.unary('Append', { ledgerId, data: Buffer.from('one') }, { metadata: pwHeader('secret') });
    assert.equal(r1.entryId, '1');
    const bin = new Metadata();
    bin.set(PASSWORD_BIN_HEADER, PW);
    const r2 = await c.unary('Append', { ledgerId, data: Buffer.from('two') }, { metadata: bin });
    assert.equal(r2.entryId, '2');
    const got = await readAll(ledgerId);
    assert.deepEqual(got.map((e) => e.data.toString()), ['zero', 'one', 'two']);
  });

  test('wrong password is PERMISSION_DENIED on every ledger RPC, and nothing is written', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, 'a');
    const bad = { ledgerId, password: Buffer.from('nope') };
    const err = await grpcError(c.unary('Append', { ...bad, data: Buffer.from('x') }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    assert.equal(quireCodeOf(err).field, 'password');
    await grpcError(c.unary('Append', { ledgerId, data: Buffer.from('x') }, { metadata: pwHeader('nope') }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.unary('AppendBatch', { ...bad, entries: [Buffer.from('x')] }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.unary('ReadEntry', { ...bad, entryId: '0' }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.collect('ReadRange', { ...bad, fromEntryId: '0' }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.unary('GetLastAddConfirmed', bad), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.collect('Tail', { ...bad, fromEntryId: '0', waitMs: 10 }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.unary('Close', bad), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await grpcError(c.unary('Recover', bad), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    const lac = await c.unary('GetLastAddConfirmed', { ledgerId, password: PW });
    assert.equal(lac.lastAddConfirmed, '0');
  });

  test('unknown ledger is NOT_FOUND; out-of-range ids are INVALID_ARGUMENT naming the field', async () => {
    const missing = '987654321';
    await grpcError(c.unary('GetMetadata', { ledgerId: missing }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(append(missing, 'x'), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.unary('ReadEntry', { ledgerId: missing, entryId: '0', password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.unary('GetLastAddConfirmed', { ledgerId: missing, password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.collect('ReadRange', { ledgerId: missing, fromEntryId: '0', password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.collect('Tail', { ledgerId: missing, fromEntryId: '0', password: PW, waitMs: 10 }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.unary('Close', { ledgerId: missing, password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.unary('Recover', { ledgerId: missing, password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    await grpcError(c.unary('Delete', { ledgerId: missing, password: PW }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    // uint64 beyond BookKeeper's int64 ids
    const e1 = await grpcError(c.unary('GetMetadata', { ledgerId: '18446744073709551615' }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    assert.match(e1.details, /ledger_id/);
    const { ledgerId } = await create();
    const e2 = await grpcError(c.unary('ReadEntry', { ledgerId, entryId: '-5', password: PW }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    assert.match(e2.details, /entry_id/);
    await grpcError(c.collect('ReadRange', { ledgerId, fromEntryId: '-1', password: PW }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await grpcError(c.collect('ReadRange', { ledgerId, fromEntryId: '5', toEntryId: '2', password: PW }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await grpcError(append(ledgerId, 'x', { expectedEntryId: '-2' }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    await grpcError(append(ledgerId, 'x', { producerId: 'p' }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
  });

  test('compare-and-append: the expected id wins, a wrong one is FAILED_PRECONDITION and writes nothing', async () => {
    const { ledgerId } = await create();
    assert.equal((await append(ledgerId, 'a', { expectedEntryId: '0' })).entryId, '0');
    assert.equal((await append(ledgerId, 'b', { expectedEntryId: '1' })).entryId, '1');
    await grpcError(append(ledgerId, 'c', { expectedEntryId: '1' }), status.FAILED_PRECONDITION, 'APPEND_CONFLICT');
    await grpcError(append(ledgerId, 'c', { expectedEntryId: '7' }), status.FAILED_PRECONDITION, 'APPEND_CONFLICT');
    assert.deepEqual((await readAll(ledgerId)).map((e) => e.data.toString()), ['a', 'b']);
  });

  test('exactly-once: a retried (producer_id, sequence) returns the first receipt, marked duplicate', async () => {
    const raw = await create();
    const refused = await grpcError(append(raw.ledgerId, 'once', { producerId: 'orders-7', sequence: '0' }), status.FAILED_PRECONDITION, 'EXACTLY_ONCE_NOT_ENABLED');
    assert.equal(quireCodeOf(refused).field, 'producer_id');
    const { ledgerId, entryFormat } = await create({ entryFormat: 'ENTRY_FORMAT_ENVELOPE' });
    assert.equal(entryFormat, 'ENTRY_FORMAT_ENVELOPE');
    const first = await append(ledgerId, 'once', { producerId: 'orders-7', sequence: '0' });
    const again = await append(ledgerId, 'once', { producerId: 'orders-7', sequence: '0' });
    assert.equal(again.entryId, first.entryId);
    assert.equal(again.duplicate, true);
    const next = await append(ledgerId, 'twice', { producerId: 'orders-7', sequence: '1' });
    assert.equal(next.entryId, '1');
    assert.deepEqual((await readAll(ledgerId)).map((e) => e.data.toString()), ['once', 'twice']);
    const seal = (await c.unary('Close', { ledgerId, password: PW })) as Msg;
    const storedBytes = String(4 + 5 + 2 * (2 + 2 + 'orders-7'.length + 8));
    assert.deepEqual([seal.length, seal.storedLength, seal.payloadLength], [storedBytes, storedBytes, '9']);
  });

  test('AppendBatch: consecutive ids, all or nothing on bad input', async () => {
    const { ledgerId } = await create();
    const r = (await c.unary('AppendBatch', { ledgerId, password: PW, entries: ['a', 'b', 'c'].map((s) => Buffer.from(s)) })) as Msg;
    assert.deepEqual(r.receipts.map((x: Msg) => x.entryId), ['0', '1', '2']);
    const tooMany = Array.from({ length: LIMITS.maxBatchEntries + 1 }, () => Buffer.from('x'));
    await grpcError(c.unary('AppendBatch', { ledgerId, password: PW, entries: tooMany }), status.INVALID_ARGUMENT, 'ENTRY_TOO_LARGE');
    const oneTooBig = [Buffer.from('ok'), Buffer.alloc(LIMITS.maxEntryBytes + 1)];
    const e = await grpcError(c.unary('AppendBatch', { ledgerId, password: PW, entries: oneTooBig }), status.INVALID_ARGUMENT, 'ENTRY_TOO_LARGE');
    assert.equal(quireCodeOf(e).field, 'entries[1]');
    await grpcError(c.unary('AppendBatch', { ledgerId, password: PW, entries: [] }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
    const lac = await c.unary('GetLastAddConfirmed', { ledgerId, password: PW });
    assert.equal(lac.lastAddConfirmed, '2');
  });

  test('oversized: just over the entry limit is INVALID_ARGUMENT (table), far over the message limit RESOURCE_EXHAUSTED', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, Buffer.alloc(LIMITS.maxEntryBytes, 7)); // exactly the limit is fine
    await grpcError(append(ledgerId, Buffer.alloc(LIMITS.maxEntryBytes + 1)), status.INVALID_ARGUMENT, 'ENTRY_TOO_LARGE');
    // Beyond max_receive_message_length grpc-js refuses the message before it is decoded.
    await grpcError(append(ledgerId, Buffer.alloc(LIMITS.maxBatchBytes * 4)), status.RESOURCE_EXHAUSTED);
    const lac = await c.unary('GetLastAddConfirmed', { ledgerId, password: PW });
    assert.equal(lac.lastAddConfirmed, '0');
  });

  test('Close seals; appends after it are FAILED_PRECONDITION with the last entry id in the trailers', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, 'a');
    await append(ledgerId, 'bb');
    const seal = await c.unary('Close', { ledgerId, password: PW });
    assert.equal(seal.ledgerId, ledgerId);
    assert.equal(seal.lastEntryId, '1');
    assert.ok(BigInt(seal.length as string) >= 3n);
    assert.equal((await c.unary('GetMetadata', { ledgerId })).length, seal.length);
    const again = await c.unary('Close', { ledgerId, password: PW });
    assert.deepEqual(again, seal);
    const err = await grpcError(append(ledgerId, 'c'), status.FAILED_PRECONDITION, 'LEDGER_CLOSED');
    assert.equal(quireCodeOf(err).lastEntryId, '1');
    assert.equal((await c.unary('GetMetadata', { ledgerId })).state, 'LEDGER_STATE_CLOSED');
  });

  test('a ledger fenced behind the writer: appends are FAILED_PRECONDITION, Recover returns the sealed end', async () => {
    const { ledgerId } = await create();
    await append(ledgerId, 'x');
    await append(ledgerId, 'y');
    // Another client recovers the ledger: the bookies fence it, and the gateway's handle is dead.
    const rh = await st.bk.openLedger(BigInt(ledgerId), { password: PW, recovery: true });
    assert.equal(rh.lastAddConfirmed, 1n);
    const err = await grpcError(append(ledgerId, 'z'), status.FAILED_PRECONDITION);
    assert.ok(['LEDGER_FENCED', 'LEDGER_CLOSED'].includes(quireCodeOf(err).code!), quireCodeOf(err).code);
    assert.equal(quireCodeOf(err).retryable, false);
    const seal = await c.unary('Recover', { ledgerId, password: PW });
    assert.equal(seal.lastEntryId, '1');
    assert.equal(seal.length, String(rh.length));
  });

  test('Recover seals an open ledger at its last confirmed entry', async () => {
    const { ledgerId } = await create();
    await c.unary('AppendBatch', { ledgerId, password: PW, entries: [Buffer.from('p'), Buffer.from('q'), Buffer.from('r')] });
    const seal = await c.unary('Recover', { ledgerId, password: PW });
    assert.equal(seal.ledgerId, ledgerId);
    assert.equal(seal.lastEntryId, '2');
    assert.equal((await c.unary('GetMetadata', { ledgerId })).length, seal.length);
    await grpcError(append(ledgerId, 's'), status.FAILED_PRECONDITION);
    assert.deepEqual(await c.unary('Recover', { ledgerId, password: PW }), seal);
  });

  test('Delete removes the ledger; List pages through every id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create()).ledgerId as string);
    const listed: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await c.unary<Msg>('List', { pageSize: 2, pageToken: token });
      assert.ok(page.ledgerIds.length <= 2);
      listed.push(...(page.ledgerIds as string[]));
      token = page.nextPageToken as string;
      pages++;
    } while (token && pages < 1000);
    for (const id of ids) assert.ok(listed.includes(id), `ledger ${id} listed`);
    assert.deepEqual([...listed].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)), listed, 'ascending');
    await grpcError(c.unary('List', { pageSize: 2, pageToken: 'garbage!' }), status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');

    await grpcError(c.unary('Delete', { ledgerId: ids[0], password: Buffer.from('nope') }), status.PERMISSION_DENIED, 'UNAUTHORIZED');
    await c.unary('Delete', { ledgerId: ids[0], password: PW });
    await grpcError(c.unary('GetMetadata', { ledgerId: ids[0] }), status.NOT_FOUND, 'NO_SUCH_LEDGER');
    const after = await c.unary('List', { pageSize: 1000 });
    assert.ok(!(after.ledgerIds as string[]).includes(ids[0]!));
  });

  test('overload inside the service answers RESOURCE_EXHAUSTED, retryable, with a retry hint', async () => {
    const g = await st.addGateway({ limits: { ...LIMITS, maxPendingAppendsTotal: 1, maxPendingAppendsPerLedger: 1 } });
    const { ledgerId } = (await g.client.unary('CreateLedger', { password: PW })) as Msg;
    const results = await Promise.allSettled(Array.from({ length: 64 }, (_, i) => g.client.unary('Append', { ledgerId, data: Buffer.from(`o${i}`), password: PW })));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as ServiceError);
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.ok(ok.length >= 1);
    assert.ok(rejected.length >= 1, 'some appends were refused');
    for (const e of rejected) {
      assert.equal(e.code, status.RESOURCE_EXHAUSTED, e.details);
      assert.equal(quireCodeOf(e).code, 'TOO_MANY_REQUESTS');
      assert.equal(quireCodeOf(e).retryable, true);
      assert.match(String(e.metadata.get('quire-retry-after-ms')[0]), /^\d+$/);
    }
    // Refused appends wrote nothing: the acked ones are exactly the ledger's entries.
    const lac = await g.client.unary('GetLastAddConfirmed', { ledgerId, password: PW });
    assert.equal(lac.lastAddConfirmed, String(ok.length - 1));
  });

  test('health: SERVING while the service is ready, NOT_SERVING when it is not', async () => {
    let ready = true;
    const g = await st.addGateway({
      limits: LIMITS,
      grpc: { healthPollMs: 20 },
      // Fault injection: the real service, with readiness switched by the test.
      wrap: (s) => new Proxy(s, { get: (t, p, r) => (p === 'readiness' ? async () => ({ ready }) : Reflect.get(t, p, r)) }) as LedgerService,
    });
    const healthPkg = loadPackageDefinition(protoLoader.loadSync(createRequire(import.meta.url)('grpc-health-check').protoPath as string, { enums: String })) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const health = new healthPkg.grpc.health.v1.Health(`127.0.0.1:${g.grpc.port}`, credentials.createInsecure()) as Client & Record<string, (...a: unknown[]) => void>;
    const check = (service: string) =>
      new Promise<string>((resolve, reject) => health.Check!({ service }, (e: Error | null, r: { status: string }) => (e ? reject(e) : resolve(r.status))));
    try {
      assert.equal(await check(''), 'SERVING');
      assert.equal(await check('quire.v1.LedgerService'), 'SERVING');
      assert.equal(await check('quire.v1.LogService'), 'SERVING');
      await grpcError(check('no.such.Service'), status.NOT_FOUND);
      ready = false;
      await eventually('health follows readiness', async () => (await check('')) === 'NOT_SERVING');
      assert.equal(await check('quire.v1.LedgerService'), 'NOT_SERVING');
      ready = true;
      await eventually('health recovers', async () => (await check('')) === 'SERVING');
      // The real readiness says SERVING too (metadata session and bookies up).
      assert.deepEqual(await st.service.readiness(), { ready: true });
    } finally {
      health.close();
    }
  });

  test('reflection: list_services and a client built only from the served descriptors (as grpcurl does)', async () => {
    const reflectionProto = fileURLToPath(new URL('../../node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto', import.meta.url));
    const pkg = loadPackageDefinition(protoLoader.loadSync(reflectionProto, { keepCase: true, oneofs: true, bytes: Buffer })) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const refl = new pkg.grpc.reflection.v1.ServerReflection(st.address, credentials.createInsecure()) as Client & Record<string, () => any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ask = (req: Msg) =>
      new Promise<Msg>((resolve, reject) => {
        const call = refl.ServerReflectionInfo!();
        call.on('data', (m: Msg) => {
          resolve(m);
          call.end();
        });
        call.on('error', reject);
        call.write(req);
      });
    try {
      const list = await ask({ list_services: '' });
      const names = (list.list_services_response.service as Msg[]).map((s) => s.name as string);
      assert.ok(names.includes('quire.v1.LedgerService'), names.join(','));
      assert.ok(names.includes('grpc.health.v1.Health'), names.join(','));
      assert.ok(names.includes('quire.v1.LogService'), names.join(','));

      const files = await ask({ file_containing_symbol: 'quire.v1.LedgerService' });
      const protos = files.file_descriptor_response.file_descriptor_proto as Buffer[];
      assert.ok(protos.length >= 1);
      // Rebuild the service from the served descriptors alone and call it.
      const descriptor = createRequire(import.meta.url)('protobufjs/ext/descriptor') as { FileDescriptorSet: protobuf.Type; FileDescriptorProto: protobuf.Type };
      const set = descriptor.FileDescriptorSet.create({ file: protos.map((b) => descriptor.FileDescriptorProto.decode(b)) });
      const root = (protobuf.Root as unknown as { fromDescriptor(s: unknown): protobuf.Root }).fromDescriptor(set);
      const svc = root.lookupService('quire.v1.LedgerService');
      assert.ok(svc.methods.AppendStream?.requestStream && svc.methods.AppendStream.responseStream);
      assert.ok(svc.methods.Tail?.responseStream);
      const reqT = root.lookupType('quire.v1.CreateLedgerRequest');
      const resT = root.lookupType('quire.v1.LedgerInfo');
      const Ctor = makeGenericClientConstructor(
        {
          CreateLedger: {
            path: '/quire.v1.LedgerService/CreateLedger',
            requestStream: false,
            responseStream: false,
            requestSerialize: (v: object) => Buffer.from(reqT.encode(reqT.fromObject(v)).finish()),
            requestDeserialize: (b: Buffer) => reqT.decode(b),
            responseSerialize: (v: object) => Buffer.from(resT.encode(resT.fromObject(v)).finish()),
            responseDeserialize: (b: Buffer) => resT.toObject(resT.decode(b), { longs: String, enums: String }),
          },
        },
        'LedgerService',
      );
      const dyn = new Ctor(st.address, credentials.createInsecure()) as Client & Record<string, (...a: unknown[]) => void>;
      const info = await new Promise<Msg>((resolve, reject) => dyn.CreateLedger!({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 1 }, (e: Error | null, r: Msg) => (e ? reject(e) : resolve(r))));
      dyn.close();
      assert.equal(info.ensembleSize, 2);
      assert.equal(info.state, 'LEDGER_STATE_OPEN');
    } finally {
      refl.close();
    }
  });
});
