// The peer listener's own credential: a secret shared by the gateway instances of one cluster
// (a file, at least 32 bytes), never a client token. Every peer call carries
//   Authorization: Bearer quire-peer.<gatewayId>.<unix seconds>.<hex HMAC-SHA256>
// over gatewayId, time, method and path; the owner accepts it within MAX_SKEW_SECONDS of its clock
// and compares in constant time. It proves the caller holds the secret; the body is not covered
// (run the peer port on a private network, docs/security.md).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { QuireError } from '../../common/errors.js';
import { GatewayError } from '../gateway-error.js';

export const MAX_SKEW_SECONDS = 300;
const SCHEME = /^Bearer quire-peer\.([A-Za-z0-9._:-]{1,128})\.([0-9]{1,12})\.([0-9a-f]{64})$/;

export class PeerCredential {
  private constructor(private readonly secret: Buffer) {}

  static fromFile(path: string): PeerCredential {
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
    if (secret.length < 32) throw new QuireError('CONFIG_INVALID', `peer secret in ${path} must be at least 32 bytes`);
    return new PeerCredential(secret);
  }

  private mac(gatewayId: string, seconds: string, method: string, path: string): Buffer {
    return createHmac('sha256', this.secret).update(`${gatewayId}\n${seconds}\n${method}\n${path}`).digest();
  }

  /** The Authorization header value of one call. */
  authorization(gatewayId: string, method: string, path: string, nowMs = Date.now()): string {
    const seconds = String(Math.floor(nowMs / 1000));
    return `Bearer quire-peer.${gatewayId}.${seconds}.${this.mac(gatewayId, seconds, method, path).toString('hex')}`;
  }

  /** The calling instance's id, or UNAUTHENTICATED. */
  verify(header: string | undefined, method: string, path: string, nowMs = Date.now()): string {
    const m = header === undefined ? null : SCHEME.exec(header);
    if (!m) throw new GatewayError('UNAUTHENTICATED', 'peer call without the peer credential');
    const [, gatewayId, seconds, hex] = m as unknown as [string, string, string, string];
    if (Math.abs(Number(seconds) - nowMs / 1000) > MAX_SKEW_SECONDS) throw new GatewayError('UNAUTHENTICATED', `peer credential outside the ${MAX_SKEW_SECONDS} s window`);
    if (!timingSafeEqual(Buffer.from(hex, 'hex'), this.mac(gatewayId, seconds, method, path))) throw new GatewayError('UNAUTHENTICATED', 'peer credential does not match the peer secret');
    return gatewayId;
  }
}
