// The gateway's security flags, shared by `quire gateway` and `quire local`: bearer-token auth,
// TLS (REST and gRPC), the peer secret and the explicit --insecure (docs/security.md).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseProperties } from '../bookie/bookie-config.js';
import { clientTlsFromProperties } from '../clients/quorum/index.js';
import type { GatewayOptions } from '../gateway/gateway-server.js';

export interface SecurityFlagValues {
  authSecretFile?: string;
  authPublicKeyFile?: string;
  authJwksFile?: string;
  authAudience?: string;
  authIssuer?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  peerSecretFile?: string;
  insecure?: boolean;
  bookieTlsConf?: string;
}

export type GatewaySecurity = Pick<GatewayOptions, 'auth' | 'tls' | 'peerSecretFile' | 'insecure' | 'bookieTls'>;

export function addSecurityFlags(cmd: Command): Command {
  return cmd
    .option('--auth-secret-file <file>', 'require bearer tokens (JWT) signed HS256 with the secret in this file')
    .option('--auth-public-key-file <file>', 'require bearer tokens signed RS256/ES256 by this PEM public key')
    .option('--auth-jwks-file <file>', 'require bearer tokens signed by a key of this JWKS file')
    .option('--auth-audience <aud>', 'required aud claim of every token', 'quire')
    .option('--auth-issuer <iss>', 'required iss claim of every token')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (REST) and TLS (gRPC); reloaded when it changes')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--tls-client-ca <file>', 'PEM CA: require client certificates signed by it (mutual TLS)')
    .option('--peer-secret-file <file>', 'secret shared by the gateway instances: every peer call is signed with it')
    .option('--insecure', 'allow a non-loopback --host without TLS, tokens and a peer secret')
    .option('--bookie-tls-conf <file>', "TLS to the bookies: a properties file with BookKeeper's client TLS keys (tlsProviderFactoryClass, tlsTrustStore, tlsClientAuthentication, tlsKeyStore, tlsCertificatePath, ...)");
}

export function securityFromFlags(o: SecurityFlagValues): GatewaySecurity {
  const keyGiven = o.authSecretFile ?? o.authPublicKeyFile ?? o.authJwksFile;
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new Error('--tls-cert and --tls-key go together');
  return {
    ...(keyGiven !== undefined
      ? {
          auth: {
            audience: o.authAudience ?? 'quire',
            ...(o.authSecretFile !== undefined ? { secretFile: o.authSecretFile } : {}),
            ...(o.authPublicKeyFile !== undefined ? { publicKeyFile: o.authPublicKeyFile } : {}),
            ...(o.authJwksFile !== undefined ? { jwksFile: o.authJwksFile } : {}),
            ...(o.authIssuer !== undefined ? { issuer: o.authIssuer } : {}),
          },
        }
      : {}),
    ...(o.tlsCert !== undefined && o.tlsKey !== undefined ? { tls: { certFile: o.tlsCert, keyFile: o.tlsKey, ...(o.tlsClientCa !== undefined ? { clientCaFile: o.tlsClientCa } : {}) } } : {}),
    ...(o.peerSecretFile !== undefined ? { peerSecretFile: o.peerSecretFile } : {}),
    ...(o.insecure === true ? { insecure: true } : {}),
    ...(o.bookieTlsConf !== undefined ? { bookieTls: clientTlsFromProperties(parseProperties(readFileSync(o.bookieTlsConf, 'utf8'))) } : {}),
  };
}
