// The deployment files, checked without a Docker engine: docker-compose.yml through `docker
// compose config` (the real compose parser and validator) plus the topology it must describe, and
// the Dockerfile through hadolint. Each checker is also shown a broken file, so a checker that
// accepts anything fails here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOKIE_CONFIG_KEYS } from '../../bookie/bookie-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INSTALL = 'install them with: bash scripts/install-client-toolchains.sh';

/** `docker compose`, or the standalone docker-compose binary when docker has no compose plugin. */
function compose(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  let r = spawnSync('docker', ['compose', ...args], { cwd, encoding: 'utf8' });
  if (r.error || (r.status !== 0 && /unknown command|is not a docker command/.test(r.stderr))) {
    r = spawnSync('docker-compose', args, { cwd, encoding: 'utf8' });
    if (r.error) throw new Error(`neither 'docker compose' nor 'docker-compose' can run (${r.error.message}); ${INSTALL}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function hadolint(file: string): { status: number | null; out: string } {
  const r = spawnSync('hadolint', ['--no-color', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`hadolint cannot run (${r.error.message}); ${INSTALL}`);
  return { status: r.status, out: r.stdout + r.stderr };
}

interface ComposeService {
  command?: string[];
  volumes?: { target: string; type: string }[];
  healthcheck?: { test: string[] };
  ports?: { target: number; published: string }[];
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}

describe('docker-compose.yml', () => {
  test('is valid and describes ZooKeeper, 3 bookies, 2 gateways behind one address', () => {
    const r = compose(['-f', 'docker-compose.yml', 'config', '--format', 'json'], ROOT);
    assert.equal(r.status, 0, r.stderr);
    const services = (JSON.parse(r.stdout) as { services: Record<string, ComposeService> }).services;
    assert.deepEqual(Object.keys(services).sort(), ['bookie-1', 'bookie-2', 'bookie-3', 'gateway', 'gateway-1', 'gateway-2', 'metaformat', 'zookeeper']);
    for (const name of ['zookeeper', 'bookie-1', 'bookie-2', 'bookie-3', 'gateway-1', 'gateway-2', 'gateway']) {
      assert.ok(services[name]!.healthcheck?.test.length, `${name} has a health check`);
    }
    for (const b of ['bookie-1', 'bookie-2', 'bookie-3']) {
      const s = services[b]!;
      assert.ok(s.volumes?.some((v) => v.type === 'volume' && v.target === '/data'), `${b} keeps /data in a volume`);
      const cmd = s.command!;
      assert.equal(cmd[0], 'bookie');
      // Every --set key must be one the bookie knows, by BookKeeper's name.
      cmd.forEach((arg, i) => {
        if (arg === '--set') assert.ok(cmd[i + 1]!.split('=')[0]! in BOOKIE_CONFIG_KEYS, `${b}: unknown key in ${cmd[i + 1]}`);
      });
      assert.equal(s.depends_on?.metaformat?.condition, 'service_completed_successfully');
      // Each bookie is an auditor candidate and a replication worker: a lost bookie is healed.
      assert.ok(cmd.includes('autoRecoveryDaemonEnabled=true'), `${b} runs auto-recovery`);
    }
    for (const g of ['gateway-1', 'gateway-2']) assert.equal(services[g]!.command![0], 'gateway');
    const lb = services.gateway!;
    assert.deepEqual(lb.ports!.map((p) => p.target).sort(), [8080, 9090]);
    assert.equal(lb.depends_on?.['gateway-1']?.condition, 'service_healthy');
  });

  test('Prometheus is there only with the monitoring profile', () => {
    const r = compose(['-f', 'docker-compose.yml', '--profile', 'monitoring', 'config', '--services'], ROOT);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.split('\n').includes('prometheus'));
  });

  test('a broken compose file is rejected by the same check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-compose-'));
    try {
      const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').replace('    metaformat:\n      condition', '    no-such-service:\n      condition');
      assert.ok(text.includes('no-such-service'));
      writeFileSync(join(dir, 'docker-compose.yml'), text);
      const r = compose(['-f', 'docker-compose.yml', 'config', '-q'], dir);
      assert.notEqual(r.status, 0, 'a dependency on an undefined service must fail validation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  test('passes hadolint', () => {
    const r = hadolint(join(ROOT, 'Dockerfile'));
    assert.equal(r.status, 0, r.out);
  });

  test('hadolint rejects a bad Dockerfile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-dockerfile-'));
    try {
      copyFileSync(join(ROOT, 'Dockerfile'), join(dir, 'Dockerfile'));
      writeFileSync(join(dir, 'Dockerfile'), readFileSync(join(dir, 'Dockerfile'), 'utf8') + '\nRUN cd /tmp && apt-get install curl\n');
      const r = hadolint(join(dir, 'Dockerfile'));
      assert.notEqual(r.status, 0, r.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/operations.md', () => {
  test('lists every bookie key, every gateway limit and every Quire metric', async () => {
    const { DEFAULT_GATEWAY_LIMITS } = await import('../../gateway/gateway-config.js');
    const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const missing = [...Object.keys(BOOKIE_CONFIG_KEYS), ...Object.keys(DEFAULT_GATEWAY_LIMITS)].filter((k) => !doc.includes(`\`${k}\``));
    assert.deepEqual(missing, [], 'keys missing from docs/operations.md');
    // Metric names as registered in the sources (prom-client `name: '...'`).
    const grep = spawnSync('grep', ['-rhoE', "name: 'quire_[a-z_]+'", 'bookie', 'gateway'], { cwd: ROOT, encoding: 'utf8' });
    const metrics = [...new Set(grep.stdout.split('\n').filter(Boolean).map((l) => l.slice(7, -1)))];
    assert.ok(metrics.length >= 10, grep.stderr);
    assert.deepEqual(metrics.filter((m) => !doc.includes(m)), [], 'metrics missing from docs/operations.md');
  });
});
