// deploy/k8s, checked without a Kubernetes cluster: every manifest against the Kubernetes API
// schemas (kubernetes-validate, which ships them: no network), strictly (unknown fields refused),
// with a broken manifest shown to the same check; and the topology and settings it must share
// with docker-compose.yml — same bookie keys, same gateway flags, same ports, stable bookie ids on
// persistent volumes, the peer port out of the public Service.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { BOOKIE_CONFIG_KEYS } from '../../bookie/bookie-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const K8S = join(ROOT, 'deploy/k8s');
const MANIFESTS = readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();

// Loose shapes: only the fields these checks read.
interface Container {
  name: string;
  args?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string }[];
}
interface Resource {
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    serviceName?: string;
    clusterIP?: string;
    ports?: { name: string; port: number }[];
    volumeClaimTemplates?: { metadata: { name: string } }[];
    template?: { spec: { containers: (Container & { volumeMounts?: { name: string; mountPath: string }[] })[] } };
  };
}

function validate(file: string): { status: number | null; out: string } {
  const r = spawnSync('kubernetes-validate', ['--strict', '--quiet', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`kubernetes-validate cannot run (${r.error.message}); install it with: bash scripts/install-client-toolchains.sh`);
  return { status: r.status, out: r.stdout + r.stderr };
}

function resources(): Resource[] {
  return MANIFESTS.flatMap((f) => parseAllDocuments(readFileSync(join(K8S, f), 'utf8')).map((d) => d.toJS() as Resource));
}
const find = (kind: string, name: string) => {
  const r = resources().find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(r, `${kind}/${name} in deploy/k8s`);
  return r;
};

/** Flag names (`--x`) and `--set` keys of a command line. */
function flags(args: string[]): { flags: string[]; setKeys: string[] } {
  const setKeys = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a.split('=')[0]!] : []));
  return { flags: [...new Set(args.filter((a) => a.startsWith('--')))].sort(), setKeys: setKeys.sort() };
}

describe('deploy/k8s', () => {
  test('every manifest passes the Kubernetes schemas (strict), and kustomization lists them all', () => {
    assert.ok(MANIFESTS.length >= 4, MANIFESTS.join(','));
    for (const f of MANIFESTS) {
      const r = validate(join(K8S, f));
      assert.equal(r.status, 0, `${f}: ${r.out}`);
    }
    const kustomization = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    assert.deepEqual([...kustomization.resources].sort(), MANIFESTS);
  });

  test('the same check rejects a broken manifest (wrong type, unknown field)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-k8s-'));
    try {
      const text = readFileSync(join(K8S, 'bookies.yaml'), 'utf8');
      for (const [name, broken] of [
        ['type', text.replace('replicas: 3', 'replicas: three')],
        ['field', text.replace('serviceName: bookie', 'serviceName: bookie\n  flavour: strict')],
      ] as const) {
        assert.notEqual(broken, text);
        writeFileSync(join(dir, `${name}.yaml`), broken);
        assert.notEqual(validate(join(dir, `${name}.yaml`)).status, 0, `a broken manifest (${name}) must fail`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bookies: a StatefulSet with persistent /data and a stable advertised address (the bookie id the cookie names)', () => {
    const sts = find('StatefulSet', 'bookie');
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.serviceName, 'bookie');
    assert.equal(find('Service', 'bookie').spec.clusterIP, 'None', 'a headless Service gives each bookie its DNS name');
    const c = sts.spec.template!.spec.containers[0]!;
    assert.deepEqual(sts.spec.volumeClaimTemplates!.map((v) => v.metadata.name), ['data']);
    assert.ok(c.volumeMounts!.some((m) => m.name === 'data' && m.mountPath === '/data'));
    const args = c.args!;
    assert.equal(args[0], 'bookie');
    assert.ok(args.includes('advertisedAddress=$(POD_NAME).bookie.$(POD_NAMESPACE).svc.cluster.local'), args.join(' '));
    assert.ok(c.env!.some((e) => e.name === 'POD_NAME'));
    for (const k of flags(args).setKeys) assert.ok(k in BOOKIE_CONFIG_KEYS, `unknown bookie key ${k}`);
    assert.ok(args.includes('autoRecoveryDaemonEnabled=true'), 'every bookie runs auto-recovery');
  });

  test('same settings as docker-compose.yml: bookie keys, gateway flags, metadata URI, ports', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { command: string[] }> };
    const bookie = find('StatefulSet', 'bookie').spec.template!.spec.containers[0]!;
    const gateway = find('Deployment', 'gateway').spec.template!.spec.containers[0]!;
    assert.deepEqual(flags(bookie.args!), flags(compose.services['bookie-1']!.command));
    assert.deepEqual(flags(gateway.args!), flags(compose.services['gateway-1']!.command));
    const uri = (args: string[]) => args[args.indexOf('--metadata-service-uri') + 1];
    assert.equal(uri(bookie.args!), uri(compose.services['bookie-1']!.command));
    assert.equal(uri(gateway.args!), uri(compose.services['gateway-1']!.command));
    for (const flag of ['--port', '--rest-port', '--grpc-port', '--peer-port']) {
      for (const [k8s, dc] of [[bookie.args!, compose.services['bookie-1']!.command], [gateway.args!, compose.services['gateway-1']!.command]] as const) {
        if (k8s.includes(flag)) assert.equal(k8s[k8s.indexOf(flag) + 1], dc[dc.indexOf(flag) + 1], flag);
      }
    }
    const metaformat = find('Job', 'quire-metaformat').spec.template!.spec.containers[0]!;
    assert.deepEqual(metaformat.args, compose.services.metaformat!.command);
  });

  test('gateways: the public Service carries REST and gRPC, never the peer port', () => {
    const deployment = find('Deployment', 'gateway');
    assert.ok((deployment.spec.replicas ?? 1) >= 2);
    const args = deployment.spec.template!.spec.containers[0]!.args!;
    const peerPort = Number(args[args.indexOf('--peer-port') + 1]);
    const service = find('Service', 'gateway');
    assert.deepEqual(service.spec.ports!.map((p) => p.port).sort(), [8080, 9090]);
    assert.ok(!service.spec.ports!.some((p) => p.port === peerPort));
    assert.ok(resources().some((r) => r.kind === 'NetworkPolicy'), 'a NetworkPolicy limits the peer port to gateway pods');
  });
});
