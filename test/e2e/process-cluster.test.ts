// `npm run cluster` (scripts/cluster.ts) end to end: real ZooKeeper, `quire shell metaformat`,
// three bookie processes and two gateway processes. Clients in several languages talk to either
// gateway; writes cross instances (forwarded to the ledger's owner); Ctrl-C stops every process
// and removes the data; a failed start stops everything it had started.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClusterInfo } from '../../scripts/cluster.js';
import { QuireRestClient } from '../../clients/typescript/index.js';
import { exampleCommands, runExample } from '../clients/run-example.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunningScript {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs what `npm run cluster` runs; resolves with its JSON line, or with the exit code if it fails first. */
function runCluster(env: Record<string, string> = {}): { script: RunningScript; info: Promise<ClusterInfo | { failed: number | null }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const info = new Promise<ClusterInfo | { failed: number | null }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`cluster did not start within 240 s; stderr:\n${err}`));
    }, 240_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const ev = JSON.parse(line) as ClusterInfo;
      if (ev.event === 'cluster-started') {
        clearTimeout(timer);
        resolve(ev);
      }
    });
    void exited.then((c) => {
      clearTimeout(timer);
      resolve({ failed: c });
    });
  });
  return { script: { child, stderr: () => err, exited }, info };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = connect(Number(port), host!);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

// The failed start (the second describe) runs side by side with the first describe's cluster: the
// two share nothing (free ports, own temp dirs), and each start is a chain of single processes.
// Started here, before every test; checked by the second describe; stopped for sure in after().
let failedStart: ReturnType<typeof runCluster> | undefined;
before(() => {
  failedStart = runCluster({ QUIRE_PROTO_DIR: '/nonexistent-quire-proto' });
  // Its outcome is awaited later, by its test: until then a rejection is not an unhandled one.
  failedStart.info.catch(() => undefined);
});
after(async () => {
  const child = failedStart?.script.child;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGINT');
    await failedStart!.script.exited;
  }
});

describe('npm run cluster: processes, clients, clean stop', { timeout: 900_000 }, () => {
  let script: RunningScript;
  let info: ClusterInfo;
  before(async () => {
    const run = runCluster();
    script = run.script;
    const got = await run.info;
    if ('failed' in got) throw new Error(`cluster exited with ${got.failed}:\n${script.stderr()}`);
    info = got;
  });
  after(async () => {
    if (script && script.child.exitCode === null) {
      script.child.kill('SIGINT');
      await script.exited;
    }
  });

  test('prints ZooKeeper, three bookies and two gateways, all serving', async () => {
    assert.equal(info.bookies.length, 3);
    assert.equal(info.gateways.length, 2);
    for (const g of info.gateways) {
      const r = await fetch(`${g.rest}/readyz`);
      assert.equal(r.status, 200, await r.text());
      const m = await (await fetch(`${g.rest}/metrics`)).text();
      assert.match(m, /quire_gateway_http_requests_total/);
    }
    for (const b of info.bookies) {
      const m = await (await fetch(`http://127.0.0.1:${b.httpPort}/metrics`)).text();
      assert.match(m, /quire_bookie_journal_fsyncs_total/);
    }
  });

  test('a ledger created through one gateway is written and read through the other', async () => {
    const [g1, g2] = info.gateways as [ClusterInfo['gateways'][0], ClusterInfo['gateways'][0]];
    const one = new QuireRestClient({ baseUrl: g1.rest, password: 'pw' });
    const two = new QuireRestClient({ baseUrl: g2.rest, password: 'pw' });
    const ledger = await one.createLedger({ entryFormat: 'ENVELOPE' }); // exactly-once appends below
    assert.equal(ledger.owner, 'gateway-1');
    const r0 = await two.append(ledger.ledgerId, 'through gateway-2', { producerId: 'e2e', sequence: 0n });
    const again = await two.append(ledger.ledgerId, 'through gateway-2', { producerId: 'e2e', sequence: 0n });
    assert.equal(again.duplicate, true);
    assert.equal(again.entryId, r0.entryId);
    await one.append(ledger.ledgerId, 'through gateway-1', { producerId: 'e2e', sequence: 1n });
    for (const c of [one, two]) {
      const page = await c.readEntries(ledger.ledgerId, { from: 0n });
      assert.deepEqual(page.entries.map((e) => e.data.toString()), ['through gateway-2', 'through gateway-1']);
    }
    const sealed = await two.close(ledger.ledgerId);
    assert.equal(sealed.lastEntryId, 1n);
  });

  test('the Python gRPC example runs against gateway-2, the Go example against gateway-1', async () => {
    const [g1, g2] = info.gateways as [ClusterInfo['gateways'][0], ClusterInfo['gateways'][0]];
    const py = exampleCommands(g2.grpc, g2.rest)['python grpc']!;
    const go = exampleCommands(g1.grpc, g1.rest).go!;
    // Each example makes its own ledgers: side by side.
    const [pyRun, goRun] = await Promise.all([runExample(py.cmd, py.args, py.cwd), runExample(go.cmd, go.args, go.cwd)]);
    assert.equal(pyRun.summary.closedError, 'LEDGER_CLOSED');
    assert.equal(goRun.summary.tailed, 5);
  });

  test('SIGINT (Ctrl-C) stops every process it started and removes the data', async () => {
    script.child.kill('SIGINT');
    assert.equal(await script.exited, 0, script.stderr());
    for (const p of [...info.bookies.map((b) => b.pid), ...info.gateways.map((g) => g.pid)]) assert.equal(alive(p), false, `pid ${p} still alive`);
    assert.equal(await portOpen(info.zookeeper), false, 'ZooKeeper still listening');
    assert.equal(existsSync(info.dataDir), false, `${info.dataDir} still there`);
  });
});

describe('npm run cluster: a failed start cleans up', { timeout: 600_000 }, () => {
  test('gateways that cannot start: exit 1, bookies and ZooKeeper stopped', async () => {
    // The gateways cannot find the gRPC service definition: a start failure after ZooKeeper and
    // the bookies are up. Started by the file's before() hook, alongside the first describe.
    const run = failedStart!;
    const got = await run.info;
    assert.ok('failed' in got, 'the cluster must not start');
    assert.equal(got.failed, 1);
    const err = run.script.stderr();
    const pids = [...err.matchAll(/bookie \d+ up \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 3, err);
    for (const p of pids) assert.equal(alive(p), false, `bookie pid ${p} still alive`);
    const zk = /ZooKeeper at (\S+)/.exec(err)?.[1];
    assert.ok(zk, err);
    assert.equal(await portOpen(zk), false, 'ZooKeeper still listening');
    assert.match(err, /failed to start/);
  });
});
