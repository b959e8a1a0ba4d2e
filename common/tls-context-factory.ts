// TLS settings with Apache BookKeeper's key names (AbstractConfiguration's tls* keys, the same
// names on bookie and client) and the factory that turns them into a Node.js SecureContext, as
// BookKeeper's TLSContextFactory does for Netty: PEM key stores only, certificates re-read from
// disk when their files change (tlsCertFilesRefreshDurationSeconds > 0), checked lazily when a new
// connection asks for the context. A reload that fails is logged and the previous context kept.
import { readFileSync, statSync } from 'node:fs';
import { createSecureContext, type SecureContext, type SecureContextOptions, type SecureVersion } from 'node:tls';
import { QuireError } from './errors.js';
import type { Logger } from './logger.js';

/** BookKeeper's TLS keys (bk_server.conf and the client configuration use the same names). */
export interface TlsSettings {
  /** TLS is on when this names BookKeeper's TLSContextFactory (empty, the default: plaintext). */
  readonly tlsProviderFactoryClass?: string;
  /** 'OpenSSL' (BookKeeper's default) or 'JDK'; Node.js always uses OpenSSL, so both mean the same. */
  readonly tlsProvider?: string;
  /** Bookie: require a client certificate. Client: present one (tlsKeyStore + tlsCertificatePath). */
  readonly tlsClientAuthentication?: boolean;
  /** Only 'PEM'. JKS and PKCS12 are refused with CONFIG_INVALID (convert with openssl). */
  readonly tlsKeyStoreType?: string;
  /** PEM private key file (PKCS#8 or traditional; encrypted with tlsKeyStorePasswordPath). */
  readonly tlsKeyStore?: string;
  /** File whose content (trailing newline dropped) is the private key's passphrase. */
  readonly tlsKeyStorePasswordPath?: string;
  /** PEM certificate chain file (leaf first). */
  readonly tlsCertificatePath?: string;
  /** Only 'PEM'. */
  readonly tlsTrustStoreType?: string;
  /** PEM CA certificates trusted for the peer's certificate. */
  readonly tlsTrustStore?: string;
  /** Accepted for compatibility; a PEM trust store has no password. */
  readonly tlsTrustStorePasswordPath?: string;
  /** Re-read changed certificate files this often at most (s); 0 (default) = never. */
  readonly tlsCertFilesRefreshDurationSeconds?: number;
  /** Comma-separated subset of TLSv1.2,TLSv1.3 (Java's names); default both. */
  readonly tlsEnabledProtocols?: string;
}

export type TlsRole = 'server' | 'client';

/** BookKeeper's SecurityHandlerFactory implementation; the only value tlsProviderFactoryClass takes. */
export const TLS_CONTEXT_FACTORY_CLASS = 'org.apache.bookkeeper.tls.TLSContextFactory';

/** The factory for these settings, or undefined when tlsProviderFactoryClass is unset (BookKeeper: no TLS). */
export function tlsFactoryOf(role: TlsRole, s: TlsSettings, log?: Logger): TlsContextFactory | undefined {
  const cls = (s.tlsProviderFactoryClass ?? '').trim();
  if (cls === '') return undefined;
  if (cls !== TLS_CONTEXT_FACTORY_CLASS && cls !== 'TLSContextFactory') {
    throw invalid(`tlsProviderFactoryClass=${cls}: Quire supports ${TLS_CONTEXT_FACTORY_CLASS} only`);
  }
  return new TlsContextFactory(role, s, log);
}

const PROTOCOLS: readonly SecureVersion[] = ['TLSv1.2', 'TLSv1.3'];

function invalid(msg: string): QuireError {
  return new QuireError('CONFIG_INVALID', msg);
}

function requirePem(key: string, value: string | undefined): void {
  const t = (value ?? 'PEM').toUpperCase();
  if (t === 'PEM') return;
  if (t === 'JKS' || t === 'PKCS12') throw invalid(`${key}=${value}: Quire reads PEM files only; convert the store with openssl (pkcs12 -nodes) and set ${key}=PEM`);
  throw invalid(`${key}=${value}: unknown store type (BookKeeper knows PEM, JKS, PKCS12; Quire reads PEM)`);
}

function protocolRange(spec: string | undefined): { minVersion: SecureVersion; maxVersion: SecureVersion } {
  const list = (spec ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 0) return { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };
  const idx = list.map((p) => {
    const i = PROTOCOLS.indexOf(p as SecureVersion);
    if (i < 0) throw invalid(`tlsEnabledProtocols: ${p} is not supported (use TLSv1.2 and/or TLSv1.3)`);
    return i;
  });
  return { minVersion: PROTOCOLS[Math.min(...idx)]!, maxVersion: PROTOCOLS[Math.max(...idx)]! };
}

function readPassword(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

/**
 * Builds and caches the SecureContext for one side. `context()` is called for every new TLS
 * session; it re-checks file modification times at most once per refresh period.
 */
export class TlsContextFactory {
  private current: { options: SecureContextOptions; context: SecureContext };
  private stamps: string;
  private lastCheck: number;
  private readonly refreshMs: number;
  private readonly files: string[];
  readonly requireClientCert: boolean;
  readonly protocols: { minVersion: SecureVersion; maxVersion: SecureVersion };

  constructor(
    private readonly role: TlsRole,
    private readonly settings: TlsSettings,
    private readonly log?: Logger,
  ) {
    const provider = settings.tlsProvider ?? 'OpenSSL';
    if (!['OPENSSL', 'JDK'].includes(provider.toUpperCase())) throw invalid(`tlsProvider=${provider}: expected OpenSSL or JDK`);
    requirePem('tlsKeyStoreType', settings.tlsKeyStoreType);
    requirePem('tlsTrustStoreType', settings.tlsTrustStoreType);
    const refresh = settings.tlsCertFilesRefreshDurationSeconds ?? 0;
    if (!Number.isInteger(refresh) || refresh < 0) throw invalid(`tlsCertFilesRefreshDurationSeconds must be a non-negative integer, got ${String(refresh)}`);
    this.refreshMs = refresh * 1000;
    this.protocols = protocolRange(settings.tlsEnabledProtocols);
    const auth = settings.tlsClientAuthentication ?? false;
    this.requireClientCert = role === 'server' && auth;
    // The same checks, in the same cases, as TLSContextFactory.updateServerContext/createClientContext.
    const needKey = role === 'server' || auth;
    if (needKey && !settings.tlsKeyStore) throw invalid(role === 'server' ? 'tlsKeyStore (the PEM key path) is required' : 'tlsClientAuthentication needs tlsKeyStore (the PEM key path)');
    if (needKey && !settings.tlsCertificatePath) throw invalid(role === 'server' ? 'tlsCertificatePath is required' : 'tlsClientAuthentication needs tlsCertificatePath');
    const needTrust = role === 'client' || auth;
    if (needTrust && !settings.tlsTrustStore) throw invalid(role === 'client' ? 'tlsTrustStore (the CA certificates, PEM) is required' : 'tlsClientAuthentication needs tlsTrustStore (the CA certificates that sign client certificates)');
    this.files = [
      needKey ? settings.tlsKeyStore : undefined,
      needKey ? settings.tlsCertificatePath : undefined,
      needKey ? settings.tlsKeyStorePasswordPath : undefined,
      needTrust ? settings.tlsTrustStore : undefined,
    ].filter((f): f is string => f !== undefined && f !== '');
    this.stamps = this.fileStamps();
    this.current = this.build();
    this.lastCheck = Date.now();
  }

  /** The context for a new connection; reloaded first if the files changed (see the header). */
  context(): SecureContext {
    return this.refreshed().context;
  }

  /** The loaded key, certificate and CA bytes (for a tls.Server), reloaded as context() is. */
  options(): SecureContextOptions {
    return this.refreshed().options;
  }

  private refreshed(): { options: SecureContextOptions; context: SecureContext } {
    if (this.refreshMs > 0 && Date.now() >= this.lastCheck + this.refreshMs) {
      this.lastCheck = Date.now();
      let stamps: string;
      try {
        stamps = this.fileStamps();
      } catch (err) {
        this.log?.warn({ err }, 'TLS certificate files not readable; keeping the loaded ones');
        return this.current;
      }
      if (stamps !== this.stamps) {
        try {
          this.current = this.build();
          this.stamps = stamps;
          this.log?.info({ files: this.files }, 'TLS certificates reloaded');
        } catch (err) {
          // Half-written files, a key not matching its certificate: keep serving with the old pair.
          this.log?.warn({ err }, 'TLS certificate reload failed; keeping the loaded ones');
        }
      }
    }
    return this.current;
  }

  private fileStamps(): string {
    return this.files.map((f) => {
      const s = statSync(f);
      return `${f}:${s.mtimeMs}:${s.size}:${s.ino}`;
    }).join('|');
  }

  private build(): { options: SecureContextOptions; context: SecureContext } {
    const s = this.settings;
    const withKey = this.role === 'server' || (s.tlsClientAuthentication ?? false);
    const withTrust = this.role === 'client' || (s.tlsClientAuthentication ?? false);
    try {
      const options: SecureContextOptions = {
        ...this.protocols,
        ...(withKey
          ? {
            key: readFileSync(s.tlsKeyStore!),
            cert: readFileSync(s.tlsCertificatePath!),
            ...(s.tlsKeyStorePasswordPath ? { passphrase: readPassword(s.tlsKeyStorePasswordPath) } : {}),
          }
          : {}),
        ...(withTrust ? { ca: readFileSync(s.tlsTrustStore!) } : {}),
      };
      return { options, context: createSecureContext(options) };
    } catch (e) {
      throw new QuireError('CONFIG_INVALID', `TLS ${this.role} context: ${(e as Error).message}`, { cause: e });
    }
  }
}
