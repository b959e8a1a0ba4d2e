// What the Go and Java SDK tests share: a bounded command runner (async — the gateways serve from
// this process), the README section's code blocks, and the live gateways their suites run against
// (a killable `quire local` process and an in-process gateway with TLS and HS256 tokens).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  stop(): Promise<void>;
}

export async function startSdkGateways(tmpPrefix: string): Promise<SdkGateways> {
  const local = await startKillableLocal();
  const kit = tokenKit();
  const certDir = mkdtempSync(join(tmpdir(), tmpPrefix));
  let gc: Awaited<ReturnType<typeof startGatewayCluster>> | undefined;
  const stop = async () => {
    await local.stop();
    await gc?.stop();
    kit.cleanup();
    rmSync(certDir, { recursive: true, force: true });
  };
  try {
    makeCa(certDir);
    const cert = makeServerCert(certDir, 'gw', 'gateway');
    const auth = { secretFile: kit.secretFile, audience: AUDIENCE };
    gc = await startGatewayCluster({ gateway: { auth } });
    const gw = await gc.addGateway({ grpcPort: 0, auth, tls: cert });
    const env = {
      QUIRE_ENDPOINT: local.grpcTarget,
      QUIRE_CONTROL_URL: local.controlUrl,
      QUIRE_TLS_ENDPOINT: `127.0.0.1:${gw.grpc!.port}`,
      QUIRE_TLS_CA: join(certDir, 'ca.pem'),
      QUIRE_AUTH_SECRET_FILE: kit.secretFile,
      QUIRE_AUTH_AUDIENCE: AUDIENCE,
    };
    return { local, env, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
