// Bearer-token verification with `jose` (pinned at an exact version in package.json: it is the
// one thing between the network and every ledger, so an upgrade must be a reviewed change). Keys:
// an HS256 secret file, an RS256/ES256 public key file (PEM, SPKI) or a JWKS file (keys picked by
// `kid`), read once at start. Only the algorithms of the configured key are accepted, so
// `alg: none` and algorithm confusion (HS256 signed with a public key) are refused; `exp` is
// required; `nbf`, `aud` and (when configured) `iss` are checked.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { QuireError } from '../../common/errors.js';
import { GatewayError } from '../gateway-error.js';
import { grantsOf, type Identity } from './permissions.js';

export interface AuthOptions {
  /** HS256: a file holding the shared secret (at least 32 bytes; surrounding whitespace ignored). */
  readonly secretFile?: string;
  /** RS256 or ES256: a PEM public key (the algorithm follows the key type). */
  readonly publicKeyFile?: string;
  /** RS256/ES256 keys as a JWKS file ({"keys": [...]}). */
  readonly jwksFile?: string;
  /** Required `aud` of every token. */
  readonly audience: string;
  /** Required `iss`, when given. */
  readonly issuer?: string;
  /** Clock skew tolerated on exp/nbf (default 5 s). */
  readonly clockToleranceSeconds?: number;
}

/** Longest Authorization header taken (bytes); a longer one is refused before any parsing. */
export const MAX_TOKEN_BYTES = 16 * 1024;

export type TokenVerifier = (token: string) => Promise<Identity>;

function keyOf(o: AuthOptions): { key: Uint8Array | KeyObject | JWTVerifyGetKey; algorithms: string[] } {
  const given = [o.secretFile, o.publicKeyFile, o.jwksFile].filter((x) => x !== undefined);
  if (given.length !== 1) throw new QuireError('CONFIG_INVALID', 'gateway auth needs exactly one of --auth-secret-file, --auth-public-key-file, --auth-jwks-file');
  if (o.secretFile !== undefined) {
    const secret = Buffer.from(readFileSync(o.secretFile, 'utf8').trim(), 'utf8');
    if (secret.length < 32) throw new QuireError('CONFIG_INVALID', `gateway auth secret in ${o.secretFile} must be at least 32 bytes (HS256)`);
    return { key: new Uint8Array(secret), algorithms: ['HS256'] };
  }
  if (o.publicKeyFile !== undefined) {
    const key = createPublicKey(readFileSync(o.publicKeyFile, 'utf8'));
    const type = key.asymmetricKeyType;
    if (type === 'rsa') return { key, algorithms: ['RS256'] };
    if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, algorithms: ['ES256'] };
    throw new QuireError('CONFIG_INVALID', `gateway auth public key in ${o.publicKeyFile} must be RSA (RS256) or EC P-256 (ES256), got ${type ?? 'unknown'}`);
  }
  const jwks = JSON.parse(readFileSync(o.jwksFile!, 'utf8')) as Parameters<typeof createLocalJWKSet>[0];
  return { key: createLocalJWKSet(jwks), algorithms: ['RS256', 'ES256'] };
}

export function createTokenVerifier(o: AuthOptions): TokenVerifier {
  if (o.audience === '') throw new QuireError('CONFIG_INVALID', 'gateway auth needs an audience (--auth-audience)');
  const { key, algorithms } = keyOf(o);
  const options = { algorithms, audience: o.audience, requiredClaims: ['exp'], clockTolerance: o.clockToleranceSeconds ?? 5, ...(o.issuer !== undefined ? { issuer: o.issuer } : {}) };
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      // One call per key kind: jose types the key-function overload apart.
      payload = typeof key === 'function' ? (await jwtVerify(token, key, options)).payload : (await jwtVerify(token, key, options)).payload;
    } catch (e) {
      // jose's message says what failed (expired, audience, signature) and never echoes the token.
      const why = e instanceof joseErrors.JOSEError ? `${e.code}: ${e.message}` : 'malformed token';
      throw new GatewayError('UNAUTHENTICATED', `bearer token refused (${why})`);
    }
    const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : 'unnamed';
    return { subject, grants: grantsOf(payload.quire) };
  };
}

/** The token of an `Authorization: Bearer <token>` value; UNAUTHENTICATED when absent or malformed. */
export function bearerOf(value: string | undefined): string {
  if (value === undefined || value === '') throw new GatewayError('UNAUTHENTICATED', 'no bearer token (send Authorization: Bearer <token>)');
  if (value.length > MAX_TOKEN_BYTES) throw new GatewayError('UNAUTHENTICATED', `Authorization header longer than ${MAX_TOKEN_BYTES} bytes`);
  const m = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(value);
  if (!m) throw new GatewayError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
  return m[1]!;
}
