// The data-plane CLI (`quire log|blob|ledger`) as real processes in shell pipelines against live
// gateways (real bookies over TCP, embedded metadata): one with token auth, one with token auth
// and TLS. Processes are spawned asynchronously: the gateways run in this test's event loop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCli, type CompiledCli } from '../../harness/compiled-cli.js';
import { startGatewayCluster, type GatewayCluster } from '../gateway/gateway-cluster.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { AUDIENCE, tokenKit, type TokenKit } from '../gateway/security/tokens.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The CLI transpiled once for this file (harness/compiled-cli.ts): each of the ~45 runs below is
// still its own process, without paying tsx's start-up each time.
let cli: CompiledCli | undefined;

interface Run {
  readonly status: number | null;
  readonly out: Buffer;
  readonly err: string;
}

/** Runs a shell command line (so pipelines are real pipes) with `quire` meaning the CLI. */
function sh(line: string, o: { env?: Record<string, string>; input?: Buffer | string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    if (!cli) throw new Error('the CLI is not compiled yet (before)');
    const p = spawn('bash', ['-o', 'pipefail', '-c', `quire() { ${JSON.stringify(process.execPath)} ${JSON.stringify(cli.main)} "$@"; }\n${line}`], {
      cwd: root,
      env: { ...process.env, QUIRE_LOG_LEVEL: 'silent', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out: Buffer.concat(out), err });
    });
    p.stdin.end(o.input ?? '');
  });
}

function ok(r: Run, what: string): string {
  assert.equal(r.status, 0, `${what}: exit ${r.status}\nstdout:\n${r.out.toString()}\nstderr:\n${r.err}`);
  return r.out.toString();
}

const jsonLines = (s: string): Record<string, unknown>[] =>
  s
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// The tests share the gateways but no log, ledger or blob name (and no list prefix), so three run
// side by side: each is a chain of CLI processes, mostly waiting for a process to start.
describe('quire log|blob|ledger against live gateways', { concurrency: 3 }, () => {
  let gc: GatewayCluster;
  let kit: TokenKit;
  let dir: string;
  let env: Record<string, string>;
  let tlsUrl: string;

  before(async () => {
    kit = tokenKit();
    dir = mkdtempSync(join(tmpdir(), 'quire-cli-'));
    makeCa(dir);
    const cert = makeServerCert(dir, 'gw', 'gateway');
    const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
    [cli, gc] = await Promise.all([compileCli(), startGatewayCluster({ gateway: { auth } })]);
    const tlsGw = await gc.addGateway({ auth, tls: cert });
    tlsUrl = tlsGw.url;
    assert.match(tlsUrl, /^https:/);
    const tokenFile = join(dir, 'token');
    // An hour, not the kit's 10 minutes: on a loaded machine this file once outlived its token
    // (UNAUTHENTICATED: ERR_JWT_EXPIRED in the last tests); expiry is not what it tests.
    writeFileSync(tokenFile, (await kit.hs([{ actions: ['read', 'write', 'admin'] }], { expSeconds: 3600 })) + '\n', { mode: 0o600 });
    env = { QUIRE_GATEWAY: gc.gateways[0]!.url, QUIRE_TOKEN_FILE: tokenFile };
  });
  after(async () => {
    await gc?.stop();
    kit?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    cli?.remove();
  });

  test('log: create, lines in through a pipe, lines and JSON out, list', async () => {
    ok(await sh('quire log create team/orders', { env }), 'create');
    const err = (await sh(`printf 'first\\nsecond\\nthird\\n' | quire log append team/orders`, { env })).err;
    assert.match(err, /appended 3 records to team\/orders/);
    assert.equal(ok(await sh('quire log tail team/orders', { env }), 'tail'), 'first\nsecond\nthird\n');
    const recs = jsonLines(ok(await sh('quire log tail team/orders --json --from 1', { env }), 'tail --json'));
    assert.deepEqual(
      recs.map((r) => [r.offset, r.data]),
      [
        ['1', 'second'],
        ['2', 'third'],
      ],
    );
    assert.equal(ok(await sh('quire log list --prefix team/', { env }), 'list'), 'team/orders\n');
  });

  test('log: JSON input with keys and binary data, raw output keeps the bytes', async () => {
    ok(await sh('quire log create bytes/bin', { env }), 'create');
    const bin = Buffer.from([0, 255, 10, 13, 128]);
    const input = `${JSON.stringify({ key: 'k1', data: 'text' })}\n${JSON.stringify({ dataBase64: bin.toString('base64') })}\n`;
    ok(await sh('quire log append bytes/bin --format json', { env, input }), 'append json');
    const recs = jsonLines(ok(await sh('quire log tail bytes/bin --format json', { env }), 'tail json'));
    assert.equal(recs[0]!.key, 'k1');
    assert.equal(recs[0]!.data, 'text');
    assert.equal(recs[1]!.dataBase64, bin.toString('base64'), 'bytes that are not UTF-8 come out as base64');
    const raw = (await sh('quire log tail bytes/bin --from 1 --format raw', { env })).out;
    assert.deepEqual(raw, bin);
  });

  test('log: tail -f with a durable cursor sees new records, and a restart resumes after what it printed', async () => {
    ok(await sh('quire log create follow/events', { env }), 'create');
    ok(await sh(`printf 'e0\\ne1\\n' | quire log append follow/events`, { env }), 'append');
    const follower = sh('quire log tail follow/events -f --count 4 --cursor reader --wait-ms 2000', { env });
    // Appended while the follower long-polls: it must wait for them, not end at the current end.
    ok(await sh(`printf 'e2\\ne3\\ne4\\n' | quire log append follow/events`, { env }), 'append more');
    assert.equal(ok(await follower, 'follow'), 'e0\ne1\ne2\ne3\n');
    const c = jsonLines(ok(await sh('quire log cursor get follow/events reader --json', { env }), 'cursor get'))[0]!;
    assert.equal(c.offset, '4', 'the cursor moved past the four printed records');
    assert.equal(ok(await sh('quire log tail follow/events --cursor reader', { env }), 'resume'), 'e4\n');
    ok(await sh('quire log cursor set follow/events reader 1', { env }), 'cursor set');
    assert.match(ok(await sh('quire log cursor list follow/events', { env }), 'cursor list'), /^reader\toffset=1\t/m);
  });

  test('log: a reader that closes the pipe early ends the CLI quietly; truncate', async () => {
    ok(await sh('quire log create pipe/many', { env }), 'create');
    const lines = Array.from({ length: 500 }, (_, i) => `r${i}`).join('\n');
    ok(await sh('quire log append pipe/many --batch 50', { env, input: lines }), 'append 500');
    assert.equal(ok(await sh('quire log tail pipe/many | head -n 2', { env }), 'head'), 'r0\nr1\n');
    const info = ok(await sh('quire log info pipe/many', { env }), 'info');
    assert.match(info, /nextOffset=500/);
    ok(await sh('quire log truncate pipe/many --before 0', { env }), 'truncate');
  });

  test('ledger: create, append stdin, read a range, close, info, delete', async () => {
    const id = ok(await sh('quire ledger create --ensemble-size 3 --write-quorum 2 --ack-quorum 2', { env }), 'create').trim();
    assert.match(id, /^\d+$/);
    const receipts = jsonLines(ok(await sh(`printf 'a\\nb\\nc\\n' | quire ledger append ${id} --json`, { env }), 'append'));
    assert.deepEqual(
      receipts.map((r) => r.entryId),
      ['0', '1', '2'],
    );
    assert.equal(ok(await sh(`quire ledger read ${id} --from 1 --to 1`, { env }), 'read range'), 'b\n');
    assert.match(ok(await sh(`quire ledger close ${id}`, { env }), 'close'), /sealed: lastEntryId=2/);
    const info = jsonLines(ok(await sh(`quire ledger info ${id} --json`, { env }), 'info'))[0]!;
    assert.equal(info.state, 'CLOSED');
    assert.equal(ok(await sh(`quire ledger read ${id} -f`, { env }), 'follow a sealed ledger'), 'a\nb\nc\n');
    ok(await sh(`quire ledger delete ${id}`, { env }), 'delete');
    const gone = await sh(`quire ledger info ${id}`, { env });
    assert.equal(gone.status, 1);
    assert.match(gone.err, /NO_SUCH_LEDGER/);
  });

  test('blob: put a file with a progress bar, get it back verified, stdin to stdout, ls, stat, rm', async () => {
    const src = join(dir, 'snapshot.bin');
    const bytes = randomBytes(5 * 1024 * 1024 + 17);
    writeFileSync(src, bytes);
    const put = await sh(`quire blob put snaps/s1 ${src} --progress`, { env });
    ok(put, 'put');
    assert.match(put.err, /put snaps\/s1 .*100%/, 'the progress bar reached 100 % on stderr');
    const dst = join(dir, 'copy.bin');
    ok(await sh(`quire blob get snaps/s1 ${dst}`, { env }), 'get');
    assert.ok(readFileSync(dst).equals(bytes));
    const piped = await sh(`cat ${src} | quire blob put snaps/s2 - && quire blob get snaps/s2 | sha256sum`, { env });
    assert.match(ok(piped, 'pipe'), new RegExp(`^${(await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')} `));
    assert.equal(ok(await sh('quire blob ls --prefix snaps/', { env }), 'ls').split('\n').filter(Boolean).length, 2);
    const st = jsonLines(ok(await sh('quire blob stat snaps/s2 --json', { env }), 'stat'))[0]!;
    assert.equal(st.size, String(bytes.length));
    ok(await sh('quire blob rm snaps/s2', { env }), 'rm');
    const missing = await sh(`quire blob get snaps/s2 ${join(dir, 'never.bin')}`, { env });
    assert.equal(missing.status, 1);
    assert.match(missing.err, /BLOB_NOT_FOUND/);
    assert.ok(!existsSync(join(dir, 'never.bin')) && !existsSync(join(dir, 'never.bin.quire-part')), 'a failed download leaves no file');
  });

  test('errors: no token, an unknown log, a bad offset — stable codes on stderr, exit status 1 or 2', async () => {
    const anon = await sh('quire log list', { env: { QUIRE_GATEWAY: gc.gateways[0]!.url, QUIRE_TOKEN_FILE: '' } });
    assert.equal(anon.status, 1);
    assert.match(anon.err, /^quire: UNAUTHENTICATED: /m);
    const unknown = await sh('quire log tail no/such/log', { env });
    assert.equal(unknown.status, 1);
    assert.match(unknown.err, /^quire: NO_SUCH_LOG: .*\(request [0-9a-f-]+\)/m);
    const bad = await sh('quire log tail team/orders --from soon', { env });
    assert.equal(bad.status, 2);
    assert.match(bad.err, /usage: --from must be an integer/);
  });

  test('TLS: --cacert trusts the gateway certificate; without it the connection is refused', async () => {
    const tlsEnv = { ...env, QUIRE_GATEWAY: tlsUrl };
    const ca = join(dir, 'ca.pem');
    ok(await sh(`quire log create tls/log --cacert ${ca}`, { env: tlsEnv }), 'create over https');
    ok(await sh(`echo secure | quire log append tls/log --cacert ${ca}`, { env: tlsEnv }), 'append over https');
    assert.equal(ok(await sh(`quire log tail tls/log --cacert ${ca}`, { env: tlsEnv }), 'tail over https'), 'secure\n');
    const untrusted = await sh('quire log list', { env: tlsEnv });
    assert.equal(untrusted.status, 1);
    assert.match(untrusted.err, /NETWORK_ERROR/);
  });
});
