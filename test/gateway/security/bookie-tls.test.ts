// The gateway's connections to bookies over TLS: bookies with TLS, client certificates and
// BookieAuthZFactory (role "gateway"); a gateway given BookKeeper's client TLS keys (the same a
// `--bookie-tls-conf` file holds) serves REST on them; one without is refused by every bookie.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parseProperties } from '../../../bookie/bookie-config.js';
import { clientTlsFromProperties } from '../../../clients/quorum/index.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway-cluster.js';
import { makeCa, makeServerCert } from './certs.js';

const PW = { 'Quire-Ledger-Password': 'secret' };

describe('gateway to bookies over TLS (BookKeeper client keys)', () => {
  let dir: string;
  let gc: GatewayCluster;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-gw-bookie-tls-'));
    const ca = makeCa(dir).caFile;
    const bookie = makeServerCert(dir, 'bookie', 'bookie');
    const gw = makeServerCert(dir, 'gateway', 'gateway', { ou: '0:gateway' });
    // The file `quire gateway --bookie-tls-conf` reads.
    const conf = join(dir, 'bookie-tls.conf');
    writeFileSync(conf, [
      'tlsProviderFactoryClass=org.apache.bookkeeper.tls.TLSContextFactory',
      'tlsTrustStoreType=PEM', `tlsTrustStore=${ca}`,
      'tlsClientAuthentication=true', `tlsKeyStore=${gw.keyFile}`, `tlsCertificatePath=${gw.certFile}`,
    ].join('\n'));
    const bookieTls = clientTlsFromProperties(parseProperties((await import('node:fs')).readFileSync(conf, 'utf8')));
    gc = await startGatewayCluster({
      bookies: 3,
      bookieSettings: {
        tlsProviderFactoryClass: 'org.apache.bookkeeper.tls.TLSContextFactory', tlsKeyStore: bookie.keyFile, tlsCertificatePath: bookie.certFile,
        tlsClientAuthentication: 'true', tlsTrustStore: ca,
        bookieAuthProviderFactoryClass: 'org.apache.bookkeeper.tls.BookieAuthZFactory', authorizedRoles: 'gateway',
      },
      gateway: { bookieTls, requestTimeoutMs: 10_000 },
    });
  });
  after(async () => {
    await gc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('create, append and read through a gateway whose bookie connections use TLS with its certificate', async () => {
    const http = request(gc.gateways[0]!.url);
    const created = await http.post('/v1/ledgers').set(PW).send({});
    assert.equal(created.status, 201, created.text);
    const id = String(created.body.ledgerId);
    for (const p of ['one', 'two']) {
      const r = await http.post(`/v1/ledgers/${id}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from(p));
      assert.equal(r.status, 201, r.text);
    }
    const page = await http.get(`/v1/ledgers/${id}/entries`).query({ from: '0' }).set(PW);
    assert.deepEqual(page.body.entries.map((e: { data: string }) => Buffer.from(e.data, 'base64').toString()), ['one', 'two']);
    for (const b of gc.cluster.bookies) assert.ok(b.server.connectionsByTransport.tls >= 1, 'the bookie has TLS connections');
  });

  test('a gateway without bookie TLS is refused by every bookie: appends fail, never a 500', async () => {
    const plainGw = await gc.addGateway({ bookieTls: undefined, gatewayId: 'gw-plain' });
    const http = request(plainGw.url);
    const created = await http.post('/v1/ledgers').set(PW).send({});
    if (created.status === 201) {
      const r = await http.post(`/v1/ledgers/${String(created.body.ledgerId)}/entries`).set(PW).set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
      assert.ok(r.status >= 400 && r.status !== 500, `${r.status} ${r.text}`);
    } else {
      assert.ok(created.status >= 400 && created.status !== 500, `${created.status} ${created.text}`);
    }
    assert.deepEqual((clientTlsFromProperties(new Map([['tlsClientAuthentication', 'true']]))), { tlsClientAuthentication: true });
    assert.throws(() => clientTlsFromProperties(new Map([['tlsTrustStor', 'x']])), { code: 'CONFIG_INVALID' });
  });
});
