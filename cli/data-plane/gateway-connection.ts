// How the data-plane commands reach a gateway: the URL, a bearer token and TLS settings, taken from
// flags, else the environment (QUIRE_GATEWAY, QUIRE_TOKEN, QUIRE_TOKEN_FILE), else loopback. The
// commands use only the TypeScript SDK, so they see exactly what any application sees.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
// undici (Node's own fetch implementation, as a package, the major version Node 20 bundles): its
// Agent carries a private CA and a client certificate for HTTPS; the platform fetch takes it as
// `dispatcher`, so requests and responses stay the platform's own classes.
import { Agent } from 'undici';
import { QuireBlobClient, QuireLogClient, QuireRestClient, type TokenSource } from '../../clients/typescript/index.js';

export interface ConnectionFlags {
  readonly gateway?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly timeout?: string;
  readonly json?: boolean;
}

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

/** Adds the connection flags to a command group; its subcommands read them with optsWithGlobals(). */
export function addConnectionFlags(cmd: Command): Command {
  return cmd
    .option('-g, --gateway <url>', `gateway REST URL (default $QUIRE_GATEWAY, else ${DEFAULT_GATEWAY})`)
    .option('--token <jwt>', 'bearer token (default $QUIRE_TOKEN); prefer --token-file: arguments show in ps')
    .option('--token-file <file>', 'file holding the bearer token, read on every request (default $QUIRE_TOKEN_FILE)')
    .option('--cacert <pem>', 'CA bundle the gateway certificate must chain to (HTTPS)')
    .option('--cert <pem>', 'client certificate for mutual TLS')
    .option('--key <pem>', 'client private key for mutual TLS')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '60000')
    .option('--json', 'print results as JSON (one object per line for streams)');
}

export interface Connection {
  readonly baseUrl: string;
  readonly json: boolean;
  readonly timeoutMs: number;
  readonly logs: QuireLogClient;
  readonly ledgers: (password?: string) => QuireRestClient;
  readonly blobs: QuireBlobClient;
}

function tokenOf(f: ConnectionFlags, env: NodeJS.ProcessEnv): TokenSource | undefined {
  const file = f.tokenFile ?? env.QUIRE_TOKEN_FILE;
  // Read on every request so a rotated token file takes effect in a long `tail -f`.
  if (file) return () => readFileSync(file, 'utf8').trim();
  const t = f.token ?? env.QUIRE_TOKEN;
  return t ? t : undefined;
}

function fetchOf(f: ConnectionFlags): typeof fetch | undefined {
  if (!f.cacert && !f.cert && !f.key) return undefined;
  if (Boolean(f.cert) !== Boolean(f.key)) throw new Error('--cert and --key go together');
  const dispatcher = new Agent({
    connect: {
      ...(f.cacert ? { ca: readFileSync(f.cacert) } : {}),
      ...(f.cert ? { cert: readFileSync(f.cert) } : {}),
      ...(f.key ? { key: readFileSync(f.key) } : {}),
    },
  });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

export function connect(f: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const baseUrl = (f.gateway ?? env.QUIRE_GATEWAY ?? DEFAULT_GATEWAY).replace(/\/$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`--gateway must be an http:// or https:// URL, not ${baseUrl}`);
  const token = tokenOf(f, env);
  const fetchFn = fetchOf(f);
  const timeoutMs = Number(f.timeout ?? 60_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`--timeout must be a positive number of milliseconds, not ${f.timeout}`);
  const common = { baseUrl, ...(token !== undefined ? { token } : {}), ...(fetchFn ? { fetch: fetchFn } : {}) };
  return {
    baseUrl,
    json: f.json === true,
    timeoutMs,
    logs: new QuireLogClient({ ...common, timeoutMs }),
    ledgers: (password) => new QuireRestClient({ ...common, timeoutMs, ...(password !== undefined ? { password } : {}) }),
    blobs: new QuireBlobClient(common),
  };
}
