// The verifier with each key kind: RS256 public key file, ES256 in a JWKS file; algorithm
// confusion (HS256 "signed" with the public key) and a token without exp are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, SignJWT } from 'jose';
import { isQuireError } from '../../common/errors.js';
import { createTokenVerifier } from './token-verifier.js';

const unauthenticated = (e: unknown) => isQuireError(e, 'UNAUTHENTICATED');
const exp = () => Math.floor(Date.now() / 1000) + 600;

test('RS256 with a public key file; HS256 signed with that public key is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-verifier-'));
  try {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    writeFileSync(join(dir, 'pub.pem'), pem);
    const verify = createTokenVerifier({ publicKeyFile: join(dir, 'pub.pem'), audience: 'a' });
    const good = await new SignJWT({ quire: { perms: [{ actions: ['read'], ledgers: '*' }] } }).setProtectedHeader({ alg: 'RS256' }).setSubject('s').setAudience('a').setExpirationTime(exp()).sign(privateKey);
    assert.deepEqual(await verify(good), { subject: 's', grants: [{ actions: ['read'], ledgers: '*' }] });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'm', aud: 'a', exp: exp() })}`;
    const confused = `${body}.${createHmac('sha256', pem).update(body).digest('base64url')}`;
    await assert.rejects(verify(confused), unauthenticated);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setAudience('a').sign(privateKey);
    await assert.rejects(verify(noExp), unauthenticated);
    const badClaim = await new SignJWT({ quire: { perms: [{ actions: ['root'] }] } }).setProtectedHeader({ alg: 'RS256' }).setAudience('a').setExpirationTime(exp()).sign(privateKey);
    await assert.rejects(verify(badClaim), unauthenticated);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ES256 from a JWKS file, chosen by kid; an unknown kid is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-verifier-'));
  try {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
    const verify = createTokenVerifier({ jwksFile: join(dir, 'jwks.json'), audience: 'a', issuer: 'idp' });
    const sign = (kid: string, iss: string) => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setSubject('e').setIssuer(iss).setAudience('a').setExpirationTime(exp()).sign(privateKey);
    assert.equal((await verify(await sign('k1', 'idp'))).subject, 'e');
    await assert.rejects(verify(await sign('k2', 'idp')), unauthenticated);
    await assert.rejects(verify(await sign('k1', 'other-idp')), unauthenticated);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
