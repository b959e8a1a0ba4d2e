// What the Go and Java SDK tests share: a bounded command runner (async — the gateways serve from
// this process), the README section's code blocks, and the live gateways their suites run against
// (a killable `quire local` process, an in-process gateway with TLS and HS256 tokens, one that also
// requires client certificates, and on request a process cluster with two gateways for failover).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcessCluster, type ProcessCluster } from '../../scripts/cluster.js';
import { startGatewayCluster } from '../gateway/gateway-cluster.js';
import { makeCa, makeServerCert } from '../gateway/security/certs.js';
import { AUDIENCE, tokenKit } from '../gateway/security/tokens.js';
import { startKillableLocal, type KillableLocal } from './killable-local.js';
import { ROOT } from './run-example.js';

/** Runs a command, bounded in time; keeps the last 64 kB of its output. */
export function runBounded(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const add = (d: Buffer) => (out = (out + d.toString()).slice(-64_000));
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd} (${e.message}); install the client toolchains: bash scripts/install-client-toolchains.sh`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** The first ```<lang> block of clients/README.md's "## <section>" section. */
export function readmeSectionBlock(section: string, lang: string): string {
  const readme = readFileSync(join(ROOT, 'clients/README.md'), 'utf8');
  const rest = readme.slice(readme.indexOf(`\n## ${section}`));
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(rest.slice(0, rest.indexOf('\n## ', 1)));
  assert.ok(m, `clients/README.md has a \`\`\`${lang} block in its "## ${section}" section`);
  return m[1]!;
}

export interface SdkGateways {
  readonly local: KillableLocal;
  /** The QUIRE_* variables the SDK suites read (endpoints, control URL, TLS CA, token secret). */
  readonly env: Record<string, string>;
  /** With `failover`: ZooKeeper, three bookie and two gateway processes; the suite SIGKILLs gateway 0. */
  readonly failover: ProcessCluster | undefined;
  stop(): Promise<void>;
}

export interface SdkGatewayOptions {
  /** Also start a process cluster with two gateways (QUIRE_FAILOVER_ENDPOINTS, QUIRE_FAILOVER_KILL_PID). */
  readonly failover?: boolean;
}

/** Whether process pid has exited (a suite SIGKILLed it). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function startSdkGateways(tmpPrefix: string, opts: SdkGatewayOptions = {}): Promise<SdkGateways> {
  const kit = tokenKit();
  const certDir = mkdtempSync(join(tmpdir(), tmpPrefix));
  makeCa(certDir);
  const cert = makeServerCert(certDir, 'gw', 'gateway');
  makeServerCert(certDir, 'client', 'sdk-client');
  makeCa(certDir, 'other-ca');
  makeServerCert(certDir, 'stranger', 'sdk-stranger', { ca: 'other-ca' });
  const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
  // The three parts share nothing, so they start side by side: the suite waits for the slowest
  // (the process cluster), not for the sum. Whatever did start is stopped if another part fails.
  const secured = async () => {
    const gc = await startGatewayCluster({ gateway: { auth } });
    try {
      const gw = await gc.addGateway({ grpcPort: 0, auth, tls: cert });
      // Mutual TLS: a client must present a certificate the CA signed (one from another CA is refused).
      const mtls = await gc.addGateway({ grpcPort: 0, auth, tls: { ...cert, clientCaFile: join(certDir, 'ca.pem') } });
      return { gc, gw, mtls };
    } catch (e) {
      await gc.stop();
      throw e;
    }
  };
  const [localR, securedR, failoverR] = await Promise.allSettled([
    startKillableLocal(),
    secured(),
    opts.failover ? startProcessCluster({ bookies: 3, gateways: 2, startTimeoutMs: 120_000 }) : Promise.resolve(undefined),
  ]);
  const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);
  const local = value(localR);
  const sec = value(securedR);
  const failover = value(failoverR);
  const stop = async () => {
    await local?.stop();
    await sec?.gc.stop();
    await failover?.stop();
    kit.cleanup();
    rmSync(certDir, { recursive: true, force: true });
  };
  const failed = [localR, securedR, failoverR].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed || !local || !sec) {
    await stop();
    throw failed?.reason ?? new Error('SDK gateways did not start');
  }
  const [a, b] = failover?.info.gateways ?? [];
  const env: Record<string, string> = {
    QUIRE_ENDPOINT: local.grpcTarget,
    QUIRE_CONTROL_URL: local.controlUrl,
    QUIRE_TLS_ENDPOINT: `127.0.0.1:${sec.gw.grpc!.port}`,
    QUIRE_TLS_CA: join(certDir, 'ca.pem'),
    QUIRE_AUTH_SECRET_FILE: kit.secretFile,
    QUIRE_AUTH_AUDIENCE: AUDIENCE,
    QUIRE_MTLS_ENDPOINT: `127.0.0.1:${sec.mtls.grpc!.port}`,
    QUIRE_CLIENT_CERT: join(certDir, 'client.pem'),
    QUIRE_CLIENT_KEY: join(certDir, 'client.key'),
    QUIRE_STRANGER_CERT: join(certDir, 'stranger.pem'),
    QUIRE_STRANGER_KEY: join(certDir, 'stranger.key'),
    ...(a && b ? { QUIRE_FAILOVER_ENDPOINTS: `${a.grpc},${b.grpc}`, QUIRE_FAILOVER_KILL_PID: String(a.pid) } : {}),
  };
  return { local, env, failover, stop };
}
