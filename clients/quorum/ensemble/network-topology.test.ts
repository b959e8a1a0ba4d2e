// BookKeeper's ScriptBasedMapping with a real script file, executed: batching by
// networkTopologyScriptNumberArgs, wrong output counts, failures, the default rack, the cache.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuireError } from '../../../common/errors.js';
import { BookieLocationResolver, DEFAULT_RACK, normalizeLocation, ScriptBasedMapping, StaticMapping } from './network-topology.js';
import { createPlacementPolicy, RACKAWARE_POLICY, validatePlacementConfig } from './placement-config.js';
import { DEFAULT_CLIENT_CONFIG } from '../client-config.js';

let dir: string;
let script: string;
let log: string;

function writeScript(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

/** Lines the topology script logged: one per call, its arguments. */
const calls = () => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'quire-topology-'));
  log = join(dir, 'calls.log');
  writeFileSync(log, '');
  // Racks by the last octet: 10.0.0.1-2 -> /rack-a, 10.0.0.3-4 -> /rack-b, anything else -> /rack-c.
  script = writeScript(
    'topology.sh',
    `echo "$*" >> '${log}'
for h in "$@"; do
  case "$h" in
    10.0.0.1|10.0.0.2) echo /rack-a ;;
    10.0.0.3|10.0.0.4) echo /rack-b ;;
    *) echo /rack-c ;;
  esac
done`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const byId = (id: string) => {
  const [host, port] = id.split(':');
  return Promise.resolve({ host: host!, port: Number(port) });
};

describe('script-based mapping (networkTopologyScriptFileName)', () => {
  test('hosts in batches of networkTopologyScriptNumberArgs, one location per host, in order', async () => {
    writeFileSync(log, '');
    const m = new ScriptBasedMapping(script, 2);
    assert.deepEqual(await m.resolve(['10.0.0.1', '10.0.0.3', 'h5', '10.0.0.2', '10.0.0.4']), ['/rack-a', '/rack-b', '/rack-c', '/rack-a', '/rack-b']);
    assert.deepEqual(calls(), ['10.0.0.1 10.0.0.3', 'h5 10.0.0.2', '10.0.0.4']);
    await m.validate(); // the sanity run: no arguments, exit 0
  });

  test('the resolver asks the script with bookie hosts, caches answers, and calls the script once per host', async () => {
    writeFileSync(log, '');
    const r = new BookieLocationResolver({ addressOf: byId, script: new ScriptBasedMapping(script), defaultLocation: DEFAULT_RACK });
    const ids = ['10.0.0.1:3181', '10.0.0.1:3182', '10.0.0.3:3181', 'other:1'];
    const first = await r.resolve(ids);
    assert.deepEqual([...first.values()], ['/rack-a', '/rack-a', '/rack-b', '/rack-c']);
    assert.deepEqual(calls(), ['10.0.0.1 10.0.0.3 other']);
    await r.resolve(ids);
    assert.equal(calls().length, 1, 'cached: no second call');
  });

  test('wrong number of answers, a failing script, or a non-location answer: the default rack', async () => {
    const short = writeScript('short.sh', 'echo /only-one');
    assert.deepEqual(await new ScriptBasedMapping(short).resolve(['a', 'b']), [null, null]);
    const failing = writeScript('failing.sh', 'echo /r1; exit 3');
    assert.deepEqual(await new ScriptBasedMapping(failing).resolve(['a']), [null]);
    const bogus = writeScript('bogus.sh', 'for h in "$@"; do echo not-a-path; done');
    assert.deepEqual(await new ScriptBasedMapping(bogus).resolve(['a']), [null]);
    const r = new BookieLocationResolver({ addressOf: byId, script: new ScriptBasedMapping(failing), defaultLocation: DEFAULT_RACK });
    assert.equal((await r.resolve(['10.0.0.1:1'])).get('10.0.0.1:1'), DEFAULT_RACK);
    // Not cached: once the script works, the bookie gets its rack.
    const flaky = join(dir, 'flaky.sh');
    writeFileSync(flaky, '#!/bin/sh\nexit 1\n');
    chmodSync(flaky, 0o755);
    const r2 = new BookieLocationResolver({ addressOf: byId, script: new ScriptBasedMapping(flaky), defaultLocation: DEFAULT_RACK });
    assert.equal((await r2.resolve(['10.0.0.3:1'])).get('10.0.0.3:1'), DEFAULT_RACK);
    writeFileSync(flaky, '#!/bin/sh\nfor h in "$@"; do echo /healed; done\n');
    assert.equal((await r2.resolve(['10.0.0.3:1'])).get('10.0.0.3:1'), '/healed');
  });

  test('a script that fails its sanity run (no arguments) fails client start-up (validateConf)', async () => {
    const failing = writeScript('nosanity.sh', 'exit 1');
    await assert.rejects(new ScriptBasedMapping(failing).validate(), (e) => isQuireError(e, 'CONFIG_INVALID'));
    await assert.rejects(validatePlacementConfig({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyScriptFileName: join(dir, 'missing.sh') }), (e) => isQuireError(e, 'CONFIG_INVALID'));
    await validatePlacementConfig({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyScriptFileName: script });
  });

  test('the static mapping is asked first (bookie id, host:port, host), the script for the rest', async () => {
    writeFileSync(log, '');
    const r = new BookieLocationResolver({
      addressOf: byId,
      staticMapping: new StaticMapping({ 'bk-1': '/static-id', '10.0.0.3:3181': '/static-hostport', '10.0.0.4': '/static-host/' }),
      script: new ScriptBasedMapping(script),
      defaultLocation: DEFAULT_RACK,
    });
    const locs = await r.resolve(['bk-1', '10.0.0.3:3181', '10.0.0.4:3181', '10.0.0.1:3181']);
    assert.deepEqual(Object.fromEntries(locs), { 'bk-1': '/static-id', '10.0.0.3:3181': '/static-hostport', '10.0.0.4:3181': '/static-host', '10.0.0.1:3181': '/rack-a' });
    assert.deepEqual(calls(), ['10.0.0.1']);
    assert.equal(normalizeLocation(' /a/b// '), '/a/b');
    assert.equal(normalizeLocation('a/b'), null);
  });

  test('rack-aware placement over the script: ensembles of 2 from racks a and b never share a rack', async () => {
    const p = createPlacementPolicy({ ...DEFAULT_CLIENT_CONFIG, ensemblePlacementPolicy: RACKAWARE_POLICY, networkTopologyScriptFileName: script, enforceMinNumRacksPerWriteQuorum: true }, { addressOf: byId });
    const bookies = ['10.0.0.1:3181', '10.0.0.2:3181', '10.0.0.3:3181', '10.0.0.4:3181'];
    for (let i = 0; i < 10; i++) {
      const ens = await p.newEnsemble({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2 }, bookies, new Set());
      const hosts = ens.map((b) => Number(b.split(':')[0]!.split('.')[3]));
      assert.notEqual(hosts[0]! <= 2, hosts[1]! <= 2, ens.join(','));
    }
  });
});
