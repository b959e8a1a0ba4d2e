// The TypeScript SDK's error and retry rules, with faults injected by small real servers (HTTP and
// gRPC on loopback) that answer the way the gateway does: problem+json / trailing metadata with
// code and retryable. Retries happen only when the error says retryable AND the call is safe to
// repeat (reads, close, exactly-once appends); a plain append is never sent twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { QuireApiError, QuireGrpcClient, QuireRestClient } from '../../clients/typescript/index.js';
import { ROOT } from './run-example.js';

const RECEIPT = { ledgerId: '7', entryId: '0', lastAddConfirmed: '0', writeSet: ['b1', 'b2'], ackQuorumSize: 2, duplicate: false };

describe('REST SDK errors and retries', () => {
  let server: Server;
  let url: string;
  let failures = 0;
  let problem: Record<string, unknown> = {};
  const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      req.resume();
      req.on('end', () => {
        if (failures > 0) {
          failures--;
          res.writeHead(Number(problem.status), { 'content-type': 'application/problem+json', 'retry-after': '0' });
          res.end(JSON.stringify(problem));
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(RECEIPT));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const overload = { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'TOO_MANY_REQUESTS', retryable: true, detail: 'busy' };

  test('an exactly-once append is retried on a retryable error and sends the same producer id and sequence', async () => {
    seen.length = 0;
    failures = 2;
    problem = overload;
    const c = new QuireRestClient({ baseUrl: url, password: 'pw', retry: { baseDelayMs: 1 } });
    const r = await c.append(7n, 'x', { producerId: 'p1', sequence: 41n });
    assert.equal(r.entryId, 0n);
    assert.equal(seen.length, 3);
    for (const s of seen) {
      assert.equal(s.headers['quire-producer-id'], 'p1');
      assert.equal(s.headers['quire-sequence'], '41');
      assert.equal(s.headers['quire-ledger-password'], 'pw');
      assert.equal(s.headers['content-type'], 'application/octet-stream');
    }
  });

  test('a plain append is not retried: the error surfaces with its code', async () => {
    seen.length = 0;
    failures = 1;
    problem = overload;
    const c = new QuireRestClient({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const e = await c.append(7n, 'x').then(() => assert.fail('no error'), (err: unknown) => err);
    assert.ok(e instanceof QuireApiError);
    assert.equal(e.code, 'TOO_MANY_REQUESTS');
    assert.equal(e.retryable, true);
    assert.equal(e.status, 429);
    assert.equal(seen.length, 1);
  });

  test('a non-retryable error is thrown at once, with field and sealed end', async () => {
    seen.length = 0;
    failures = 1;
    problem = { type: 'about:blank', title: 'Conflict', status: 409, code: 'LEDGER_CLOSED', retryable: false, lastEntryId: '9', field: 'ledgerId' };
    const c = new QuireRestClient({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const e = await c.append(7n, 'x', { producerId: 'p', sequence: 1n }).then(() => assert.fail('no error'), (err: unknown) => err);
    assert.ok(e instanceof QuireApiError);
    assert.equal(e.code, 'LEDGER_CLOSED');
    assert.equal(e.lastEntryId, 9n);
    assert.equal(e.field, 'ledgerId');
    assert.equal(seen.length, 1);
  });

  test('retries stop after the policy\'s attempts', async () => {
    seen.length = 0;
    failures = 10;
    problem = overload;
    const c = new QuireRestClient({ baseUrl: url, retry: { attempts: 3, baseDelayMs: 1 } });
    await assert.rejects(c.append(7n, 'x', { producerId: 'p', sequence: 2n }), (e: unknown) => e instanceof QuireApiError && e.code === 'TOO_MANY_REQUESTS');
    assert.equal(seen.length, 3);
    failures = 0;
  });

  test('a refused connection is NETWORK_ERROR', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const c = new QuireRestClient({ baseUrl: `http://127.0.0.1:${port}`, retry: { attempts: 1 } });
    await assert.rejects(c.append(1n, 'x'), (e: unknown) => e instanceof QuireApiError && e.code === 'NETWORK_ERROR' && e.retryable === false);
  });
});

describe('gRPC SDK errors and retries', () => {
  let server: grpc.Server;
  let target: string;
  let calls = 0;
  let failFirst = 0;
  let trailers: Record<string, string> = {};
  let status = grpc.status.UNAVAILABLE;
  before(async () => {
    const def = protoLoader.loadSync('quire/v1/ledger.proto', { includeDirs: [`${ROOT}proto`], longs: String, enums: String, defaults: true, oneofs: true });
    const proto = grpc.loadPackageDefinition(def) as unknown as { quire: { v1: { LedgerService: { service: grpc.ServiceDefinition } } } };
    server = new grpc.Server();
    server.addService(proto.quire.v1.LedgerService.service, {
      Append: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        calls++;
        if (calls <= failFirst) {
          const md = new grpc.Metadata();
          for (const [k, v] of Object.entries(trailers)) md.set(k, v);
          cb({ code: status, details: 'injected', metadata: md });
          return;
        }
        cb(null, { ...RECEIPT, ledgerId: '7', entryId: '3', lastAddConfirmed: '3' });
      },
    });
    const port = await new Promise<number>((r, j) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? j(e) : r(p))));
    target = `127.0.0.1:${port}`;
  });
  after(() => new Promise<void>((r) => server.tryShutdown(() => r())));

  test('retryable trailer: an exactly-once append is retried and succeeds', async () => {
    calls = 0;
    failFirst = 2;
    status = grpc.status.UNAVAILABLE;
    trailers = { 'quire-error-code': 'BOOKIE_UNAVAILABLE', 'quire-retryable': 'true' };
    const c = new QuireGrpcClient({ target, retry: { baseDelayMs: 1 } });
    try {
      const r = await c.append(7n, 'x', { producerId: 'p', sequence: 3n });
      assert.equal(r.entryId, 3n);
      assert.equal(calls, 3);
    } finally {
      c.close();
    }
  });

  test('quire-retryable false: thrown at once with the code and sealed end', async () => {
    calls = 0;
    failFirst = 1;
    status = grpc.status.FAILED_PRECONDITION;
    trailers = { 'quire-error-code': 'LEDGER_FENCED', 'quire-retryable': 'false', 'quire-last-entry-id': '12' };
    const c = new QuireGrpcClient({ target, retry: { baseDelayMs: 1 } });
    try {
      const e = await c.append(7n, 'x', { producerId: 'p', sequence: 3n }).then(() => assert.fail('no error'), (err: unknown) => err);
      assert.ok(e instanceof QuireApiError);
      assert.equal(e.code, 'LEDGER_FENCED');
      assert.equal(e.status, grpc.status.FAILED_PRECONDITION);
      assert.equal(e.lastEntryId, 12n);
      assert.equal(e.retryable, false);
      assert.equal(calls, 1);
    } finally {
      c.close();
    }
  });

  test('a plain append is not retried even when retryable', async () => {
    calls = 0;
    failFirst = 1;
    status = grpc.status.RESOURCE_EXHAUSTED;
    trailers = { 'quire-error-code': 'TOO_MANY_REQUESTS', 'quire-retryable': 'true', 'quire-retry-after-ms': '5' };
    const c = new QuireGrpcClient({ target, retry: { baseDelayMs: 1 } });
    try {
      const e = await c.append(7n, 'x').then(() => assert.fail('no error'), (err: unknown) => err);
      assert.ok(e instanceof QuireApiError);
      assert.equal(e.code, 'TOO_MANY_REQUESTS');
      assert.equal(e.retryAfterMs, 5);
      assert.equal(calls, 1);
    } finally {
      c.close();
    }
  });
});
