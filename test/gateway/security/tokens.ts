// Test tokens: signed with jose at test time, keys in a temp directory (never committed).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Grant } from '../../../gateway/auth/permissions.js';

export const AUDIENCE = 'quire-test';

export interface TokenKit {
  readonly dir: string;
  readonly secretFile: string;
  readonly publicKeyFile: string;
  /** HS256 with the gateway's secret. */
  hs(perms: Grant[], o?: { sub?: string; expSeconds?: number; nbfSeconds?: number; aud?: string; secret?: Uint8Array }): Promise<string>;
  /** RS256 with the gateway's private key. */
  rs(perms: Grant[]): Promise<string>;
  /** An unsigned token (alg none), as an attacker would craft it. */
  none(perms: Grant[]): string;
  cleanup(): void;
}

export function tokenKit(): TokenKit {
  const dir = mkdtempSync(join(tmpdir(), 'quire-auth-'));
  const secret = randomBytes(32).toString('hex');
  const secretFile = join(dir, 'jwt-secret');
  writeFileSync(secretFile, secret + '\n', { mode: 0o600 });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyFile = join(dir, 'jwt-public.pem');
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const now = () => Math.floor(Date.now() / 1000);
  return {
    dir,
    secretFile,
    publicKeyFile,
    async hs(perms, o = {}) {
      const jwt = new SignJWT({ quire: { perms } })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(o.sub ?? 'tester')
        .setAudience(o.aud ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(now() + (o.expSeconds ?? 600));
      if (o.nbfSeconds !== undefined) jwt.setNotBefore(now() + o.nbfSeconds);
      return jwt.sign(o.secret ?? new Uint8Array(Buffer.from(secret, 'utf8')));
    },
    async rs(perms) {
      return new SignJWT({ quire: { perms } }).setProtectedHeader({ alg: 'RS256' }).setSubject('rsa-tester').setAudience(AUDIENCE).setExpirationTime(now() + 600).sign(privateKey);
    },
    none(perms) {
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', aud: AUDIENCE, exp: now() + 600, quire: { perms } })}.`;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
