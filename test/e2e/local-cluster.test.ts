// `quire local` (npm start): the whole cluster in one process. README's curl lines run against it
// as written (only the port differs), its data survives a restart, Ctrl-C stops it cleanly, and
// its bookies run auto-recovery: an auditor is elected and a stopped bookie's data is re-replicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '../../cli/local-command.js';
import { whoisauditor } from '../../cli/shell/autorecovery-commands.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { openMetadataService } from '../../metadata/metadata-service.js';
import { eventually } from '../metadata/eventually.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runBash(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function readmeTryIt(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'));
  const m = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'README has a ```sh block under "## Try it"');
  return m[1]!;
}

test("README's curl examples work against quire local, and its data survives a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-local-'));
  try {
    let cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1', restPort: 0, grpcPort: 0 });
    const url = cluster.gateway!.url;
    const script = readmeTryIt().replace('GW=http://127.0.0.1:8080', `GW=${url}`);
    // Async: the cluster serves from this very process, so a blocking spawn would deadlock it.
    const r = await runBash(script + '\necho "LEDGER=$L"');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /second entry/, 'entry 1 read back as octet-stream');
    assert.match(r.stdout, /"state":"CLOSED"|"lastEntryId":"1"/, r.stdout);
    const ledgerId = /LEDGER=(\d+)/.exec(r.stdout)![1]!;
    await cluster.stop();

    cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1', restPort: 0, grpcPort: 0 });
    const page = await fetch(`${cluster.gateway!.url}/v1/ledgers/${ledgerId}/entries?from=0`);
    assert.equal(page.status, 200);
    const body = (await page.json()) as { entries: Array<{ entryId: string; data: string }> };
    assert.deepEqual(body.entries.map((e) => Buffer.from(e.data, 'base64').toString()), ['hello, ledger', 'second entry']);
    assert.match(page.headers.get('cache-control') ?? '', /immutable/, 'a sealed ledger is cacheable');
    await cluster.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('quire local as a process prints its addresses and stops cleanly on SIGINT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-local-cli-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'local', '--data-dir', dir, '--base-port', '0', '--rest-port', '0', '--grpc-port', '0'], {
      cwd: root,
      env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    const started = await new Promise<{ restUrl: string; grpcPort: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 60_000);
      createInterface({ input: child.stdout }).on('line', (l) => {
        out += l + '\n';
        if (l.startsWith('{"event":"local-cluster-started"')) {
          clearTimeout(timer);
          resolve(JSON.parse(l) as { restUrl: string; grpcPort: number });
        }
      });
    });
    const health = await fetch(`${started.restUrl}/readyz`);
    assert.equal(health.status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.match(out, /curl -s -X POST/, 'ready-to-paste curl examples');
    assert.match(out, /grpcurl -plaintext/, 'ready-to-paste grpcurl examples');
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('quire local runs auto-recovery: whoisauditor names one of its bookies, and a stopped bookie\'s ledger is re-replicated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-local-ar-'));
  const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
  const svc = await openMetadataService(cluster.metadataServiceUri);
  const bk = await createBookKeeperClient({ metadataService: svc });
  try {
    const ids = cluster.bookies.map((b) => b.bookieId);
    assert.equal(cluster.autoRecovery.length, 3, 'every bookie is an auditor candidate and a worker');
    let auditor = '';
    await eventually('an auditor is elected', async () => {
      const r = await whoisauditor(cluster.metadataServiceUri);
      auditor = r.lines[0]!.replace(/^Auditor: /, '');
      return r.ok;
    }, 60_000);
    assert.ok(ids.includes(auditor), `auditor ${auditor} is one of ${ids.join(', ')}`);

    const w = await bk.createLedger({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2, password: 'pw' });
    for (let i = 0; i < 20; i++) await w.append(Buffer.from(`entry-${i}`));
    await w.close();
    const named = (await svc.ledgers.readLedgerMetadata(w.ledgerId)).metadata.segments[0]!.bookies;
    const victim = named.find((b) => b !== auditor)!;
    const i = ids.indexOf(victim);
    // Its worker and vote first, then the bookie (its registration goes): the auditor marks, a worker copies.
    await cluster.autoRecovery[i]!.stop();
    await cluster.bookies[i]!.stop();
    await eventually('no metadata names the stopped bookie', async () => !(await svc.ledgers.readLedgerMetadata(w.ledgerId)).metadata.segments.some((s) => s.bookies.includes(victim)), 120_000);
    const r = await bk.openLedger(w.ledgerId, { password: 'pw' });
    assert.deepEqual((await r.read(0n, 19n)).map((e) => e.payload.toString()), Array.from({ length: 20 }, (_, k) => `entry-${k}`));
  } finally {
    await bk.close();
    await svc.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
