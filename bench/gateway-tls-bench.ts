// `npm run bench -- tls` (second table): what TLS and bearer tokens cost through the gateway, side
// by side in one run on one in-process local cluster (three bookies, embedded metadata, journal
// fdatasync): a plaintext anonymous gateway and one with HTTPS/gRPC-over-TLS plus HS256 tokens
// (the per-identity quota raised so it never throttles the bench). REST appends (one entry per
// request, keep-alive) and gRPC unary appends, each with `concurrency` requests in flight, rounds
// alternating so a load change on the machine does not land on one side only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { startLocalCluster } from '../cli/local-command.js';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { startGateway, type RunningGateway } from '../gateway/gateway-server.js';
import { GrpcLedgerClient } from '../gateway/grpc/grpc-client.js';
import { makeCa, makeServerCert } from '../harness/certificates.js';
import { formatTable, Histogram } from './stats.js';

export interface GatewayTlsBenchOptions {
  readonly seconds: number;
  readonly concurrency: number;
  readonly entrySize: number;
}

interface Side {
  readonly name: string;
  readonly gw: RunningGateway;
  readonly secure: boolean;
}

async function closedLoop(seconds: number, concurrency: number, op: () => Promise<void>): Promise<{ ops: number; failed: number; seconds: number; hist: Histogram }> {
  for (let i = 0; i < 50; i++) await op(); // connections, handshakes, JIT: not measured
  const hist = new Histogram();
  let ops = 0;
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const s = performance.now();
      try {
        await op();
        ops++;
        hist.record(performance.now() - s);
      } catch {
        failed++;
      }
    }
  }));
  return { ops, failed, seconds: (performance.now() - t0) / 1000, hist };
}

function restAppend(side: Side, ca: string, token: string, ledgerId: string, body: Buffer): () => Promise<void> {
  const agent = side.secure ? new HttpsAgent({ keepAlive: true, ca, maxSockets: 256 }) : new HttpAgent({ keepAlive: true, maxSockets: 256 });
  const request = side.secure ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(body.length), 'quire-ledger-password': 'pw', ...(side.secure ? { authorization: `Bearer ${token}` } : {}) };
  const url = new URL(`${side.gw.url}/v1/ledgers/${ledgerId}/entries`);
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
}

export async function gatewayTlsBench(o: GatewayTlsBenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-gw-tls-bench-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    makeCa(dir);
    const cert = makeServerCert(dir, 'gateway', 'localhost');
    const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    const secret = randomBytes(32).toString('hex');
    const secretFile = join(dir, 'jwt-secret');
    writeFileSync(secretFile, secret, { mode: 0o600 });
    const token = await new SignJWT({ quire: { perms: [{ actions: ['admin'] }] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setAudience('quire')
      .setExpirationTime('2h')
      .sign(Buffer.from(secret));
    const cluster = await startLocalCluster({ dataDir: join(dir, 'cluster'), bookies: 3, basePort: 0, host: '127.0.0.1' });
    stops.push(() => cluster.stop());
    const plain = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, grpcPort: 0, gatewayId: 'bench-plain' });
    stops.push(() => plain.stop());
    const secure = await startGateway({
      metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, grpcPort: 0, gatewayId: 'bench-tls',
      tls: { certFile: cert.certFile, keyFile: cert.keyFile }, auth: { secretFile, audience: 'quire' },
      quota: { requestsPerSecond: 1e9, burst: 1e9, maxInFlight: 1e6 },
    });
    stops.push(() => secure.stop());
    const sides: Side[] = [{ name: 'plaintext, anonymous', gw: plain, secure: false }, { name: 'TLS + token', gw: secure, secure: true }];
    const payload = Buffer.alloc(o.entrySize, 0x62);
    const rows: string[][] = [];
    for (const round of [1, 2]) {
      for (const side of sides) {
        const grpcTarget = `localhost:${side.gw.grpc!.port}`;
        const grpc = new GrpcLedgerClient(grpcTarget, {}, side.secure ? credentials.createSsl(Buffer.from(ca)) : credentials.createInsecure());
        const metadata = new Metadata();
        if (side.secure) metadata.set('authorization', `Bearer ${token}`);
        const pw = Buffer.from('pw');
        const create = async () => ((await grpc.unary('CreateLedger', { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: pw }, { metadata })) as { ledgerId: string }).ledgerId;
        try {
          // Each gateway writes its own ledgers (it owns them), so nothing is forwarded.
          const r = await closedLoop(o.seconds, o.concurrency, restAppend(side, ca, token, await create(), payload));
          rows.push(['REST append', side.name, String(round), String(Math.round(r.ops / r.seconds)), r.hist.p(50).toFixed(2), r.hist.p(99).toFixed(2), String(r.failed)]);
          const g = await create();
          const u = await closedLoop(o.seconds, o.concurrency, async () => {
            await grpc.unary('Append', { ledgerId: g, data: payload, password: pw }, { metadata });
          });
          rows.push(['gRPC unary Append', side.name, String(round), String(Math.round(u.ops / u.seconds)), u.hist.p(50).toFixed(2), u.hist.p(99).toFixed(2), String(u.failed)]);
        } finally {
          Client.prototype.close.call(grpc.raw); // the stub's own close is the Close RPC
        }
      }
    }
    console.log(`\n## TLS and tokens through the gateway (in-process gateway on a 3-bookie local cluster, E3/Qw2/Qa2, ${o.entrySize} B, ${o.concurrency} requests in flight, ${o.seconds} s each)\n`);
    console.log(formatTable(['call', 'gateway', 'round', 'ops/s', 'p50 ms', 'p99 ms', 'failed'], rows));
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
