// The gateway's gRPC transport against the real service over real bookies: the standard health
// service following readiness, and server reflection good enough to build a client (as grpcurl does).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { credentials, loadPackageDefinition, makeGenericClientConstructor, status, type Client } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { LedgerService } from '../../gateway/ledger-service.js';
import { eventually } from '../metadata/eventually.js';
import { grpcError, LIMITS, withGrpcStack, type GrpcStack, type Msg } from './grpc-harness.js';

describe('gRPC gateway over a real cluster: health and reflection', () => {
  let st: GrpcStack;
  withGrpcStack((s) => {
    st = s;
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
