// HTTPS for REST and TLS for gRPC from PEM files, reloaded when they change on disk (rotation
// without restart). REST: the files are polled (fs.watchFile, reloadIntervalMs) and a changed
// pair is installed with server.setSecureContext — connections made afterwards get the new
// certificate, open ones keep theirs. A pair that does not load (key not matching the
// certificate, a half-written file) is logged and the old one kept. gRPC: grpc-js's
// FileWatcherCertificateProvider polls the same files at the same interval and swaps the
// server's secure context the same way. Optional mutual TLS: with a client CA, a client must
// present a certificate it signed.
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { RequestListener } from 'node:http';
import { experimental, type ServerCredentials } from '@grpc/grpc-js';
import { QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { MAX_HEADER_BYTES } from '../rest/http-util.js';

export interface TlsFiles {
  /** PEM certificate chain of the gateway. */
  readonly certFile: string;
  /** PEM private key of that certificate. */
  readonly keyFile: string;
  /** PEM CA bundle: when given, clients must present a certificate it signed (mutual TLS). */
  readonly clientCaFile?: string;
  /** How often the files are checked for a change (default 1000 ms). */
  readonly reloadIntervalMs?: number;
}

interface Pem {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

function readPem(t: TlsFiles): Pem {
  const pem: Pem = { cert: readFileSync(t.certFile), key: readFileSync(t.keyFile), ...(t.clientCaFile !== undefined ? { ca: readFileSync(t.clientCaFile) } : {}) };
  createSecureContext(pem); // throws when the key does not match or a file is not PEM
  return pem;
}

export interface TlsHttpServer {
  readonly server: HttpsServer;
  /** Stops polling the files. */
  close(): void;
}

export function createTlsHttpServer(app: RequestListener, t: TlsFiles, log: Logger): TlsHttpServer {
  let pem: Pem;
  try {
    pem = readPem(t);
  } catch (e) {
    throw new QuireError('CONFIG_INVALID', `gateway TLS files do not load (${t.certFile}, ${t.keyFile}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const mtls = t.clientCaFile !== undefined;
  const server = createHttpsServer({ ...pem, maxHeaderSize: MAX_HEADER_BYTES, requestCert: mtls, rejectUnauthorized: mtls, minVersion: 'TLSv1.2' }, app);
  const reload = () => {
    try {
      pem = readPem(t);
      server.setSecureContext({ ...pem, minVersion: 'TLSv1.2' });
      log.info({ certFile: t.certFile }, 'gateway TLS certificate reloaded');
    } catch (e) {
      log.warn({ err: e, certFile: t.certFile }, 'gateway TLS files changed but do not load; keeping the previous certificate');
    }
  };
  const files = [t.certFile, t.keyFile, ...(t.clientCaFile !== undefined ? [t.clientCaFile] : [])];
  const interval = t.reloadIntervalMs ?? 1000;
  for (const f of files) watchFile(f, { interval, persistent: false }, (cur, prev) => (cur.mtimeMs !== prev.mtimeMs || cur.ino !== prev.ino) && reload());
  return {
    server,
    close() {
      for (const f of files) unwatchFile(f);
    },
  };
}

/** gRPC server credentials that follow the files (grpc-js's file watcher provider). */
export function grpcTlsCredentials(t: TlsFiles): ServerCredentials {
  readPem(t);
  const interval = t.reloadIntervalMs ?? 1000;
  const identity = new experimental.FileWatcherCertificateProvider({ certificateFile: t.certFile, privateKeyFile: t.keyFile, refreshIntervalMs: interval });
  const ca = t.clientCaFile !== undefined ? new experimental.FileWatcherCertificateProvider({ caCertificateFile: t.clientCaFile, refreshIntervalMs: interval }) : null;
  // grpc-js names its parameters (ca, identity) but passes them on as (identity, ca): follow the implementation.
  return experimental.createCertificateProviderServerCredentials(identity, ca, ca !== null);
}
