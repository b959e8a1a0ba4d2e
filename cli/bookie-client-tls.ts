// Bookie-side processes that are also BookKeeper clients — auto-recovery inside a bookie or as
// `quire autorecovery`, the shell run with a bk_server.conf, the bookie's HTTP admin — speak TLS
// to the other bookies when that conf turns TLS on, with the same tls* keys: BookKeeper builds
// their ClientConfiguration from the ServerConfiguration, so a cluster whose bookies require TLS
// (and client certificates) stays repairable and administrable.
import type { BookieConfig } from '../bookie/bookie-config.js';
import type { ClientTlsSettings } from '../clients/quorum/index.js';

/** The client TLS settings of a bookie conf; undefined when tlsProviderFactoryClass is unset (plaintext). */
export function clientTlsOfBookieConfig(c: BookieConfig): ClientTlsSettings | undefined {
  if (c.tlsProviderFactoryClass === undefined) return undefined;
  const optional = { tlsKeyStore: c.tlsKeyStore, tlsKeyStorePasswordPath: c.tlsKeyStorePasswordPath, tlsCertificatePath: c.tlsCertificatePath, tlsTrustStore: c.tlsTrustStore, tlsTrustStorePasswordPath: c.tlsTrustStorePasswordPath, tlsEnabledProtocols: c.tlsEnabledProtocols };
  return {
    tlsProviderFactoryClass: c.tlsProviderFactoryClass,
    tlsProvider: c.tlsProvider,
    tlsKeyStoreType: c.tlsKeyStoreType,
    tlsTrustStoreType: c.tlsTrustStoreType,
    tlsClientAuthentication: c.tlsClientAuthentication,
    tlsCertFilesRefreshDurationSeconds: c.tlsCertFilesRefreshDurationSeconds,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
