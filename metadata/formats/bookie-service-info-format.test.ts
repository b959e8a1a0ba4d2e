import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { bookieRpcAddress, bookieServiceInfo, decodeBookieServiceInfo, encodeBookieServiceInfo } from './bookie-service-info-format.js';

const PROTO = fileURLToPath(new URL('../../proto/bookkeeper/DataFormats.proto', import.meta.url));

test('golden bytes of a bookie-rpc endpoint', () => {
  const bytes = encodeBookieServiceInfo(bookieServiceInfo('127.0.0.1', 3181));
  const h = (s: string): string => Buffer.from(s).toString('hex');
  assert.equal(bytes.toString('hex'), '32' + '22' + '0a06' + h('bookie') + '10ed18' + '1a09' + h('127.0.0.1') + '220a' + h('bookie-rpc'));
});

test('matches protobufjs, with extensions, http endpoint and properties', async () => {
  const root = await protobuf.load(PROTO);
  const T = root.lookupType('bookkeeper.proto.BookieServiceInfoFormat');
  const info = { ...bookieServiceInfo('h', 3181, { tls: true, httpPort: 8000 }), properties: new Map([['rack', '/r1']]) };
  const bytes = encodeBookieServiceInfo(info);
  const obj = T.toObject(T.decode(bytes)) as { endpoints: { id: string; port: number; extensions?: string[] }[]; properties: Record<string, string> };
  assert.equal(obj.endpoints.length, 2);
  assert.deepEqual(obj.endpoints[0]!.extensions, ['tls']);
  assert.equal(obj.endpoints[1]!.port, 8000);
  assert.deepEqual(obj.properties, { rack: '/r1' });
  assert.deepEqual(decodeBookieServiceInfo(Buffer.from(T.encode(T.fromObject(obj)).finish()), 'h:3181', 'x'), info);
});

test('empty data is the legacy record derived from the id', () => {
  assert.deepEqual(bookieRpcAddress(decodeBookieServiceInfo(Buffer.alloc(0), '10.1.2.3:3181', 'x'), '10.1.2.3:3181'), { host: '10.1.2.3', port: 3181 });
  assert.throws(() => decodeBookieServiceInfo(Buffer.alloc(0), 'bookie-a', 'x'), /not host:port/);
  assert.throws(() => decodeBookieServiceInfo(Buffer.from([0x32, 0x05, 0x0a]), 'a:1', '/ledgers/available/a:1'), /available\/a:1/);
});
