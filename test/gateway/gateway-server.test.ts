// The gateway server entry point: one startGateway() brings up REST, gRPC and the peer listener
// (three distinct ports); request metrics cover both transports; writes sent to a non-owner reach
// the owner through the peer listener only (the public REST port serves no peer route).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';
import { startGatewayCluster, type GatewayCluster } from './gateway-cluster.js';

describe('gateway server entry point', () => {
  let gc: GatewayCluster;
  const clients: GrpcLedgerClient[] = [];
  before(async () => {
    gc = await startGatewayCluster({ gateways: 2, gateway: { grpcPort: 0 } });
    for (const g of gc.gateways) clients.push(new GrpcLedgerClient(`127.0.0.1:${g.grpc!.port}`));
  });
  after(async () => {
    for (const c of clients) c.close();
    await gc.stop();
  });

  test('REST, gRPC and peer listeners on their own ports', () => {
    for (const g of gc.gateways) {
      assert.ok(g.grpc, 'gRPC started by startGateway');
      assert.equal(new Set([g.restPort, g.grpc.port, g.peerPort]).size, 3);
      assert.equal(new URL(g.peerUrl).port, String(g.peerPort));
    }
  });

  test('gRPC calls are counted in the gateway metrics, by method and status code', async () => {
    const [a] = gc.gateways;
    const info = (await clients[0]!.unary('CreateLedger', { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 })) as { ledgerId: string };
    await clients[0]!.unary('Append', { ledgerId: info.ledgerId, data: Buffer.from('x') });
    await assert.rejects(clients[0]!.unary('GetMetadata', { ledgerId: '987654321' }));
    await clients[0]!.collect('ReadRange', { ledgerId: info.ledgerId, fromEntryId: '0' });
    const text = await (await fetch(`${a!.url}/metrics`)).text();
    assert.match(text, /quire_gateway_grpc_requests_total\{method="CreateLedger",code="OK"\} 1/);
    assert.match(text, /quire_gateway_grpc_requests_total\{method="Append",code="OK"\} 1/);
    assert.match(text, /quire_gateway_grpc_requests_total\{method="GetMetadata",code="NOT_FOUND"\} 1/);
    assert.match(text, /quire_gateway_grpc_requests_total\{method="ReadRange",code="OK"\} 1/);
    assert.match(text, /quire_gateway_grpc_request_duration_seconds_bucket\{le="[^"]+",method="Append",code="OK"\}/);
    // The instance's quorum client timed the append: its add requests to bookies and the add itself.
    for (const name of ['per_channel_bookie_client_ADD_ENTRY', 'bookkeeper_client_ADD_ENTRY']) {
      assert.match(text, new RegExp(`^# TYPE ${name} histogram$`, 'm'), name);
      const count = new RegExp(`^${name}_count\\{success="true"\\} (\\d+)$`, 'm').exec(text);
      assert.ok(count && Number(count[1]) >= 1, `${name}: ${count?.[0]}`);
    }
  });

  test('appends sent to the non-owner over gRPC are forwarded through the peer listener', async () => {
    const [a, b] = gc.gateways;
    const md = new Metadata();
    md.set('quire-ledger-password', 'pw');
    const info = (await clients[0]!.unary('CreateLedger', { entryFormat: 'ENTRY_FORMAT_ENVELOPE' }, { metadata: md })) as { ledgerId: string; owner: string };
    assert.equal(info.owner, a!.gatewayId);
    const r = (await clients[1]!.unary('Append', { ledgerId: info.ledgerId, data: Buffer.from('via b'), producerId: 'p', sequence: '0' }, { metadata: md })) as { entryId: string; duplicate: boolean };
    assert.equal(r.entryId, '0');
    const again = (await clients[1]!.unary('Append', { ledgerId: info.ledgerId, data: Buffer.from('via b'), producerId: 'p', sequence: '0' }, { metadata: md })) as { entryId: string; duplicate: boolean };
    assert.deepEqual([again.entryId, again.duplicate], ['0', true]);
    assert.match(await (await fetch(`${b!.url}/metrics`)).text(), /quire_gateway_forwards_total\{op="append"\} 2/);
    // The owner saw them on its peer listener, not on its REST port.
    const restA = await (await fetch(`${a!.url}/metrics`)).text();
    assert.doesNotMatch(restA, /route="\/(internal|peer)\//);
    const seal = (await clients[1]!.unary('Close', { ledgerId: info.ledgerId }, { metadata: md })) as { lastEntryId: string };
    assert.equal(seal.lastEntryId, '0');
  });
});
