// TLS on Quire bookies and the quorum client over real TCP, with openssl-made certificates:
// START_TLS then the handshake on the same socket (BookKeeper's order), client certificates,
// what is refused (and how BookKeeper refuses it), BookieAuthZFactory roles and certificate
// rotation without a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { isQuireError, QuireError } from '../../common/errors.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { TcpBookieClient } from '../../clients/quorum/bookie-client/tcp-bookie-client.js';
import type { ClientTlsSettings } from '../../clients/quorum/bookie-client/start-tls.js';
import { createDigestManager, DigestType, masterKeyOf } from '../../clients/quorum/digest/digest-manager.js';
import { wrapEntry } from '../../clients/quorum/digest/entry-format.js';
import { FrameDecoder } from '../../protocol/frame.js';
import { OperationType, ProtocolVersion } from '../../protocol/messages.js';
import { decodeResponse, encodeRequest } from '../../protocol/v3-codec.js';
import { readReq } from '../../harness/wire-client.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';

const TLS_FACTORY = 'org.apache.bookkeeper.tls.TLSContextFactory';
const pwd = Buffer.from('pwd');
const key = masterKeyOf(pwd);
const digest = createDigestManager(DigestType.CRC32C, pwd);
const entry = (ledgerId: bigint, entryId: bigint, text: string): Buffer =>
  wrapEntry(digest, { ledgerId, entryId, lastAddConfirmed: entryId - 1n, length: BigInt(text.length), payload: Buffer.from(text) });

/** Log lines a bookie wrote, to check refusals are logged. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.lines.push(chunk.toString());
    cb();
  }
}

const dirs: string[] = [];
const bookies: RunningBookie[] = [];
const clients: TcpBookieClient[] = [];

async function bookie(extra: Record<string, string>, logs?: LogCapture): Promise<RunningBookie> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-tls-bookie-'));
  dirs.push(dir);
  const { config } = resolveBookieConfig(new Map(Object.entries({ bookiePort: '0', journalDirectories: join(dir, 'j'), ledgerDirectories: join(dir, 'l'), ...extra })));
  const log = pino({ level: 'info' }, logs ?? new LogCapture());
  const b = await startBookieService(config, log);
  bookies.push(b);
  return b;
}

function client(port: number, tls?: ClientTlsSettings, protocol: 'v3' | 'v2' = 'v3'): TcpBookieClient {
  const c = new TcpBookieClient({ registry: { resolve: async () => ({ host: '127.0.0.1', port }) }, protocol, requestTimeoutMs: 30_000, ...(tls ? { tls } : {}) });
  clients.push(c);
  return c;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<QuireError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isQuireError(e), `not a QuireError: ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('bookie TLS (START_TLS) with the quorum client', () => {
  let d: string;
  let server: { certFile: string; keyFile: string };
  let ca: string;
  let otherCa: string;
  const clientCert = (name: string): { tlsKeyStore: string; tlsCertificatePath: string } => ({ tlsKeyStore: join(d, `${name}.key`), tlsCertificatePath: join(d, `${name}.pem`) });

  before(() => {
    d = mkdtempSync(join(tmpdir(), 'quire-tls-certs-'));
    dirs.push(d);
    ca = makeCa(d).caFile;
    otherCa = makeCa(d, 'other-ca').caFile;
    server = makeServerCert(d, 'bookie', 'bookie');
    makeServerCert(d, 'writer', 'client-writer', { ou: '0:writer,reader;1:cluster-a' });
    makeServerCert(d, 'reader', 'client-reader', { ou: '0:reader' });
    makeServerCert(d, 'norole', 'client-norole');
    makeServerCert(d, 'stranger', 'client-stranger', { ca: 'other-ca', ou: '0:writer' });
    makeServerCert(d, 'bookie2', 'bookie-rotated', { ca: 'other-ca' });
    makeServerCert(d, 'expired-bookie', 'bookie-expired', { days: -1 });
    makeServerCert(d, 'expired-client', 'client-expired', { days: -1, ou: '0:writer' });
  });
  after(async () => {
    for (const c of clients) await c.close();
    for (const b of bookies) await b.stop();
    for (const x of dirs) rmSync(x, { recursive: true, force: true });
  });

  const serverTls = (): Record<string, string> => ({ tlsProviderFactoryClass: TLS_FACTORY, tlsKeyStoreType: 'PEM', tlsKeyStore: server.keyFile, tlsCertificatePath: server.certFile });
  const clientTls = (o: Partial<ClientTlsSettings> = {}): ClientTlsSettings => ({ tlsProviderFactoryClass: TLS_FACTORY, tlsTrustStoreType: 'PEM', tlsTrustStore: ca, ...o });

  test('v3 and v2 clients with TLS add and read; the bookie sees TLS connections', async () => {
    const b = await bookie(serverTls());
    for (const protocol of ['v3', 'v2'] as const) {
      const c = client(b.port, clientTls(), protocol);
      const ledger = protocol === 'v3' ? 1n : 2n;
      for (let e = 0n; e < 5n; e++) await c.addEntry('b', ledger, e, key, entry(ledger, e, `tls-${protocol}-${e}`));
      const r = await c.readEntry('b', ledger, 3n);
      assert.deepEqual(r.entry, entry(ledger, 3n, `tls-${protocol}-3`));
    }
    assert.deepEqual(b.server.connectionsByTransport, { plain: 0, tls: 2 });
    // A plaintext client is still served: BookKeeper's bookie refuses plaintext only through an
    // auth provider (BookieAuthZFactory below), never for TLS alone.
    const plain = client(b.port);
    assert.deepEqual((await plain.readEntry('b', 1n, 0n)).entry, entry(1n, 0n, 'tls-v3-0'));
  });

  test('refused: TLS client to a bookie without TLS (EBADREQ to START_TLS), a bookie certificate from another CA', async () => {
    const plainBookie = await bookie({});
    const e1 = await rejectsWith(client(plainBookie.port, clientTls()).readEntry('b', 1n, 0n), 'TLS_FAILED');
    assert.match(e1.message, /refused START_TLS/);
    const b = await bookie(serverTls());
    const e2 = await rejectsWith(client(b.port, clientTls({ tlsTrustStore: otherCa })).readEntry('b', 1n, 0n), 'TLS_FAILED');
    assert.match(e2.message, /certificate/i);
  });

  test('expired certificates are refused: the bookie\'s by the client, the client\'s by the bookie (logged)', async () => {
    const expiredBookie = await bookie({ tlsProviderFactoryClass: TLS_FACTORY, tlsKeyStore: join(d, 'expired-bookie.key'), tlsCertificatePath: join(d, 'expired-bookie.pem') });
    assert.match((await rejectsWith(client(expiredBookie.port, clientTls()).readEntry('b', 1n, 0n), 'TLS_FAILED')).message, /expired/i);
    const logs = new LogCapture();
    const b = await bookie({ ...serverTls(), tlsClientAuthentication: 'true', tlsTrustStore: ca }, logs);
    await rejectsWith(client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('expired-client') })).readEntry('b', 1n, 0n), 'TLS_FAILED');
    assert.match(logs.lines.join(''), /TLS client certificate refused.*CERT_HAS_EXPIRED|CERT_HAS_EXPIRED.*TLS client certificate refused/);
  });

  test('tlsClientAuthentication: a certificate from the trusted CA is required', async () => {
    const b = await bookie({ ...serverTls(), tlsClientAuthentication: 'true', tlsTrustStore: ca });
    const ok = client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('writer') }));
    await ok.addEntry('b', 3n, 0n, key, entry(3n, 0n, 'mutual'));
    // No certificate, or one signed by a CA the bookie does not trust: the handshake fails.
    for (const c of [client(b.port, clientTls()), client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('stranger') }))]) {
      await rejectsWith(c.readEntry('b', 3n, 0n), 'TLS_FAILED');
    }
  });

  test('BookieAuthZFactory: only a client certificate whose first OU role is authorized gets in; refusals are logged', async () => {
    const logs = new LogCapture();
    const b = await bookie({
      ...serverTls(), tlsClientAuthentication: 'true', tlsTrustStore: ca,
      bookieAuthProviderFactoryClass: 'org.apache.bookkeeper.tls.BookieAuthZFactory', authorizedRoles: 'writer,admin',
    }, logs);
    const writer = client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('writer') }));
    await writer.addEntry('b', 4n, 0n, key, entry(4n, 0n, 'authorized'));
    assert.deepEqual((await writer.readEntry('b', 4n, 0n)).entry, entry(4n, 0n, 'authorized'));
    // A certificate whose role is not authorized, or without a role: the bookie answers the
    // START_TLS with EIO after the handshake (as BookKeeper does) and refuses every request; the
    // quorum client turns that EIO into TLS_FAILED for the connection.
    const reader = client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('reader') }));
    assert.match((await rejectsWith(reader.readEntry('b', 4n, 0n), 'TLS_FAILED')).message, /refused the TLS session/);
    await rejectsWith(reader.addEntry('b', 4n, 1n, key, entry(4n, 1n, 'x')), 'TLS_FAILED');
    const noRole = client(b.port, clientTls({ tlsClientAuthentication: true, ...clientCert('norole') }));
    await rejectsWith(noRole.readEntry('b', 4n, 0n), 'TLS_FAILED');
    // Plaintext, v3 and v2: never authenticated, so refused (EUA), as AuthHandler does.
    await rejectsWith(client(b.port).readEntry('b', 4n, 0n), 'UNAUTHORIZED');
    await rejectsWith(client(b.port, undefined, 'v2').readEntry('b', 4n, 0n), 'UNAUTHORIZED');
    const text = logs.lines.join('');
    assert.match(text, /AuthZ failed: Cert role doesn't match allowedRoles list/);
    assert.match(text, /AuthZ failed: No cert role in OU field/);
    assert.match(text, /request refused: connection not authorized/);
  });

  test('START_TLS on the wire: plaintext EOK with an empty startTLSResponse; plaintext bytes after it close the connection', async () => {
    const b = await bookie(serverTls());
    const startTls = encodeRequest({ header: { version: ProtocolVersion.VERSION_THREE, operation: OperationType.START_TLS, txnId: 7n }, startTLSRequest: {} });
    const socket = connect({ host: '127.0.0.1', port: b.port });
    const dec = new FrameDecoder();
    const replies: Buffer[] = [];
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (c: Buffer) => replies.push(...dec.push(c).map((f) => Buffer.from(f))));
    socket.on('error', () => undefined);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    // START_TLS and, in the same write, a plaintext read: the bookie must not serve it.
    socket.write(Buffer.concat([startTls, encodeRequest({ ...readReq(1n, 0n), header: { ...readReq(1n, 0n).header, txnId: 8n } })]));
    await closed;
    assert.equal(replies.length, 1);
    const res = decodeResponse(replies[0]!);
    assert.deepEqual([res.header.operation, res.header.txnId, res.status, res.startTLSResponse], [OperationType.START_TLS, 7n, 0, {}]);
  });

  test('bookie configuration mistakes stop the start with CONFIG_INVALID', async () => {
    await rejectsWith(bookie({ ...serverTls(), tlsKeyStoreType: 'JKS' }), 'CONFIG_INVALID');
    await rejectsWith(bookie({ tlsProviderFactoryClass: TLS_FACTORY }), 'CONFIG_INVALID');
    await rejectsWith(bookie({ ...serverTls(), bookieAuthProviderFactoryClass: 'org.apache.bookkeeper.tls.BookieAuthZFactory' }), 'CONFIG_INVALID');
    assert.throws(() => client(1, clientTls({ tlsTrustStore: '' })), { code: 'CONFIG_INVALID' });
  });

  test('certificate rotation: replaced files are used for new connections without a restart', async () => {
    // The bookie reads its own copies, which the test replaces by rename as an operator would.
    const keyFile = join(d, 'live.key');
    const certFile = join(d, 'live.pem');
    copyFileSync(server.keyFile, keyFile);
    copyFileSync(server.certFile, certFile);
    const b = await bookie({ tlsProviderFactoryClass: TLS_FACTORY, tlsKeyStore: keyFile, tlsCertificatePath: certFile, tlsCertFilesRefreshDurationSeconds: '1' });
    const busy = client(b.port, clientTls());
    await busy.addEntry('b', 5n, 0n, key, entry(5n, 0n, 'before'));
    await rejectsWith(client(b.port, clientTls({ tlsTrustStore: otherCa })).readEntry('b', 5n, 0n), 'TLS_FAILED');
    // Under load: a writer keeps adding on its open TLS connection through the rotation.
    let stop = false;
    let acked = 0n;
    const writer = (async () => {
      for (let e = 0n; !stop || e < 20n; e++) {
        await busy.addEntry('b', 6n, e, key, entry(6n, e, `load-${e}`));
        acked = e + 1n;
      }
    })();
    // Rotate to a pair signed by the other CA: key first, then the certificate (each by rename).
    copyFileSync(join(d, 'bookie2.key'), `${keyFile}.tmp`);
    copyFileSync(join(d, 'bookie2.pem'), `${certFile}.tmp`);
    renameSync(`${keyFile}.tmp`, keyFile);
    renameSync(`${certFile}.tmp`, certFile);
    // Wait (bounded) for a new connection trusting only the other CA to get in.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const r = await client(b.port, clientTls({ tlsTrustStore: otherCa })).readEntry('b', 5n, 0n);
        assert.deepEqual(r.entry, entry(5n, 0n, 'before'));
        break;
      } catch (e) {
        assert.ok(isQuireError(e, 'TLS_FAILED'), String(e));
        assert.ok(Date.now() < deadline, 'the rotated certificate was never used');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // Clients trusting only the old CA are now refused; the open connection kept working and
    // every add it got acknowledged reads back.
    await rejectsWith(client(b.port, clientTls()).readEntry('b', 5n, 0n), 'TLS_FAILED');
    stop = true;
    await writer;
    assert.ok(acked >= 20n);
    for (let e = 0n; e < acked; e++) assert.deepEqual((await busy.readEntry('b', 6n, e)).entry, entry(6n, e, `load-${e}`));
  });
});
