// The web console in a real browser: Debian's headless Chromium driven by playwright-core against
// a gateway on real bookies (plus one bookie with its HTTP admin API, so disk figures show, and one
// stopped, so "down" shows). Data is made over REST, then every view is checked as a person sees
// it. With auth on: no token -> the page asks for one; a read-only token views but cannot delete.
// Screenshots go to a temp directory whose path is printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';
import { AUDIENCE, tokenKit, type TokenKit } from '../gateway/security/tokens.js';
import { resolveBookieConfig } from '../../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../../bookie/bookie-service.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { childLogger } from '../../common/logger.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = mkdtempSync(join(tmpdir(), 'quire-console-shots-'));
const WAIT = { timeout: 60_000 };

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-test-deps.sh (installs Debian's chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const isJson = body !== undefined && !Buffer.isBuffer(body);
  return fetch(new URL(path, url), {
    method,
    headers: { ...(isJson ? { 'content-type': 'application/json' } : body !== undefined ? { 'content-type': 'application/octet-stream' } : {}), ...headers },
    ...(body !== undefined ? { body: isJson ? JSON.stringify(body) : (body as Buffer) } : {}),
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('web console (anonymous gateway)', () => {
  let gc: GatewayCluster;
  let browser: Browser;
  let url: string;
  let ledgerId: string;
  let extra: RunningBookie;
  let extraMd: MetadataService;
  let gone: RunningBookie;

  before(async () => {
    browser = await launch();
    // No auto-recovery (quire local's default runs it): the test's own mark must stay for the view to show.
    gc = await startGatewayCluster({ bookies: 4, bookieSettings: { autoRecoveryDaemonEnabled: 'false' } });
    url = gc.gateways[0]!.url;
    // A fifth bookie with its HTTP admin API on (disk figures), registered in the same cluster.
    extraMd = await openMetadataService(gc.cluster.metadataServiceUri);
    const dir = mkdtempSync(join(tmpdir(), 'quire-console-bookie-'));
    const { config } = resolveBookieConfig(
      new Map([
        ['bookiePort', '0'],
        ['bookieId', 'http-bookie'],
        ['listeningInterface', '127.0.0.1'],
        ['journalDirectories', join(dir, 'journal')],
        ['ledgerDirectories', join(dir, 'ledgers')],
        ['httpServerEnabled', 'true'],
        ['httpServerPort', '0'],
      ]),
    );
    extra = await startBookieService(config, childLogger('console-test'), { metadata: extraMd, formatIfMissing: true });
    // One bookie stopped: its cookie stays, its registration goes -> "down".
    gone = gc.cluster.bookies.pop()!;
    await gone.stop();

    const created = await call(url, 'POST', '/v1/ledgers', { ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
    assert.equal(created.status, 201);
    ledgerId = ((await created.json()) as { ledgerId: string }).ledgerId;
    assert.equal((await call(url, 'POST', `/v1/ledgers/${ledgerId}/entries`, Buffer.from('ledger entry'))).status, 201);
    assert.equal((await call(url, 'POST', '/v1/logs', { name: 'team/orders' })).status, 201);
    const recs = await call(url, 'POST', '/v1/logs/team%2Forders/records', { records: ['order-0', 'order-1', 'order-2'].map((s) => ({ data: b64(s) })) });
    assert.equal(recs.status, 201);
    assert.equal((await call(url, 'PUT', '/v1/blobs/reports%2F2026.txt', Buffer.from('a small blob'))).status, 201);
  });
  after(async () => {
    await browser?.close();
    await extra?.stop();
    await extraMd?.close();
    await gc?.stop();
  });

  test('GET /v1/bookies: writable, down, and disk from the bookie with an HTTP admin API', async () => {
    const r = await call(url, 'GET', '/v1/bookies');
    assert.equal(r.status, 200);
    const b = (await r.json()) as { bookies: { bookieId: string; state: string; disk?: { freeBytes: string; totalBytes: string } }[]; truncated: boolean };
    const state = Object.fromEntries(b.bookies.map((x) => [x.bookieId, x.state]));
    assert.deepEqual(state, { 'http-bookie': 'writable', 'local-bookie-1': 'writable', 'local-bookie-2': 'writable', 'local-bookie-3': 'writable', 'local-bookie-4': 'down' });
    const traffic = (b.bookies.find((x) => x.bookieId === 'http-bookie') as { traffic?: Record<string, string> }).traffic!;
    assert.match(traffic.addsTotal!, /^\d+$/, 'traffic counters from the bookie\'s /metrics');
    assert.match(traffic.addBytesTotal!, /^\d+$/);
    const disk = b.bookies.find((x) => x.bookieId === 'http-bookie')!.disk!;
    assert.ok(BigInt(disk.totalBytes) > 0n && BigInt(disk.freeBytes) <= BigInt(disk.totalBytes));
    assert.equal(b.bookies.find((x) => x.bookieId === 'local-bookie-1')!.disk, undefined);
    assert.equal(b.truncated, false);
  });

  test('cluster view shows bookies with state and disk, the auditor and the under-replicated ledgers', async () => {
    // A mark in BookKeeper's layout, as an auditor writes it when a bookie is lost.
    const ur = await UnderreplicationManager.open(extraMd.store, extraMd.root);
    await ur.markLedgerUnderreplicated(BigInt(ledgerId), ['lost-bookie:3181']);
    const statusRes = await fetch(`${url}/v1/autorecovery`);
    const statusText = await statusRes.text();
    assert.equal(statusRes.status, 200, statusText);
    const status = JSON.parse(statusText) as { replicationEnabled: boolean; auditor?: string; underReplicated: { ledgerId: string; missingReplicas: string[] }[] };
    assert.equal(status.replicationEnabled, true);
    assert.equal(status.auditor, undefined, 'no auto-recovery runs in this cluster');
    assert.deepEqual(status.underReplicated.map((u) => [u.ledgerId, u.missingReplicas]), [[ledgerId, ['lost-bookie:3181']]]);
    const page = await browser.newPage();
    await page.goto(`${url}/console/`);
    await page.locator('[data-bookie="http-bookie"] [data-testid=bookie-state]').getByText('writable').waitFor(WAIT);
    assert.equal(await page.locator('[data-bookie="local-bookie-4"] [data-testid=bookie-state]').textContent(), 'down');
    assert.equal(await page.locator('[data-testid=bookie-counts]').textContent(), '4 writable, 0 read-only, 1 down');
    assert.match((await page.locator('[data-bookie="http-bookie"]').textContent()) ?? '', /iB \/ .*iB/);
    assert.match((await page.locator('[data-bookie="http-bookie"] [data-testid=bookie-traffic]').textContent()) ?? '', /adds so far|\d+\.\d · /);
    assert.match((await page.locator('[data-bookie="local-bookie-1"] [data-testid=bookie-traffic]').textContent()) ?? '', /not reported/);
    assert.match((await page.locator('[data-testid=auditor]').textContent()) ?? '', /none elected/);
    await page.locator(`[data-testid=underreplicated] [data-ledger="${ledgerId}"]`).getByText('lost-bookie:3181').waitFor(WAIT);
    await page.locator('[data-testid=chart-appends] canvas').waitFor(WAIT);
    await shot(page, 'cluster');
    await page.close();
  });

  test('ledgers view lists the ledger and shows its metadata and ensembles', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console/#/ledgers`);
    await page.locator('[data-testid=ledgers] a', { hasText: ledgerId }).first().click();
    await page.locator('[data-testid=ledger-state]').waitFor(WAIT);
    assert.equal(await page.locator('[data-testid=ledger-last]').textContent(), '0');
    const segs = (await page.locator('[data-testid=ledger-segments]').textContent()) ?? '';
    assert.equal((segs.match(/local-bookie-|http-bookie/g) ?? []).length, 3);
    await shot(page, 'ledger');
    await page.close();
  });

  test('log view: segments, records by offset and by time, and a live tail of a record appended now', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console/#/logs`);
    await page.locator('[data-testid=logs] a', { hasText: 'team/orders' }).click();
    await page.locator('[data-testid=records] tr[data-offset="2"]').waitFor(WAIT);
    assert.match((await page.locator('[data-testid=records] tr[data-offset="0"]').textContent()) ?? '', /order-0/);
    assert.match((await page.locator('[data-testid=log-segments]').textContent()) ?? '', /no/);
    // By offset.
    await page.locator('[data-testid=from-offset]').fill('1');
    await page.locator('[data-testid=go-offset]').click();
    await page.locator('[data-testid=records] tr[data-offset="0"]').waitFor({ state: 'detached', ...WAIT });
    assert.equal(await page.locator('[data-testid=records] tr[data-offset]').count(), 2);
    // By time: a moment before the first record -> offset 0 again.
    await page.locator('[data-testid=from-time]').fill('2000-01-01T00:00:00');
    await page.locator('[data-testid=from-time]').press('Enter');
    await page.locator('[data-testid=records] tr[data-offset="0"]').waitFor(WAIT);
    // Live tail: start it, append over REST, see the record arrive.
    await page.locator('[data-testid=tail-toggle]').click();
    await page.locator('[data-testid=tail-on]').waitFor(WAIT);
    assert.equal((await call(url, 'POST', '/v1/logs/team%2Forders/records', Buffer.from('live-order'))).status, 201);
    await page.locator('[data-testid=tail-records] tr[data-offset="3"]', { hasText: 'live-order' }).waitFor(WAIT);
    await shot(page, 'log');
    await page.locator('[data-testid=tail-toggle]').click();
    await page.close();
  });

  test('blobs view lists the blob', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console/#/blobs`);
    await page.locator('[data-blob="reports/2026.txt"]').waitFor(WAIT);
    assert.match((await page.locator('[data-blob="reports/2026.txt"]').textContent()) ?? '', /12 B/);
    await shot(page, 'blobs');
    await page.close();
  });

  test('the console loads nothing from outside the gateway', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) foreign.push(r.url());
    });
    await page.goto(`${url}/console/`);
    await page.locator('[data-testid=bookies]').waitFor(WAIT);
    assert.deepEqual(foreign, []);
    await page.close();
  });

  test('a bookie switched to read-only shows as read-only (last: it changes the cluster)', async () => {
    const put = await fetch(`http://127.0.0.1:${extra.httpPort!}/api/v1/bookie/state/readonly`, { method: 'PUT', body: JSON.stringify({ readOnly: true }) });
    assert.equal(put.status, 200);
    const page = await browser.newPage();
    await page.goto(`${url}/console/`);
    // The view polls /v1/bookies every 5 s: wait for the registration to move.
    await page.locator('[data-bookie="http-bookie"] [data-testid=bookie-state]').getByText('read-only').waitFor(WAIT);
    assert.equal(await page.locator('[data-testid=bookie-counts]').textContent(), '3 writable, 1 read-only, 1 down');
    await shot(page, 'cluster-read-only');
    await page.close();
  });
});

describe('web console behind token auth', () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let browser: Browser;
  let url: string;
  let ledgerId: string;
  let readToken: string;
  let adminToken: string;

  before(async () => {
    browser = await launch();
    kit = tokenKit();
    gc = await startGatewayCluster({ gateway: { auth: { secretFile: kit.secretFile, audience: AUDIENCE } } });
    url = gc.gateways[0]!.url;
    readToken = await kit.hs([{ actions: ['read'] }]);
    adminToken = await kit.hs([{ actions: ['admin'] }]);
    const created = await call(url, 'POST', '/v1/ledgers', {}, { authorization: `Bearer ${adminToken}` });
    assert.equal(created.status, 201);
    ledgerId = ((await created.json()) as { ledgerId: string }).ledgerId;
  });
  after(async () => {
    await browser?.close();
    await gc?.stop();
    kit?.cleanup();
  });

  test('GET /v1/bookies needs a token and read permission', async () => {
    assert.equal((await call(url, 'GET', '/v1/bookies')).status, 401);
    assert.equal((await call(url, 'GET', '/v1/bookies', undefined, { authorization: `Bearer ${readToken}` })).status, 200);
    const scoped = await kit.hs([{ actions: ['read'], logs: 'team/' }]);
    assert.equal((await call(url, 'GET', '/v1/bookies', undefined, { authorization: `Bearer ${scoped}` })).status, 403);
  });

  test('without a token the page asks for one; a read-only token views but cannot delete; admin can', async () => {
    const page = await browser.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${url}/console/`);
    await page.locator('[data-testid=token-form]').waitFor(WAIT);
    assert.match((await page.locator('[data-testid=token-form]').textContent()) ?? '', /needs a token/);
    await shot(page, 'auth-token-prompt');

    await page.locator('[data-testid=token-input]').fill(readToken);
    await page.locator('[data-testid=token-save]').click();
    await page.locator('[data-testid=bookie-state]').first().waitFor(WAIT);
    assert.equal(await page.locator('[data-testid=bookie-state]', { hasText: 'writable' }).count(), 3);
    // /metrics is admin-only: the charts say why they are empty.
    await page.locator('[data-testid=charts-unavailable]').waitFor(WAIT);

    await page.goto(`${url}/console/#/ledgers/${ledgerId}`);
    await page.locator('[data-testid=ledger-state]').waitFor(WAIT);
    await page.locator('[data-testid=delete-ledger]').click();
    await page.locator('[data-testid=error]', { hasText: 'PERMISSION_DENIED' }).waitFor(WAIT);
    await shot(page, 'auth-read-only-delete-refused');
    assert.equal((await call(url, 'GET', `/v1/ledgers/${ledgerId}`, undefined, { authorization: `Bearer ${adminToken}` })).status, 200);

    await page.locator('[data-testid=nav-token]').click();
    await page.locator('[data-testid=token-input]').fill(adminToken);
    await page.locator('[data-testid=token-save]').click();
    await page.locator('[data-testid=ledger-state]').waitFor(WAIT);
    await page.locator('[data-testid=delete-ledger]').click();
    await page.locator('[data-testid=action-ok]').waitFor(WAIT);
    assert.equal((await call(url, 'GET', `/v1/ledgers/${ledgerId}`, undefined, { authorization: `Bearer ${adminToken}` })).status, 404);
    await page.close();
  });
});
