// The gateway security suite: every attempt below is made over real HTTP and gRPC against a live
// gateway on real bookies, and each names the refusal it must get (status + stable code). Keys
// and tokens are made at test time in a temp directory. The log is captured to prove refusals
// are logged with the request id and never with the token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { GrpcLedgerClient } from '../../../gateway/grpc/grpc-client.js';
import type { Grant } from '../../../gateway/auth/permissions.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import { AUDIENCE, tokenKit, type TokenKit } from './tokens.js';

const READ: Grant[] = [{ actions: ['read'] }];
const WRITE: Grant[] = [{ actions: ['read', 'write'] }];
const ADMIN: Grant[] = [{ actions: ['admin'] }];
const TEAM: Grant[] = [{ actions: ['read', 'write'], logs: 'team/' }];

describe('gateway security (bearer tokens, permissions, peer isolation)', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let url: string;
  let grpc: GrpcLedgerClient;
  let ledgerId: string;
  const logLines: string[] = [];
  const tokens = {} as Record<'read' | 'write' | 'admin' | 'team' | 'expired' | 'future' | 'otherKey' | 'wrongAud' | 'none' | 'rsaUnknown' | 'oneLedger', string>;

  before(async () => {
    kit = tokenKit();
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        logLines.push(chunk.toString('utf8'));
        cb();
      },
    });
    gc = await startGatewayCluster({ gateway: { grpcPort: 0, auth: { secretFile: kit.secretFile, audience: AUDIENCE }, logger: pino({ level: 'info' }, sink) } });
    const gw = gc.gateways[0]!;
    url = gw.url;
    grpc = new GrpcLedgerClient(`127.0.0.1:${gw.grpc!.port}`);
    tokens.read = await kit.hs(READ);
    tokens.write = await kit.hs(WRITE);
    tokens.admin = await kit.hs(ADMIN);
    tokens.team = await kit.hs(TEAM);
    tokens.expired = await kit.hs(ADMIN, { expSeconds: -3600 });
    tokens.future = await kit.hs(ADMIN, { nbfSeconds: 3600 });
    tokens.otherKey = await kit.hs(ADMIN, { secret: new Uint8Array(Buffer.alloc(32, 7)) });
    tokens.wrongAud = await kit.hs(ADMIN, { aud: 'someone-else' });
    tokens.none = kit.none(ADMIN);
    tokens.rsaUnknown = await kit.rs(ADMIN);
    const r = await rest('POST', '/v1/ledgers', tokens.write, {});
    assert.equal(r.status, 201);
    ledgerId = ((await r.json()) as { ledgerId: string }).ledgerId;
    tokens.oneLedger = await kit.hs([{ actions: ['read', 'write'], ledgers: [ledgerId] }]);
  });
  after(async () => {
    grpc?.close();
    await gc?.stop();
    kit?.cleanup();
  });

  async function rest(method: string, path: string, token: string | undefined, body?: unknown, base = url): Promise<Response> {
    const headers: Record<string, string> = { 'x-request-id': `sec-${Math.random().toString(36).slice(2)}` };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(new URL(path, base), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  async function refused(r: Response, httpStatus: number, code: string): Promise<void> {
    const text = await r.text();
    assert.equal(r.status, httpStatus, text);
    const p = JSON.parse(text) as { code: string; requestId?: string };
    assert.equal(p.code, code);
    assert.ok(p.requestId, 'the problem names the request id');
    if (httpStatus === 401) assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  }

  // [attempt, request, expected status, expected code]
  const restAttempts: [string, () => Promise<Response>, number, string][] = [
    ['no token', () => rest('GET', '/v1/ledgers', undefined), 401, 'UNAUTHENTICATED'],
    ['malformed Authorization', () => fetch(new URL('/v1/ledgers', url), { headers: { authorization: 'Basic dXNlcjpwdw==' } }), 401, 'UNAUTHENTICATED'],
    ['expired token', () => rest('GET', '/v1/ledgers', tokens.expired), 401, 'UNAUTHENTICATED'],
    ['token not yet valid (nbf)', () => rest('GET', '/v1/ledgers', tokens.future), 401, 'UNAUTHENTICATED'],
    ['token signed with another key', () => rest('GET', '/v1/ledgers', tokens.otherKey), 401, 'UNAUTHENTICATED'],
    ['alg: none', () => rest('GET', '/v1/ledgers', tokens.none), 401, 'UNAUTHENTICATED'],
    ['RS256 token when the gateway trusts an HS256 secret', () => rest('GET', '/v1/ledgers', tokens.rsaUnknown), 401, 'UNAUTHENTICATED'],
    ['wrong audience', () => rest('GET', '/v1/ledgers', tokens.wrongAud), 401, 'UNAUTHENTICATED'],
    ['write with a read-only token', () => rest('POST', `/v1/ledgers/${ledgerId}/entries`, tokens.read, { entries: [{ data: 'eA==' }] }), 403, 'PERMISSION_DENIED'],
    ['create a ledger with a read-only token', () => rest('POST', '/v1/ledgers', tokens.read, {}), 403, 'PERMISSION_DENIED'],
    ['delete (admin) without admin', () => rest('DELETE', `/v1/ledgers/${ledgerId}`, tokens.write), 403, 'PERMISSION_DENIED'],
    ['recover (admin) without admin', () => rest('POST', `/v1/ledgers/${ledgerId}/recover`, tokens.write), 403, 'PERMISSION_DENIED'],
    ['metrics (admin) without admin', () => rest('GET', '/metrics', tokens.write), 403, 'PERMISSION_DENIED'],
    ['list all ledgers with a one-ledger token', () => rest('GET', '/v1/ledgers', tokens.oneLedger), 403, 'PERMISSION_DENIED'],
    ['read another ledger with a one-ledger token', () => rest('GET', `/v1/ledgers/${BigInt(ledgerId) + 1000n}`, tokens.oneLedger), 403, 'PERMISSION_DENIED'],
    ['create a log outside the token prefix', () => rest('POST', '/v1/logs', tokens.team, { name: 'other/orders' }), 403, 'PERMISSION_DENIED'],
    ['list logs outside the token prefix', () => rest('GET', '/v1/logs?prefix=other/', tokens.team), 403, 'PERMISSION_DENIED'],
    ['ledger call with a log-scoped token', () => rest('GET', `/v1/ledgers/${ledgerId}`, tokens.team), 403, 'PERMISSION_DENIED'],
    ['peer route on the public port, no token', () => rest('POST', `/peer/v1/ledgers/${ledgerId}/append`, undefined, { entries: ['eA=='] }), 401, 'UNAUTHENTICATED'],
    ['peer route on the public port, non-admin token', () => rest('POST', `/peer/v1/ledgers/${ledgerId}/append`, tokens.write, { entries: ['eA=='] }), 404, 'NO_SUCH_ROUTE'],
    ['peer route on the public port, admin token', () => rest('POST', `/peer/v1/ledgers/${ledgerId}/append`, tokens.admin, { entries: ['eA=='] }), 404, 'NO_SUCH_ROUTE'],
    ['/internal route on the public port, admin token', () => rest('GET', '/internal/v1/ledgers', tokens.admin), 404, 'NO_SUCH_ROUTE'],
  ];
  for (const [attempt, call, httpStatus, code] of restAttempts) {
    test(`REST: ${attempt} -> ${httpStatus} ${code}`, async () => refused(await call(), httpStatus, code));
  }

  test('REST: public paths need no token; allowed calls pass', async () => {
    assert.equal((await rest('GET', '/healthz', undefined)).status, 200);
    assert.equal((await rest('GET', '/openapi.json', undefined)).status, 200);
    assert.equal((await rest('GET', '/v1/ledgers', tokens.read)).status, 200);
    assert.equal((await rest('GET', `/v1/ledgers/${ledgerId}`, tokens.oneLedger)).status, 200);
    assert.equal((await rest('POST', '/v1/logs', tokens.team, { name: 'team/orders' })).status, 201);
    assert.equal((await rest('GET', '/v1/logs?prefix=team/', tokens.team)).status, 200);
    assert.equal((await rest('GET', '/metrics', tokens.admin)).status, 200);
  });

  test('REST: an acked append retried correctly after a refusal loses nothing', async () => {
    const r = await rest('POST', '/v1/ledgers', tokens.write, { entryFormat: 'ENVELOPE' });
    const id = ((await r.json()) as { ledgerId: string }).ledgerId;
    const append = (token: string, seq: number, data: string) =>
      fetch(new URL(`/v1/ledgers/${id}/entries`, url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'quire-producer-id': 'p1', 'quire-sequence': String(seq) }, body: JSON.stringify({ entries: [{ data }] }) });
    assert.equal((await append(tokens.write, 1, 'YQ==')).status, 201);
    await refused(await append(tokens.expired, 2, 'Yg=='), 401, 'UNAUTHENTICATED');
    await refused(await append(tokens.read, 2, 'Yg=='), 403, 'PERMISSION_DENIED');
    assert.equal((await append(tokens.write, 2, 'Yg==')).status, 201);
    // The first append retried (same producer and sequence) is a duplicate, not a second entry.
    assert.equal((await append(tokens.write, 1, 'YQ==')).status, 200);
    const page = (await (await rest('GET', `/v1/ledgers/${id}/entries?from=0&unconfirmed=true`, tokens.read)).json()) as { entries: { data: string }[] };
    assert.deepEqual(page.entries.map((e) => e.data), ['YQ==', 'Yg==']);
  });

  test('refusals are logged with the request id, never with the token', async () => {
    const r = await fetch(new URL('/v1/ledgers', url), { headers: { authorization: `Bearer ${tokens.expired}`, 'x-request-id': 'sec-log-check' } });
    await refused(r, 401, 'UNAUTHENTICATED');
    const lines = logLines.filter((l) => l.includes('sec-log-check'));
    assert.ok(lines.some((l) => l.includes('request refused') && l.includes('UNAUTHENTICATED')), 'the refusal is logged with its request id');
    for (const t of Object.values(tokens)) for (const l of logLines) assert.ok(!l.includes(t), 'no token in the log');
  });

  const md = (token: string | undefined) => {
    const m = new Metadata();
    if (token !== undefined) m.set('authorization', `Bearer ${token}`);
    return m;
  };
  async function grpcRefused(p: Promise<unknown>, code: status, quireCode: string): Promise<void> {
    const e = (await p.then(
      () => assert.fail('the call was not refused'),
      (err: unknown) => err,
    )) as ServiceError;
    assert.equal(e.code, code, e.details);
    assert.equal(e.metadata.get('quire-error-code')[0], quireCode);
  }

  const grpcAttempts: [string, () => Promise<unknown>, status, string][] = [
    ['no token', () => grpc.unary('List', {}, { metadata: md(undefined) }), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['expired token', () => grpc.unary('List', {}, { metadata: md(tokens.expired) }), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['token signed with another key', () => grpc.unary('List', {}, { metadata: md(tokens.otherKey) }), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['alg: none', () => grpc.unary('List', {}, { metadata: md(tokens.none) }), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['wrong audience', () => grpc.unary('List', {}, { metadata: md(tokens.wrongAud) }), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['write with a read-only token', () => grpc.unary('Append', { ledgerId, data: Buffer.from('x') }, { metadata: md(tokens.read) }), status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
    ['delete (admin) without admin', () => grpc.unary('Delete', { ledgerId }, { metadata: md(tokens.write) }), status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
    ['recover (admin) without admin', () => grpc.unary('Recover', { ledgerId }, { metadata: md(tokens.write) }), status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
    ['read another ledger with a one-ledger token', () => grpc.unary('GetMetadata', { ledgerId: String(BigInt(ledgerId) + 1000n) }, { metadata: md(tokens.oneLedger) }), status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
    ['ReadRange of another ledger (server stream)', () => grpc.collect('ReadRange', { ledgerId: String(BigInt(ledgerId) + 1000n) }, { metadata: md(tokens.oneLedger) }), status.PERMISSION_DENIED, 'PERMISSION_DENIED'],
  ];
  for (const [attempt, call, code, quireCode] of grpcAttempts) {
    test(`gRPC: ${attempt} -> ${status[code]}`, async () => grpcRefused(call(), code, quireCode));
  }

  test('gRPC: an AppendStream naming a ledger outside the token scope is refused; allowed calls pass', async () => {
    const ok = await grpc.unary<{ entryId: string }>('Append', { ledgerId, data: Buffer.from('g') }, { metadata: md(tokens.oneLedger) });
    assert.ok(ok.entryId !== undefined);
    const stream = grpc.appendStream({ metadata: md(tokens.oneLedger) });
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', (e: ServiceError) => resolve(e)));
    stream.on('data', () => undefined);
    stream.write({ appends: [{ ledgerId: String(BigInt(ledgerId) + 1000n), data: Buffer.from('z') }] });
    const e = await ended;
    assert.equal(e.code, status.PERMISSION_DENIED);
    assert.equal((await grpc.unary<{ ledgerIds?: string[] }>('List', {}, { metadata: md(tokens.read) })).ledgerIds?.includes(ledgerId), true);
  });
});
