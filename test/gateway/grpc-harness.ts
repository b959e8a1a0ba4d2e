// A real stack for the gRPC transport's tests and benchmark: `quire local`'s in-process cluster
// (embedded metadata store + three bookies on real TCP, journals fsync'd to a temp directory), real
// gateway instances (startGateway: own metadata session, quorum client, LedgerService, REST), and
// the gRPC transport attached to each instance's service on a free port. Also the helpers the
// grpc-*.test.ts files share: error assertions against the one error table, and ledger calls.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { startLocalCluster, type LocalCluster } from '../../cli/local-command.js';
import { ERROR_TABLE } from '../../common/errors.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import type { GatewayLimits } from '../../gateway/gateway-config.js';
import { startGateway, type RunningGateway } from '../../gateway/gateway-server.js';
import { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';
import { quireCodeOf } from '../../gateway/grpc/grpc-errors.js';
import { PASSWORD_HEADER, startGrpcGateway, type GrpcGatewayOptions, type RunningGrpcGateway } from '../../gateway/grpc/grpc-server.js';
import type { LedgerServiceImpl } from '../../gateway/ledger-service-impl.js';
import type { LedgerService } from '../../gateway/ledger-service.js';

export interface GrpcInstance {
  readonly gateway: RunningGateway;
  readonly service: LedgerServiceImpl;
  readonly grpc: RunningGrpcGateway;
  readonly client: GrpcLedgerClient;
  readonly address: string;
}

export interface GrpcStack extends GrpcInstance {
  readonly cluster: LocalCluster;
  /** A direct quorum client on the same cluster (to fence ledgers behind the gateway's back; the benchmark's baseline). */
  readonly bk: BookKeeperClient;
  /** Another gateway instance (its own limits and gRPC options) on the same cluster. */
  addGateway(o?: { limits?: Partial<GatewayLimits>; grpc?: Partial<GrpcGatewayOptions>; wrap?: (s: LedgerService) => LedgerService }): Promise<GrpcInstance>;
  stop(): Promise<void>;
}

export async function startGrpcStack(o: { limits?: Partial<GatewayLimits>; grpc?: Partial<GrpcGatewayOptions>; bookies?: number; dataDir?: string } = {}): Promise<GrpcStack> {
  const dir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'quire-grpc-'));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
    if (!o.dataDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cluster = await startLocalCluster({ dataDir: dir, bookies: o.bookies ?? 3, basePort: 0, host: '127.0.0.1' });
    stops.push(() => cluster.stop());
    const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
    stops.push(() => bk.close());
    let n = 0;
    const addGateway: GrpcStack['addGateway'] = async (g = {}) => {
      const gateway = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: `grpc-gw-${++n}`, ...(g.limits ? { limits: g.limits } : {}) });
      stops.push(() => gateway.stop());
      const grpc = await startGrpcGateway(g.wrap ? g.wrap(gateway.service) : gateway.service, { host: '127.0.0.1', port: 0, limits: gateway.limits, ...g.grpc });
      stops.push(() => grpc.stop());
      const address = `127.0.0.1:${grpc.port}`;
      const client = new GrpcLedgerClient(address);
      stops.push(async () => client.close());
      return { gateway, service: gateway.service, grpc, client, address };
    };
    const first = await addGateway({ ...(o.limits ? { limits: o.limits } : {}), ...(o.grpc ? { grpc: o.grpc } : {}) });
    return { cluster, bk, ...first, addGateway, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

// ---------- shared by the grpc-*.test.ts files

export type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const PW = Buffer.from('secret');
/** Small limits, so the tests reach them with small messages. */
export const LIMITS = { maxEntryBytes: 64 * 1024, maxBatchEntries: 50, maxBatchBytes: 256 * 1024, maxReadEntries: 100, maxReadBytes: 64 * 1024 };

/** Asserts `p` fails with gRPC `code` and, if given, that Quire code (status and retry flag from ERROR_TABLE). */
export async function grpcError(p: Promise<unknown>, code: status, quireCode?: string): Promise<ServiceError> {
  const err = await p.then(
    () => assert.fail(`expected gRPC status ${status[code]}, got OK`),
    (e: unknown) => e as ServiceError,
  );
  assert.equal(err.code, code, `status ${status[err.code]} (${err.details}), expected ${status[code]}`);
  const q = quireCodeOf(err);
  if (quireCode !== undefined) {
    assert.equal(q.code, quireCode, err.details);
    // The status and the retry flag come from the one table.
    assert.equal(err.code as number, ERROR_TABLE[quireCode as keyof typeof ERROR_TABLE].grpc);
    assert.equal(q.retryable, ERROR_TABLE[quireCode as keyof typeof ERROR_TABLE].retryable);
  }
  return err;
}

export function pwHeader(value: string): Metadata {
  const md = new Metadata();
  md.set(PASSWORD_HEADER, value);
  return md;
}

/** CreateLedger, Append and a whole-ledger ReadRange with the test password, over `client()`. */
export function ledgerCalls(client: () => GrpcLedgerClient) {
  const create = async (extra: Msg = {}) => (await client().unary('CreateLedger', { password: PW, ...extra })) as Msg;
  const append = (ledgerId: string, data: string | Buffer, extra: Msg = {}) =>
    client().unary('Append', { ledgerId, data: Buffer.isBuffer(data) ? data : Buffer.from(data), password: PW, ...extra }) as Promise<Msg>;
  const readAll = async (ledgerId: string, extra: Msg = {}) => {
    const msgs = await client().collect('ReadRange', { ledgerId, fromEntryId: '0', password: PW, ...extra });
    return msgs.flatMap((m: Msg) => m.entries as Msg[]);
  };
  return { create, append, readAll };
}

/** One stack (LIMITS) for the enclosing describe: started in before(), handed to `use`, stopped in after(). */
export function withGrpcStack(use: (st: GrpcStack) => void): void {
  let st: GrpcStack | undefined;
  before(async () => {
    st = await startGrpcStack({ limits: LIMITS });
    use(st);
  });
  after(async () => {
    await st?.stop();
  });
}
