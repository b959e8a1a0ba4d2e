// The TypeScript SDK as an npm package: `npm pack` in clients/typescript (its prepack builds dist/
// with tsc and copies in the OpenAPI types and quire/v1 .proto files), `npm install <tarball>`
// into a throwaway project outside the repository, then from there: the TypeScript quickstart of
// clients/README.md against a live gateway (over gRPC: logs, producer, consumer, a blob), a gRPC call (the shipped .proto files, found next to
// the compiled code), and the package's declarations type-checked by tsc in that project.
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-example.js';
import { runProcess, type ProcessResult } from './run-pytest.js';
import { startLiveGateway, type LiveGateway } from './live-gateway.js';

const SDK = join(ROOT, 'clients', 'typescript');

/** The ```js block after `<!-- quickstart:typescript -->` in clients/README.md. */
function typescriptQuickstart(): string {
  const readme = readFileSync(join(ROOT, 'clients', 'README.md'), 'utf8');
  const m = /<!-- quickstart:typescript -->\n```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'clients/README.md has no <!-- quickstart:typescript --> block');
  return m[1]!;
}

/** The environment without npm's own variables (set when this runs under `npm test`) or a proto override. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of Object.keys(process.env)) if (/^npm_/i.test(k) || k === 'QUIRE_PROTO_DIR' || k === 'INIT_CWD') env[k] = undefined;
  return { ...env, ...extra };
}

// Uses the package's declarations strictly: a wrong type must be an error (so they are not `any`).
const TYPE_CHECK = `import { Client, Consumer, LogConsumer, LogProducer, Producer, QuireApiError, QuireBlobClient, QuireGrpcClient, QuireLogClient, type LogReceipt } from '@quire/client';

const client = new QuireLogClient({ baseUrl: 'http://127.0.0.1:8080', token: () => 'jwt' });
const producer = new LogProducer(client, 'orders', { maxBatchRecords: 10 });
const receipt: Promise<LogReceipt> = producer.send('x');
const offset: Promise<bigint> = receipt.then((r) => r.offset);
// @ts-expect-error offsets are bigint
const wrong: Promise<number> = receipt.then((r) => r.offset);
const consumer = new LogConsumer(client, 'orders', 'billing', { startAt: 'earliest' });
const info = client.createLog({ name: 'orders' }).then((l) => l.name);
const blobs = new QuireBlobClient({ baseUrl: 'http://127.0.0.1:8080' });
const grpc = new QuireGrpcClient({ target: '127.0.0.1:9090', tls: {} });
const isApiError = (e: unknown): string | undefined => (e instanceof QuireApiError ? e.code : undefined);
const shared = new Client({ endpoints: ['127.0.0.1:9090', '127.0.0.1:9091'], tls: { ca: 'pem' }, token: 'jwt', timeoutMs: 1000 });
const p2: Producer = shared.log('orders').producer({ lingerMs: 5, maxBatchBytes: 1 << 20, maxBatchRecords: 100 });
const c2: Consumer = shared.log('orders').consumer('billing', { startAt: 'latest' });
const sha: Promise<string> = shared.blob('b').upload(new Uint8Array(1)).then((r) => r.info.sha256);
// @ts-expect-error the transport is 'grpc' or 'rest'
const badTransport = new Client({ endpoints: 'x', transport: 'http' });
const old: Producer = producer;
void [offset, wrong, consumer, info, blobs, grpc, isApiError, p2, c2, sha, badTransport, old];
`;

// The gRPC client loads the .proto files shipped in the package (not the checkout's).
const GRPC_CHECK = `import { QuireGrpcClient } from '@quire/client';
const grpc = new QuireGrpcClient({ target: process.env.QUIRE_GRPC, password: 'pw' });
const ledger = await grpc.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
const r = await grpc.append(ledger.ledgerId, 'over grpc');
console.log('grpc entry', String(r.entryId), String(await grpc.readEntry(ledger.ledgerId, r.entryId)));
console.log('resolved', import.meta.resolve('@quire/client'));
grpc.close();
`;

describe('@quire/client packed, installed outside the repository, against a live gateway', () => {
  let gw: LiveGateway;
  let dir: string;
  let project: string;
  const hadDist = existsSync(join(SDK, 'dist'));

  let packing: Promise<ProcessResult> | undefined;

  before(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'quire-ts-sdk-')));
    project = join(dir, 'project');
    mkdirSync(project);
    // npm pack needs no gateway: it builds while the gateway starts, and the test awaits it.
    packing = runProcess('npm', ['pack', '--pack-destination', dir], { cwd: SDK, env: cleanEnv(), timeoutMs: 300_000 });
    void packing.catch(() => undefined); // awaited (and reported) by the test
    gw = await startLiveGateway();
  });
  after(async () => {
    await packing?.catch(() => undefined);
    await gw?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // The build's output is gitignored; leave the checkout as it was.
    if (!hadDist) rmSync(join(SDK, 'dist'), { recursive: true, force: true });
  });

  test('npm pack builds a self-contained tarball; npm install in a throwaway project; quickstart, gRPC and tsc work there', { timeout: 900_000 }, async () => {
    const pack = await packing!;
    assert.equal(pack.code, 0, `npm pack:\n${pack.output}`);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, `npm pack wrote no tarball:\n${pack.output}`);
    // What ships: compiled code with declarations, the OpenAPI types, the .proto files; no sources.
    for (const f of ['dist/clients/typescript/index.js', 'dist/clients/typescript/index.d.ts', 'dist/openapi/gen/quire.d.ts', 'dist/proto/quire/v1/ledger.proto', 'dist/proto/quire/v1/log.proto', 'dist/proto/quire/v1/blob.proto']) {
      assert.match(pack.output, new RegExp(`\\s${f.replaceAll('.', '\\.')}\\n`), `${f} is in the tarball`);
    }
    assert.doesNotMatch(pack.output, /\s(?!dist\/)[\w/-]+\.ts\n|example\.(js|ts)/, 'no TypeScript sources or example in the tarball');

    const nodeTypes = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'quire-ts-quickstart', private: true, type: 'module' }, null, 2));
    const install = await runProcess('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball), `@types/node@${nodeTypes}`], { cwd: project, env: cleanEnv(), timeoutMs: 300_000 });
    assert.equal(install.code, 0, `npm install:\n${install.output}`);

    // The declarations, strictly (no skipLibCheck), with the repository's tsc: typescript is not a
    // dependency of the package, and installing it here would only repeat what the repo pins.
    // tsc needs no gateway: it runs while the quickstart and the gRPC check do, and is awaited last.
    writeFileSync(join(project, 'check.ts'), TYPE_CHECK);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, files: ['check.ts'] }));
    const typeCheck = runProcess(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, env: cleanEnv(), timeoutMs: 300_000 });
    void typeCheck.catch(() => undefined); // awaited (and reported) below

    writeFileSync(join(project, 'quickstart.mjs'), typescriptQuickstart());
    const run = await runProcess(process.execPath, ['quickstart.mjs'], { cwd: project, env: cleanEnv({ QUIRE_ENDPOINT: gw.grpcTarget }), timeoutMs: 240_000 });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /^appended at 0 1 2$/m);
    assert.match(run.output, /^0 order 0\n1 order 1\n2 order 2$/m);
    assert.match(run.output, new RegExp(`^blob ${createHash('sha256').update('hello').digest('hex')} hello$`, 'm'));
    // Run again: the log exists (LOG_EXISTS tolerated), and the consumer resumes at its cursor (3).
    const again = await runProcess(process.execPath, ['quickstart.mjs'], { cwd: project, env: cleanEnv({ QUIRE_ENDPOINT: gw.grpcTarget }), timeoutMs: 240_000 });
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /^appended at 3 4 5$/m);
    assert.match(again.output, /^3 order 0\n4 order 1\n5 order 2$/m);

    writeFileSync(join(project, 'grpc-check.mjs'), GRPC_CHECK);
    const g = await runProcess(process.execPath, ['grpc-check.mjs'], { cwd: project, env: cleanEnv({ QUIRE_GRPC: gw.grpcTarget }), timeoutMs: 240_000 });
    assert.equal(g.code, 0, g.output);
    assert.match(g.output, /^grpc entry 0 over grpc$/m);
    assert.match(g.output, new RegExp(`^resolved file://${project}/node_modules/@quire/client/dist/clients/typescript/index\\.js$`, 'm'), 'the installed copy, not the checkout');

    const tsc = await typeCheck;
    assert.equal(tsc.code, 0, `tsc in the throwaway project:\n${tsc.output}`);
  });
});
