// Tracing end to end as processes (ZooKeeper, three `quire bookie`, two `quire gateway`, each
// exporting OTLP to a receiver in this test): a W3C traceparent sent with a REST append, a gRPC
// append and a forwarded append is continued by the gateway, the quorum client, each bookie
// client call and each bookie's own span, which ends when the journal made the entry durable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { QuireGrpcClient } from '../../clients/typescript/index.js';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const SERVER = 2;
const CLIENT = 3;

const traceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
};

/** The chain of one traced append: gateway span, quorum add, Qw bookie calls, Qw bookie spans. */
function appendChain(spans: readonly ReceivedSpan[], traceId: string): { gateway: ReceivedSpan; add: ReceivedSpan; calls: ReceivedSpan[]; bookie: ReceivedSpan[] } | undefined {
  const t = spans.filter((s) => s.traceId === traceId);
  const add = t.find((s) => s.name === 'quorum.addEntry');
  if (!add) return undefined;
  const calls = t.filter((s) => s.name === 'bookie ADD_ENTRY' && s.parentSpanId === add.spanId);
  const bookie = t.filter((s) => s.name === 'bookie addEntry' && calls.some((c) => c.spanId === s.parentSpanId));
  const gateway = t.find((s) => s.kind === SERVER && s.service === 'quire-gateway' && s.parentSpanId !== undefined && t.every((o) => o.spanId !== s.parentSpanId));
  if (!gateway || calls.length < 2 || bookie.length < 2) return undefined;
  return { gateway, add, calls, bookie };
}

/** True when `child` descends from `ancestor` in the trace. */
function descends(spans: readonly ReceivedSpan[], child: ReceivedSpan, ancestor: ReceivedSpan): boolean {
  const byId = new Map(spans.filter((s) => s.traceId === child.traceId).map((s) => [s.spanId, s]));
  for (let s: ReceivedSpan | undefined = child; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) if (s.spanId === ancestor.spanId) return true;
  return false;
}

describe('tracing: traceparent from REST and gRPC to the bookies (processes, OTLP export)', () => {
  let otlp: OtlpReceiver;
  let cluster: ProcessCluster;
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

  before(async () => {
    otlp = await startOtlpReceiver();
    // Inherited by every process the cluster starts: the standard variable turns tracing on.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.url;
    cluster = await startProcessCluster({ bookies: 3, gateways: 2 });
  });
  after(async () => {
    await cluster?.stop();
    await otlp?.close();
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
  });

  const rest = (i: number) => cluster.info.gateways[i]!.rest;

  async function createLedger(): Promise<string> {
    const r = await fetch(`${rest(0)}/v1/ledgers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 }) });
    assert.equal(r.status, 201);
    return ((await r.json()) as { ledgerId: string }).ledgerId;
  }

  test('a REST append: gateway span (child of the caller) → quorum add → bookie calls → bookie spans in the bookie processes', async () => {
    const ledgerId = await createLedger();
    const tp = traceparent();
    const r = await fetch(`${rest(0)}/v1/ledgers/${ledgerId}/entries`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', traceparent: tp.header }, body: 'traced entry' });
    assert.equal(r.status, 201, await r.text());
    await otlp.waitFor((s) => appendChain(s, tp.traceId) !== undefined, `the append chain of trace ${tp.traceId}`);
    const c = appendChain(otlp.spans, tp.traceId)!;
    assert.equal(c.gateway.parentSpanId, tp.spanId, "the gateway's span is a child of the caller's");
    assert.equal(c.gateway.name, 'POST /v1/ledgers/:ledgerId/entries');
    assert.equal(c.gateway.attributes['http.response.status_code'], 201);
    assert.ok(descends(otlp.spans, c.add, c.gateway), 'the quorum add runs inside the request span');
    assert.equal(c.add.attributes['quire.ledger_id'], ledgerId);
    for (const call of c.calls) assert.equal(call.kind, CLIENT);
    for (const b of c.bookie) {
      assert.equal(b.service, 'quire-bookie', 'bookie spans come from the bookie processes');
      assert.equal(b.kind, SERVER);
      assert.equal(b.attributes['quire.ledger_id'], ledgerId);
    }
    const bookies = new Set(c.calls.map((x) => x.attributes['quire.bookie']));
    assert.equal(bookies.size, c.calls.length, 'one call per bookie of the write set');
  });

  test('a gRPC append with traceparent metadata is traced the same way', async () => {
    const grpcClient = new QuireGrpcClient({ target: cluster.info.gateways[0]!.grpc });
    try {
      const info = await grpcClient.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
      const tp = traceparent();
      const md = new grpc.Metadata();
      md.set('traceparent', tp.header);
      // The stub itself: the SDK's append takes no metadata, and this is what any gRPC caller sends.
      await new Promise<void>((resolve, reject) =>
        grpcClient.stub.Append({ ledgerId: String(info.ledgerId), data: Buffer.from('over grpc') }, md, (err) => (err ? reject(err) : resolve())),
      );
      await otlp.waitFor((s) => appendChain(s, tp.traceId) !== undefined, `the gRPC append chain of trace ${tp.traceId}`);
      const c = appendChain(otlp.spans, tp.traceId)!;
      assert.equal(c.gateway.parentSpanId, tp.spanId);
      assert.equal(c.gateway.name, 'quire.v1/Append');
    } finally {
      grpcClient.close();
    }
  });

  test('an append forwarded to the owning gateway continues the trace on the peer listener', async () => {
    const ledgerId = await createLedger();
    const first = await fetch(`${rest(0)}/v1/ledgers/${ledgerId}/entries`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'owned by gateway 1' });
    assert.equal(first.status, 201);
    const tp = traceparent();
    const r = await fetch(`${rest(1)}/v1/ledgers/${ledgerId}/entries`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', traceparent: tp.header }, body: 'through gateway 2' });
    assert.equal(r.status, 201, await r.text());
    await otlp.waitFor((s) => s.some((x) => x.traceId === tp.traceId && x.name.startsWith('peer ')) && appendChain(s, tp.traceId) !== undefined, `a forwarded append chain of trace ${tp.traceId}`);
    const peer = otlp.spans.find((x) => x.traceId === tp.traceId && x.name.startsWith('peer '))!;
    const c = appendChain(otlp.spans, tp.traceId)!;
    assert.ok(descends(otlp.spans, c.add, peer), "the owner's quorum add runs under the peer span");
  });

  test('without a traceparent a request still starts its own trace', async () => {
    const ledgerId = await createLedger();
    const r = await fetch(`${rest(0)}/v1/ledgers/${ledgerId}/lac`);
    assert.equal(r.status, 200);
    await otlp.waitFor((s) => s.some((x) => x.name === 'GET /v1/ledgers/:ledgerId/lac' && x.parentSpanId === undefined), 'a root span for an untraced request');
  });
});
