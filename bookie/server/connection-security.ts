// What a bookie connection needs for TLS and authorization, as BookKeeper does it:
// - START_TLS (v3 only; the v2 protocol has no such operation, and a v2 client with TLS sends its
//   START_TLS as v3 before switching): the plaintext EOK reply, then the TLS handshake on the same
//   socket (BookieRequestProcessor.processStartTLSRequestV3).
// - BookieAuthZFactory (bookieAuthProviderFactoryClass=org.apache.bookkeeper.tls.BookieAuthZFactory,
//   authorizedRoles=a,b): a connection is authenticated only once its TLS handshake shows a client
//   certificate whose first role (CertUtils.getRolesFromOU: the OU "0:role1,role2;1:cluster")
//   is in authorizedRoles. Until then every request but START_TLS is refused (AuthHandler).
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { QuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { tlsFactoryOf, type TlsContextFactory, type TlsSettings } from '../../common/tls-context-factory.js';

/** BookKeeper's class name of the certificate-role authorizer. */
export const BOOKIE_AUTHZ_FACTORY = 'org.apache.bookkeeper.tls.BookieAuthZFactory';
/** The plugin name BookieAuthZFactory reports. */
export const BOOKIE_AUTHZ_PLUGIN = 'BookieAuthZFactory';

export interface BookieSecurity {
  /** Set when TLS is configured (tlsProviderFactoryClass=org.apache.bookkeeper.tls.TLSContextFactory). */
  readonly tls?: TlsContextFactory;
  /** Set when BookieAuthZFactory is the auth provider: the roles allowed in. */
  readonly authorizedRoles?: readonly string[];
}

export interface BookieSecuritySettings extends TlsSettings {
  readonly bookieAuthProviderFactoryClass?: string;
  readonly authorizedRoles?: readonly string[];
}

/** Builds the bookie's security from its configuration; throws CONFIG_INVALID as BookKeeper refuses to start. */
export function bookieSecurityOf(s: BookieSecuritySettings, log?: Logger): BookieSecurity {
  const tls = tlsFactoryOf('server', s, log);
  const authClass = s.bookieAuthProviderFactoryClass ?? '';
  if (authClass === '') return tls ? { tls } : {};
  if (authClass !== BOOKIE_AUTHZ_FACTORY && authClass !== BOOKIE_AUTHZ_PLUGIN) {
    throw new QuireError('CONFIG_INVALID', `bookieAuthProviderFactoryClass=${authClass}: Quire supports ${BOOKIE_AUTHZ_FACTORY} only`);
  }
  const roles = (s.authorizedRoles ?? []).map((r) => r.trim());
  // BookieAuthZFactory.init's refusal, word for word in meaning.
  if (roles.length === 0 || roles.some((r) => r === '')) {
    throw new QuireError('CONFIG_INVALID', "bookieAuthProviderFactoryClass is set to 'BookieAuthZFactory' but no roles set for configuration field 'authorizedRoles'");
  }
  if (!tls) throw new QuireError('CONFIG_INVALID', 'BookieAuthZFactory authorizes by client certificate: configure TLS (tlsKeyStore, tlsCertificatePath) with tlsClientAuthentication=true');
  return { tls, authorizedRoles: roles };
}

/** CertUtils.getRolesFromOU: the roles in the certificate's OU ("0:a,b;1:cluster"), or undefined. */
export function rolesFromCertificate(cert: Pick<PeerCertificate, 'subject'>): string[] | undefined {
  const ouField = (cert.subject as unknown as Record<string, string | string[] | undefined> | undefined)?.['OU'];
  const ou = Array.isArray(ouField) ? ouField[0] : ouField;
  if (ou === undefined) return undefined;
  for (const part of ou.split(';')) {
    const m = /^([0-9]+):(.*)$/s.exec(part);
    if (m && m[1]!.trim() === '0') return m[2]!.trim().split(',').map((r) => r.trim());
  }
  return undefined;
}

/**
 * BookieAuthZFactory.onProtocolUpgrade: true when the secured socket's client certificate carries
 * an authorized first role. Every refusal is logged at error with the reason and the peer.
 */
export function authorizeByRole(socket: TLSSocket, roles: readonly string[], log: Logger): boolean {
  const host = socket.remoteAddress;
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) {
    log.error({ host }, 'AuthZ failed: Certificate missing');
    return false;
  }
  const certRoles = rolesFromCertificate(cert);
  if (!certRoles || certRoles.length === 0 || certRoles[0] === '') {
    log.error({ host, allowedRoles: roles }, 'AuthZ failed: No cert role in OU field of certificate. Must have a role from allowedRoles list');
    return false;
  }
  // BookKeeper compares the first role only.
  if (!roles.includes(certRoles[0]!)) {
    log.error({ host, certRole: certRoles, allowedRoles: roles }, "AuthZ failed: Cert role doesn't match allowedRoles list");
    return false;
  }
  log.info({ host, role: certRoles[0] }, 'AuthZ: client authorized by certificate role');
  return true;
}
